using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamLab.Core.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddFrameSsim : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "ssim",
                table: "frames",
                type: "double precision",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ssim",
                table: "frames");
        }
    }
}
