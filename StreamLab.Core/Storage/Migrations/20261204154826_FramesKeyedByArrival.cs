using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamLab.Core.Storage.Migrations
{
    /// <summary>
    /// frames becomes a WITHOUT ROWID table keyed by (record_id, recv_wall_us, seq), with no second index, and keeps the
    /// user timestamp as <c>latency_us = recv_wall_us − user_ts_us</c> (70 → ~47 B/row in <c>bench ingest</c>).
    /// </summary>
    /// <remarks>
    /// Written by hand from the generated operations: EF Core cannot say WITHOUT ROWID, and its SQLite table rebuild
    /// would not convert the rows. Existing rows are copied in key order; frames of one record that share a receive
    /// microsecond get seq 0, 1, … in the order of their old id, so no row is lost. The model snapshot is EF's own.
    /// On PostgreSQL the same key is an ordinary PRIMARY KEY (a heap plus its b-tree; CLUSTER orders the heap once).
    /// </remarks>
    public partial class FramesKeyedByArrival : Migration
    {
        private const string Columns =
            "frame_id, width, height, size_bytes, decode_us, encode_us, quality, psnr_db";

        /// <summary>
        /// <c>a − b</c> wrapped to 64 bits as C#'s unchecked subtraction does (SQLite would turn an overflow into a REAL),
        /// so that even an absurd user timestamp comes back exactly. A NULL operand gives NULL.
        /// </summary>
        internal static string WrappingDifference(string a, string b) => $"""
            CASE WHEN typeof({a} - {b}) <> 'real' THEN {a} - {b}
                 WHEN {b} < 0 THEN ({a} + (-9223372036854775807 - 1)) - (({b} + 9223372036854775807) + 1)
                 ELSE (({a} + 9223372036854775807) + 1) - ({b} + (-9223372036854775807 - 1)) END
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE frames_by_arrival (
                    record_id INTEGER NOT NULL,
                    recv_wall_us INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    frame_id INTEGER NOT NULL,
                    latency_us INTEGER NULL,
                    width INTEGER NOT NULL,
                    height INTEGER NOT NULL,
                    size_bytes INTEGER NULL,
                    decode_us REAL NULL,
                    encode_us REAL NULL,
                    quality REAL NULL,
                    psnr_db REAL NULL,
                    CONSTRAINT PK_frames PRIMARY KEY (record_id, recv_wall_us, seq),
                    CONSTRAINT FK_frames_records_record_id FOREIGN KEY (record_id) REFERENCES records (id) ON DELETE CASCADE
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql($"""
                INSERT INTO frames_by_arrival (record_id, recv_wall_us, seq, latency_us, {Columns})
                SELECT record_id, recv_wall_us, row_number() OVER (PARTITION BY record_id, recv_wall_us ORDER BY id) - 1,
                       {WrappingDifference("recv_wall_us", "user_ts_us")}, {Columns}
                FROM frames ORDER BY record_id, recv_wall_us, id;
                """);
            migrationBuilder.Sql("DROP TABLE frames;");
            migrationBuilder.Sql("ALTER TABLE frames_by_arrival RENAME TO frames;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE frames_by_id (
                    id INTEGER NOT NULL CONSTRAINT PK_frames PRIMARY KEY,
                    record_id INTEGER NOT NULL,
                    recv_wall_us INTEGER NOT NULL,
                    frame_id INTEGER NOT NULL,
                    user_ts_us INTEGER NULL,
                    width INTEGER NOT NULL,
                    height INTEGER NOT NULL,
                    size_bytes INTEGER NULL,
                    decode_us REAL NULL,
                    encode_us REAL NULL,
                    quality REAL NULL,
                    psnr_db REAL NULL,
                    CONSTRAINT FK_frames_records_record_id FOREIGN KEY (record_id) REFERENCES records (id) ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql($"""
                INSERT INTO frames_by_id (record_id, recv_wall_us, user_ts_us, {Columns})
                SELECT record_id, recv_wall_us, {WrappingDifference("recv_wall_us", "latency_us")}, {Columns}
                FROM frames ORDER BY record_id, recv_wall_us, seq;
                """);
            migrationBuilder.Sql("DROP TABLE frames;");
            migrationBuilder.Sql("ALTER TABLE frames_by_id RENAME TO frames;");
            migrationBuilder.Sql("CREATE INDEX IX_frames_record_id_recv_wall_us ON frames (record_id, recv_wall_us);");
        }
    }
}
