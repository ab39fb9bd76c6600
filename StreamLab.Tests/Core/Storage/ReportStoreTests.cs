using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

/// <summary>Reports and campaign deletion on each provider (subclasses at the end of the file).</summary>
public abstract class ReportStoreTests(StoreProvider provider) : IAsyncLifetime
{
    private readonly StoreFixture _db = new(provider);
    private ReportStore _reports = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _reports = new ReportStore(_db.Store.Database);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private static NewReport Report(string data = """{"points":[1,2,3]}""", string campaign = "c1") =>
        new("matrix", "fps by bitrate", campaign, """{"kind":"matrix","sourceUrl":"/matrix?campaign=c1"}""", data);

    [Fact]
    public async Task Create_ThenGet_ReturnsTheSameReportWithTheSha256OfItsData()
    {
        var created = await _reports.CreateAsync(Report("abc"));

        var read = await _reports.GetAsync(created.Slug);

        Assert.Equal(created, read);
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", read!.DataHash);
        Assert.Equal("abc", read.DataJson);
        Assert.Equal("c1", read.Campaign);
        Assert.Equal("matrix", read.Kind);
    }

    [Fact]
    public void Slug_Is128RandomBitsInLowerCaseBase32()
    {
        var slugs = Enumerable.Range(0, 2000).Select(_ => ReportSlug.New()).ToList();

        Assert.All(slugs, s => Assert.Matches("^[a-z2-7]{26}$", s));
        Assert.Equal(slugs.Count, slugs.Distinct().Count());
        // Every base32 symbol shows up in the first 25 characters (the 26th holds only 3 bits): the bits are spread.
        Assert.Equal(32, slugs.SelectMany(s => s[..25]).Distinct().Count());
        // RFC 4648 test vector, lower-cased and unpadded: "foobar" → MZXW6YTBOI.
        Assert.Equal("mzxw6ytboi", ReportSlug.Base32("foobar"u8));
    }

    [Fact]
    public async Task Get_UnknownOrMalformedSlug_IsNull()
    {
        await _reports.CreateAsync(Report());

        Assert.Null(await _reports.GetAsync(ReportSlug.New()));
        Assert.Null(await _reports.GetAsync("' OR 1=1 --"));
        Assert.Null(await _reports.GetAsync(""));
    }

    [Fact]
    public async Task List_IsNewestFirst_AndDeleteRemovesOnlyThatReport()
    {
        var first = await _reports.CreateAsync(Report("1"));
        var second = await _reports.CreateAsync(Report("2"));

        Assert.Equal([second.Slug, first.Slug], (await _reports.ListAsync()).Select(r => r.Slug));
        Assert.True(await _reports.DeleteAsync(first.Slug));
        Assert.False(await _reports.DeleteAsync(first.Slug));
        Assert.Equal([second.Slug], (await _reports.ListAsync()).Select(r => r.Slug));
        Assert.Null(await _reports.GetAsync(first.Slug));
    }

    [Fact]
    public async Task DeleteCampaign_RemovesRecordsRawRowsAndOwnFolders_ButKeepsReportsOtherCampaignsAndForeignFolders()
    {
        var (campaignId, recordId) = await _db.StartRecordAsync("gone");
        var (_, importedId) = await _db.StartRecordAsync("gone", point: "bitrate=2");
        var (otherCampaign, otherRecord) = await _db.StartRecordAsync("kept");
        var ownFolder = Path.Combine(_db.DataDir, "records", recordId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var foreignFolder = Path.Combine(Path.GetTempPath(), "streamlab-tests", "harness-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(ownFolder);
        Directory.CreateDirectory(foreignFolder);
        File.WriteAllText(Path.Combine(ownFolder, "frames.csv"), "x");
        await _db.Store.SetRecordDirAsync(recordId, ownFolder);
        await _db.Store.SetRecordDirAsync(importedId, foreignFolder);
        await using (var raw = _db.Store.CreateRawWriter())
        {
            raw.Add(new FrameRow(recordId, 1, 1, 0, 1, 1));
            raw.Add(new EventRow(recordId, 1, "burst_on", null));
            raw.Add(new SampleRow(recordId, "cpu_pct", 1, 1, false));
            raw.Add(new FrameRow(otherRecord, 1, 1, 0, 1, 1));
            await raw.FlushAsync();
        }
        await _db.Store.FinishRecordAsync(recordId, RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch, new Dictionary<string, double> { ["fps_mean"] = 1 });
        var report = await _reports.CreateAsync(Report(campaign: "gone"));

        try
        {
            Assert.True(await _db.Store.DeleteCampaignAsync(campaignId));

            Assert.Null(await _db.Store.FindCampaignAsync("gone"));
            Assert.Null(await _db.Store.GetRecordAsync(recordId));
            Assert.Equal(0, _db.Count($"SELECT COUNT(*) FROM frames WHERE record_id = {recordId}"));
            Assert.Equal(0, _db.Count($"SELECT COUNT(*) FROM events WHERE record_id = {recordId}"));
            Assert.Equal(0, _db.Count($"SELECT COUNT(*) FROM samples WHERE record_id = {recordId}"));
            Assert.Equal(0, _db.Count($"SELECT COUNT(*) FROM summaries WHERE record_id = {recordId}"));
            Assert.False(Directory.Exists(ownFolder));
            Assert.True(Directory.Exists(foreignFolder), "an imported record's folder belongs to the user");
            Assert.NotNull(await _db.Store.GetRecordAsync(otherRecord));
            Assert.Equal(1, _db.Count($"SELECT COUNT(*) FROM frames WHERE record_id = {otherRecord}"));
            Assert.NotNull(await _db.Store.GetCampaignAsync(otherCampaign));
            Assert.Equal(report, await _reports.GetAsync(report.Slug));
            Assert.False(await _db.Store.DeleteCampaignAsync(campaignId));
        }
        finally
        {
            Directory.Delete(foreignFolder, recursive: true);
        }
    }
}

public sealed class ReportStoreTestsOnSqlite() : ReportStoreTests(StoreProvider.Sqlite);

public sealed class ReportStoreTestsOnPostgres() : ReportStoreTests(StoreProvider.Postgres);
