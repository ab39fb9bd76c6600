using System.Text;
using Microsoft.EntityFrameworkCore;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Storage;

/// <summary>
/// The EF Core model of the results database (schema and migrations; raw rows bypass change tracking). This class is
/// SQLite's context (its migrations in <c>Migrations/</c>); <see cref="Postgres.PostgresStreamLabDbContext"/> derives
/// from it with PostgreSQL's few differences and its own migrations.
/// </summary>
public class StreamLabDbContext : DbContext
{
    public StreamLabDbContext(DbContextOptions<StreamLabDbContext> options) : base(options)
    {
    }

    /// <summary>For a provider's subclass, whose options name the subclass (so EF Core finds that provider's migrations).</summary>
    protected StreamLabDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<CampaignEntity> Campaigns => Set<CampaignEntity>();
    public DbSet<RecordEntity> Records => Set<RecordEntity>();
    public DbSet<SummaryEntity> Summaries => Set<SummaryEntity>();
    public DbSet<SeriesEntity> Series => Set<SeriesEntity>();
    public DbSet<ReportEntity> Reports => Set<ReportEntity>();
    public DbSet<TargetVersionEntity> TargetVersions => Set<TargetVersionEntity>();
    public DbSet<FrameDigestEntity> FrameDigests => Set<FrameDigestEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CampaignEntity>(b =>
        {
            b.ToTable("campaigns");
            b.HasIndex(c => c.Name).IsUnique();
        });

        modelBuilder.Entity<RecordEntity>(b =>
        {
            b.ToTable("records");
            // Lower-case text so hand-written SQL reads naturally: WHERE status = 'running'.
            b.Property(r => r.Status).HasConversion(v => v.ToString().ToLowerInvariant(), v => Enum.Parse<RecordStatus>(v, true));
            b.HasOne(r => r.Campaign).WithMany(c => c.Records).HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(r => new { r.CampaignId, r.PointKey, r.Repetition });
            b.HasIndex(r => r.Status);
        });

        modelBuilder.Entity<SummaryEntity>(b =>
        {
            b.ToTable("summaries");
            b.HasKey(s => new { s.RecordId, s.Metric });
            b.HasOne<RecordEntity>().WithMany(r => r.Summaries).HasForeignKey(s => s.RecordId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SeriesEntity>(b =>
        {
            b.ToTable("series");
            b.HasIndex(s => s.Name).IsUnique();
        });

        modelBuilder.Entity<TargetVersionEntity>(b =>
        {
            b.ToTable("target_versions");
            b.HasOne<CampaignEntity>().WithMany().HasForeignKey(t => t.CampaignId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(t => new { t.CampaignId, t.Version }).IsUnique();
        });

        // Raw tables. samples and events: rowid tables with a plain rowid alias id (no AUTOINCREMENT bookkeeping) and one
        // index led by record_id for per-record reads and cascade deletes. samples.series_id has no foreign key: the
        // writer owns the ids and a per-row check would cost ingest speed for nothing.
        modelBuilder.Entity<SampleEntity>(b =>
        {
            b.ToTable("samples");
            b.Property(s => s.Id).ValueGeneratedNever();
            b.HasOne<RecordEntity>().WithMany().HasForeignKey(s => s.RecordId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(s => new { s.RecordId, s.TUs });
        });

        // frames: the key (record, receive time, seq) is the table's order, with no rowid and no second index (the
        // migration AddFramesByArrival creates it WITHOUT ROWID, which EF Core cannot express; FramesLayoutTests checks it).
        modelBuilder.Entity<FrameEntity>(b =>
        {
            b.ToTable("frames");
            b.HasKey(f => new { f.RecordId, f.RecvWallUs, f.Seq });
            b.HasOne<RecordEntity>().WithMany().HasForeignKey(f => f.RecordId).OnDelete(DeleteBehavior.Cascade);
        });

        // One row per finished record, replaced when recomputed; it goes with its record.
        modelBuilder.Entity<FrameDigestEntity>(b =>
        {
            b.ToTable("frame_digests");
            b.HasKey(d => d.RecordId);
            b.Property(d => d.RecordId).ValueGeneratedNever();
            b.HasOne<RecordEntity>().WithOne().HasForeignKey<FrameDigestEntity>(d => d.RecordId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<EventEntity>(b =>
        {
            b.ToTable("events");
            b.Property(e => e.Id).ValueGeneratedNever();
            b.HasOne<RecordEntity>().WithMany().HasForeignKey(e => e.RecordId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(e => new { e.RecordId, e.TUs });
        });

        // Reports copy the campaign's name rather than reference it: a report outlives its campaign's records.
        modelBuilder.Entity<ReportEntity>(b =>
        {
            b.ToTable("reports");
            b.HasIndex(r => r.Slug).IsUnique();
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    /// <summary><c>RecvWallUs</c> → <c>recv_wall_us</c>, <c>T0Us</c> → <c>t0_us</c>, <c>TUs</c> → <c>t_us</c>.</summary>
    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                var prev = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(prev) || char.IsDigit(prev) || (char.IsUpper(prev) && nextIsLower))
                {
                    sb.Append('_');
                }
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
