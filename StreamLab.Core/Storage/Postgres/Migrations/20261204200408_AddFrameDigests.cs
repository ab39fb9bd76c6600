using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamLab.Core.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddFrameDigests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "frame_digests",
                columns: table => new
                {
                    record_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_frame_digests", x => x.record_id);
                    table.ForeignKey(
                        name: "FK_frame_digests_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "frame_digests");
        }
    }
}
