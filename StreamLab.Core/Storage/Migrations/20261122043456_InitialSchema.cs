using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamLab.Core.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "campaigns",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    yaml = table.Column<string>(type: "TEXT", nullable: false),
                    source_path = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaigns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "series",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_series", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "records",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    campaign_id = table.Column<long>(type: "INTEGER", nullable: false),
                    point_key = table.Column<string>(type: "TEXT", nullable: false),
                    params_json = table.Column<string>(type: "TEXT", nullable: false),
                    repetition = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    t0_us = table.Column<long>(type: "INTEGER", nullable: true),
                    t1_us = table.Column<long>(type: "INTEGER", nullable: true),
                    record_dir = table.Column<string>(type: "TEXT", nullable: true),
                    host_json = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.id);
                    table.ForeignKey(
                        name: "FK_records_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    record_id = table.Column<long>(type: "INTEGER", nullable: false),
                    t_us = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    detail = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_events_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "frames",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    record_id = table.Column<long>(type: "INTEGER", nullable: false),
                    recv_wall_us = table.Column<long>(type: "INTEGER", nullable: false),
                    frame_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_ts_us = table.Column<long>(type: "INTEGER", nullable: true),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: true),
                    decode_us = table.Column<double>(type: "REAL", nullable: true),
                    encode_us = table.Column<double>(type: "REAL", nullable: true),
                    quality = table.Column<double>(type: "REAL", nullable: true),
                    psnr_db = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_frames", x => x.id);
                    table.ForeignKey(
                        name: "FK_frames_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "samples",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    record_id = table.Column<long>(type: "INTEGER", nullable: false),
                    series_id = table.Column<long>(type: "INTEGER", nullable: false),
                    t_us = table.Column<long>(type: "INTEGER", nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false),
                    warmup = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_samples", x => x.id);
                    table.ForeignKey(
                        name: "FK_samples_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "summaries",
                columns: table => new
                {
                    record_id = table.Column<long>(type: "INTEGER", nullable: false),
                    metric = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_summaries", x => new { x.record_id, x.metric });
                    table.ForeignKey(
                        name: "FK_summaries_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_campaigns_name",
                table: "campaigns",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_events_record_id_t_us",
                table: "events",
                columns: new[] { "record_id", "t_us" });

            migrationBuilder.CreateIndex(
                name: "IX_frames_record_id_recv_wall_us",
                table: "frames",
                columns: new[] { "record_id", "recv_wall_us" });

            migrationBuilder.CreateIndex(
                name: "IX_records_campaign_id_point_key_repetition",
                table: "records",
                columns: new[] { "campaign_id", "point_key", "repetition" });

            migrationBuilder.CreateIndex(
                name: "IX_records_status",
                table: "records",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_samples_record_id_t_us",
                table: "samples",
                columns: new[] { "record_id", "t_us" });

            migrationBuilder.CreateIndex(
                name: "IX_series_name",
                table: "series",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "frames");

            migrationBuilder.DropTable(
                name: "samples");

            migrationBuilder.DropTable(
                name: "series");

            migrationBuilder.DropTable(
                name: "summaries");

            migrationBuilder.DropTable(
                name: "records");

            migrationBuilder.DropTable(
                name: "campaigns");
        }
    }
}
