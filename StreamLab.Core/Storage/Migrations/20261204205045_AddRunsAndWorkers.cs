using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamLab.Core.Storage.Migrations
{
    /// <inheritdoc />
    public partial class AddRunsAndWorkers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempt",
                table: "records",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_until",
                table: "records",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "run_id",
                table: "records",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "worker_id",
                table: "records",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    campaign_id = table.Column<long>(type: "INTEGER", nullable: false),
                    label = table.Column<string>(type: "TEXT", nullable: true),
                    revision = table.Column<string>(type: "TEXT", nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    yaml = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", nullable: false),
                    streamlab_version = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_runs", x => x.id);
                    table.ForeignKey(
                        name: "FK_runs_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    host = table.Column<string>(type: "TEXT", nullable: false),
                    pid = table.Column<int>(type: "INTEGER", nullable: false),
                    pod = table.Column<string>(type: "TEXT", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    current_record_id = table.Column<long>(type: "INTEGER", nullable: true),
                    records_done = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workers", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_records_run_id_status",
                table: "records",
                columns: new[] { "run_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_runs_campaign_id",
                table: "runs",
                column: "campaign_id");

            migrationBuilder.AddForeignKey(
                name: "FK_records_runs_run_id",
                table: "records",
                column: "run_id",
                principalTable: "runs",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            // Written by hand (the one addition to the generated code): each campaign's existing records become its first
            // run, finished, with the campaign file as it is now (older files were not kept). Imported records join it too.
            migrationBuilder.Sql("""
                INSERT INTO runs (campaign_id, yaml, created_at, state, streamlab_version)
                SELECT c.id, c.yaml, COALESCE((SELECT MIN(r.started_at) FROM records r WHERE r.campaign_id = c.id), c.created_at),
                       'finished', 'before runs'
                FROM campaigns c WHERE EXISTS (SELECT 1 FROM records r WHERE r.campaign_id = c.id);
                UPDATE records SET run_id = (SELECT u.id FROM runs u WHERE u.campaign_id = records.campaign_id);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // By hand: without this, dropping runs would cascade (ON DELETE CASCADE) to every record and its raw rows.
            migrationBuilder.Sql("UPDATE records SET run_id = NULL");

            migrationBuilder.DropForeignKey(
                name: "FK_records_runs_run_id",
                table: "records");

            migrationBuilder.DropTable(
                name: "runs");

            migrationBuilder.DropTable(
                name: "workers");

            migrationBuilder.DropIndex(
                name: "IX_records_run_id_status",
                table: "records");

            migrationBuilder.DropColumn(
                name: "attempt",
                table: "records");

            migrationBuilder.DropColumn(
                name: "lease_until",
                table: "records");

            migrationBuilder.DropColumn(
                name: "run_id",
                table: "records");

            migrationBuilder.DropColumn(
                name: "worker_id",
                table: "records");
        }
    }
}
