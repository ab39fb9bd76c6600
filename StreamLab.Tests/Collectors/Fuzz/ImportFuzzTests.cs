using System.Diagnostics;
using System.IO.Compression;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamLab.Collectors.Import;
using StreamLab.Core;
using StreamLab.Core.Import;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Security;
using Xunit.Abstractions;

namespace StreamLab.Tests.Collectors.Fuzz;

/// <summary>
/// Fuzzed run folders and zips through the real importer into a real SQLite file: whatever the input, an import
/// stores exactly what it reports (campaign, records, frames, samples, events, summaries) or nothing at all, and a
/// rejected upload leaves no files behind.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ImportFuzzTests : IDisposable
{
    private const int Imports = 400;
    /// <summary>An import of three folders takes ~50 ms; seconds only on a starved machine; a hang is far beyond.</summary>
    private static readonly TimeSpan PerImport = TimeSpan.FromSeconds(30);
    private const int Uploads = 300;

    private readonly ITestOutputHelper _output;
    private readonly TempDir _dir = new();
    private readonly StreamLabPaths _paths;
    private readonly RunFolderImporter _importer;
    private readonly Random _random = new(21);
    private readonly InputMutator _meta = new(FuzzSeeds.Meta(), 22);
    private readonly InputMutator _frames = new(FuzzSeeds.Frames(), 23);
    private readonly InputMutator _samples = new(FuzzSeeds.Samples(), 24);
    private readonly InputMutator _events = new(FuzzSeeds.Events(), 25);

    public ImportFuzzTests(ITestOutputHelper output)
    {
        _output = output;
        _paths = new StreamLabPaths(Path.Combine(_dir.Path, "data"));
        var store = ResultStore.OpenSqlite(_paths.DataDirectory);
        store.MigrateAsync().GetAwaiter().GetResult();
        _importer = new RunFolderImporter(new RecordImporter(store, TimeProvider.System), NullLogger<RunFolderImporter>.Instance);
    }

    /// <summary>No token is set, so ChangeAccess never asks who the user is; this answers if it did.</summary>
    private sealed class Anonymous : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private readonly record struct Counts(long Campaigns, long Records, long Frames, long Samples, long Events, long Summaries);

    private async Task<Counts> CountAsync()
    {
        await using var connection = SqliteSetup.Open(SqliteSetup.ConnectionString(Path.Combine(_paths.DataDirectory, SqliteSetup.FileName)));
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM campaigns), (SELECT COUNT(*) FROM records), (SELECT COUNT(*) FROM frames), " +
                              "(SELECT COUNT(*) FROM samples), (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM summaries)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>A run folder's files: mostly valid seeds (so some imports succeed), the rest fuzzed.</summary>
    private Dictionary<string, byte[]> FolderFiles(int id)
    {
        byte[] Pick(InputMutator fuzzed, IReadOnlyList<byte[]> seeds) => _random.Next(4) == 0 ? fuzzed.Next() : seeds[_random.Next(seeds.Count)];
        var files = new Dictionary<string, byte[]>
        {
            [RunFolderLayout.Meta] = _random.Next(4) == 0 ? _meta.Next() : System.Text.Encoding.UTF8.GetBytes($"RUN={id}\nT0_US=1712000001000000\nT1_US=1712000011000000\n"),
        };
        if (_random.Next(3) > 0) files[RunFolderLayout.Frames] = Pick(_frames, FuzzSeeds.Frames());
        if (_random.Next(3) > 0) files[RunFolderLayout.Samples] = Pick(_samples, FuzzSeeds.Samples());
        if (_random.Next(3) > 0) files[RunFolderLayout.Events] = Pick(_events, FuzzSeeds.Events());
        return files;
    }

    private ImportOptions Options() => new($"fuzz-{_random.Next(5)}", Lenient: _random.Next(3) == 0,
        Counters: _random.Next(2) == 0 ? ["livekit_nack_total"] : [], AllOrNothing: _random.Next(2) == 0);

    private static void AssertStoredExactly(Counts before, Counts after, IReadOnlyList<FolderOutcome> stored)
    {
        if (stored.Count == 0)
        {
            Assert.Equal(before, after);
            return;
        }
        Assert.InRange(after.Campaigns - before.Campaigns, 0, 1);
        Assert.Equal(before with { Campaigns = after.Campaigns }, after with
        {
            Records = after.Records - stored.Count,
            Frames = after.Frames - stored.Sum(f => f.Frames),
            Samples = after.Samples - stored.Sum(f => f.Samples),
            Events = after.Events - stored.Sum(f => f.Events),
            Summaries = after.Summaries - stored.Sum(f => f.Summary.Count),
        });
    }

    [Fact]
    public async Task FuzzedRunFolders_400Imports_EachStoresAllItReportsOrNothing()
    {
        var clock = Stopwatch.StartNew();
        var (accepted, rejected, slowest) = (0, 0, TimeSpan.Zero);
        for (var i = 0; i < Imports; i++)
        {
            var dirs = new List<string>();
            for (var f = _random.Next(1, 4); f > 0; f--)
            {
                var dir = Path.Combine(_dir.Path, "in", $"{i}-{f}");
                Directory.CreateDirectory(dir);
                foreach (var (name, bytes) in FolderFiles(i * 10 + f)) await File.WriteAllBytesAsync(Path.Combine(dir, name), bytes);
                dirs.Add(dir);
            }
            var options = Options();
            var before = await CountAsync();
            var one = Stopwatch.StartNew();

            var report = await _importer.ImportAsync(dirs, options);

            slowest = one.Elapsed > slowest ? one.Elapsed : slowest;
            Assert.True(one.Elapsed < PerImport, $"import {i} took {one.Elapsed}");
            var stored = report.Folders.Where(f => f.Imported).ToList();
            AssertStoredExactly(before, await CountAsync(), stored);
            Assert.True(!options.AllOrNothing || stored.Count is 0 || stored.Count == dirs.Count, $"import {i} stored part of an all-or-nothing import");
            accepted += stored.Count;
            rejected += dirs.Count - stored.Count;
            Directory.Delete(Path.Combine(_dir.Path, "in"), recursive: true);
        }
        _output.WriteLine($"{Imports:N0} imports of 1-3 fuzzed folders: {accepted:N0} folders stored, {rejected:N0} rejected, 0 partial; " +
                          $"{clock.Elapsed.TotalSeconds:N1} s, slowest import {slowest.TotalMilliseconds:N0} ms; {await CountAsync()}");
        Assert.True(accepted > Imports / 10 && rejected > Imports / 10, "the fuzzed folders should be neither all good nor all bad");
    }

    [Fact]
    public async Task FuzzedZips_300Uploads_NeverThrow_AndARejectedOneLeavesNothing()
    {
        var upload = new RunFolderUpload(_importer, _paths, TimeProvider.System,
            new ChangeAccess(new AccessToken(null), new Anonymous()));
        var zips = new InputMutator([Zip(0), Zip(1), Zip(2)], 26);
        var clock = Stopwatch.StartNew();
        var (accepted, rejected) = (0, 0);
        for (var i = 0; i < Uploads; i++)
        {
            var bytes = _random.Next(3) == 0 ? Zip(i) : zips.Next();
            var before = await CountAsync();
            var staged = Directory.Exists(upload.UploadsDirectory) ? Directory.GetFileSystemEntries(upload.UploadsDirectory).Length : 0;

            var result = await upload.ImportAsync([new UploadedFile("runs.zip", new MemoryStream(bytes))], Options() with { Campaign = null });

            var after = await CountAsync();
            if (result.Imported)
            {
                accepted++;
                Assert.Equal(before.Records + result.RecordIds.Count, after.Records);
                Assert.Equal(staged + 1, Directory.GetFileSystemEntries(upload.UploadsDirectory).Length);
            }
            else
            {
                rejected++;
                Assert.Equal(before, after);
                Assert.NotEmpty(result.Problems);
                Assert.Equal(staged, Directory.Exists(upload.UploadsDirectory) ? Directory.GetFileSystemEntries(upload.UploadsDirectory).Length : 0);
            }
        }
        _output.WriteLine($"{Uploads} fuzzed zip uploads: {accepted} stored, {rejected} rejected with nothing left behind; {clock.Elapsed.TotalSeconds:N1} s");
        Assert.True(accepted > 0 && rejected > Uploads / 3);
    }

    private byte[] Zip(int id)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var folder in new[] { "runs/a", "runs/b" })
            {
                foreach (var (name, bytes) in FolderFiles(id))
                {
                    using var entry = archive.CreateEntry($"{folder}/{name}").Open();
                    entry.Write(bytes);
                }
            }
        }
        return zip.ToArray();
    }
}
