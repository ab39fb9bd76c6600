using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using StreamLab.Core.Storage.Model;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>
/// The same model on PostgreSQL, with its own migrations (<c>Postgres/Migrations/</c>). Two differences: samples and
/// events get their ids from an identity column (SQLite's rowid does it there), and times are written in UTC
/// (<c>timestamptz</c> accepts no other offset).
/// </summary>
public sealed class PostgresStreamLabDbContext(DbContextOptions<PostgresStreamLabDbContext> options) : StreamLabDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<SampleEntity>().Property(s => s.Id).ValueGeneratedOnAdd().UseIdentityByDefaultColumn();
        modelBuilder.Entity<EventEntity>().Property(e => e.Id).ValueGeneratedOnAdd().UseIdentityByDefaultColumn();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
