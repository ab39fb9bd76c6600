using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamLab.Core.Storage.Migrations
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
                type: "REAL",
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
