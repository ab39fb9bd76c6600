using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace StreamLab.Core.Storage.Postgres;

/// <summary>Lets <c>dotnet ef … --context PostgresStreamLabDbContext</c> build the model (no server is contacted).</summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresStreamLabDbContext>
{
    public PostgresStreamLabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStreamLabDbContext>().UseNpgsql("Host=localhost;Database=streamlab_design").Options);
}
