using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace StreamLab.Core.Storage;

/// <summary>Lets <c>dotnet ef</c> build the model without the web app (migrations only; never used at run time).</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<StreamLabDbContext>
{
    public StreamLabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<StreamLabDbContext>()
            .UseSqlite(SqliteSetup.ConnectionString(Path.Combine(Path.GetTempPath(), "streamlab-design.db")))
            .Options);
}
