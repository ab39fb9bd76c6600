using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StreamLab.Core.Import;

namespace StreamLab.Tests.Web.Api;

/// <summary><c>POST /api/import</c> against the real app: multipart folders, a zip body, and a corrupt folder rejected with nothing stored.</summary>
public class ImportEndpointsTests
{
    private const long T0 = 1_717_171_717_000_000;

    private static Dictionary<string, string> Folder(string name, int bitrate, string? badFrameLine = null)
    {
        var frames = new StringBuilder("recv_wall_us,frame_id,user_timestamp_us,width,height\n");
        for (var i = 0; i < 50; i++)
        {
            var recv = T0 + i * 40_000;
            frames.Append($"{recv},{i},{recv - 20_000 - bitrate},1280,720\n");
            if (i == 1 && badFrameLine is not null) frames.Append(badFrameLine).Append('\n');
        }
        return new()
        {
            [$"{name}/meta.env"] = $"BITRATE={bitrate}\nT0_US={T0}\nT1_US={T0 + 2_000_000}\n",
            [$"{name}/frames.csv"] = frames.ToString(),
            [$"{name}/events.csv"] = $"wall_us,event\n{T0 + 100_000},burst_on\n{T0 + 900_000},burst_off\n",
        };
    }

    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> files, string? campaign)
    {
        var content = new MultipartFormDataContent();
        foreach (var (path, text) in files)
        {
            content.Add(new StringContent(text), "files", path);
        }
        if (campaign is not null) content.Add(new StringContent(campaign), "campaign");
        return content;
    }

    [Fact]
    public async Task Import_TwoFoldersAsMultipart_Returns201WithTheRecordIds()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.Http.PostAsync("/api/import", Multipart(Folder("a", 1000).Concat(Folder("b", 2000)), "up-ok"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = body.RootElement.GetProperty("records").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Equal(2, ids.Count);
        var records = await app.Store.ListRecordsAsync("up-ok");
        Assert.Equal(ids.Order(), records.Select(r => r.Id).Order());
        Assert.Equal(["BITRATE=1000", "BITRATE=2000"], records.Select(r => r.PointKey.ToUpperInvariant()).Order());
        Assert.All(records, r => Assert.Equal(50, r.Summary["frames_received"]));
    }

    [Fact]
    public async Task Import_ZipBody_UsesTheZipsTopFolderAsCampaign()
    {
        await using var app = await TestApp.StartAsync();
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in Folder("fec-runs/x", 1000).Concat(Folder("fec-runs/y", 3000)))
            {
                await using var entry = archive.CreateEntry(path).Open();
                await entry.WriteAsync(Encoding.UTF8.GetBytes(text));
            }
        }
        var content = new ByteArrayContent(zip.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");

        var response = await app.Http.PostAsync("/api/import", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await app.Store.ListRecordsAsync("fec-runs")).Count);
    }

    [Fact]
    public async Task Import_OneCorruptFolder_Returns422ProblemWithFileAndLine_AndStoresNothing()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.Http.PostAsync("/api/import",
            Multipart(Folder("good", 1000).Concat(Folder("bad", 2000, badFrameLine: "40080,x,1,1280,720")), "up-bad"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("nothing was stored", body.RootElement.GetProperty("title").GetString());
        var problem = Assert.Single(body.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("bad/frames.csv", problem.GetProperty("file").GetString());
        Assert.Equal(4, problem.GetProperty("line").GetInt64()); // header, frame 0, frame 1, then the bad line
        Assert.Equal("frame_id", problem.GetProperty("field").GetString());
        Assert.Empty(await app.Store.ListRecordsAsync("up-bad"));
        Assert.Null(await app.Store.FindCampaignAsync("up-bad"));
        var uploads = Path.Combine(app.DataDirectory, "uploads");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFileSystemEntries(uploads).Length == 0, "the rejected upload's files were left behind");
    }

    [Fact]
    public async Task CampaignsPage_OffersTheUploadPanel()
    {
        await using var app = await TestApp.StartAsync();

        var page = await app.Http.GetStringAsync("/");

        Assert.Contains("Import run folders", page);
        Assert.Contains("sl-upload-files", page);
    }

    [Fact]
    public async Task Import_PathLeavingTheUpload_IsRejected()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.Http.PostAsync("/api/import", Multipart([new("../../escape/meta.env", "A=1\n")], null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("path leaves the upload folder", await response.Content.ReadAsStringAsync());
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "..", "escape", "meta.env")));
    }

    private static ByteArrayContent Zip(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in entries)
            {
                using var entry = archive.CreateEntry(path).Open();
                entry.Write(bytes);
            }
        }
        var content = new ByteArrayContent(zip.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }

    private static IEnumerable<KeyValuePair<string, byte[]>> Bytes(Dictionary<string, string> files) =>
        files.Select(f => new KeyValuePair<string, byte[]>(f.Key, Encoding.UTF8.GetBytes(f.Value)));

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static void AssertNothingStaged(TestApp app)
    {
        var uploads = Path.Combine(app.DataDirectory, "uploads");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFileSystemEntries(uploads).Length == 0, "a rejected upload's files were left behind");
    }

    [Fact]
    public async Task Import_FileAndFolderOfOneName_Is422NamingTheFileAndWhy_NotA500()
    {
        await using var app = await TestApp.StartAsync();
        var files = Folder("r", 1000);
        files["r/meta.env/frames.csv"] = "recv_wall_us,frame_id,user_timestamp_us,width,height\n";

        var multipart = await ProblemOf(await app.Http.PostAsync("/api/import", Multipart(files, "clash")));
        var zipped = await ProblemOf(await app.Http.PostAsync("/api/import", Zip(Bytes(files))));

        var problem = Assert.Single(multipart.GetProperty("problems").EnumerateArray());
        Assert.Equal("r/meta.env/frames.csv", problem.GetProperty("file").GetString());
        Assert.Equal("'r/meta.env' is a file in this upload, so it cannot also be a folder", problem.GetProperty("reason").GetString());
        Assert.Equal("upload.zip!r/meta.env/frames.csv", Assert.Single(zipped.GetProperty("problems").EnumerateArray()).GetProperty("file").GetString());
        var twice = await ProblemOf(await app.Http.PostAsync("/api/import", Multipart(Folder("r", 1000).Concat(Folder("r", 2000)), null)));
        Assert.Contains(twice.GetProperty("problems").EnumerateArray(), p => p.GetProperty("reason").GetString() == "appears twice in this upload");
        Assert.Empty(await app.Store.ListRecordsAsync());
        AssertNothingStaged(app);
    }

    [Theory]
    [InlineData("../../escape/meta.env", "path leaves the upload folder")]
    [InlineData("/tmp/escape/meta.env", "is an absolute path")]
    [InlineData("C:/escape/meta.env", "is an absolute path")]
    [InlineData("r\\..\\..\\meta.env", "uses '\\'")]
    [InlineData("r/me\u0000ta.env", "holds a NUL character")]
    [InlineData("r//meta.env", "has an empty or '.' folder name")]
    public async Task Import_UnsafeNamesInAZip_AreRefusedAndNothingIsWritten(string name, string reason)
    {
        await using var app = await TestApp.StartAsync();
        var entries = Bytes(Folder("ok", 1000)).Append(new(name, "A=1\n"u8.ToArray()));

        var body = await ProblemOf(await app.Http.PostAsync("/api/import", Zip(entries)));

        var problem = Assert.Single(body.GetProperty("problems").EnumerateArray());
        Assert.Equal($"upload.zip!{name}", problem.GetProperty("file").GetString());
        Assert.Contains(reason, problem.GetProperty("reason").GetString());
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "..", "escape")));
        Assert.False(Directory.Exists("/tmp/escape"));
        AssertNothingStaged(app);
    }

    [Fact]
    public async Task Import_ZipBomb_IsRefusedAtTheRatioLimit_WithoutUnpackingIt()
    {
        await using var app = await TestApp.StartAsync();
        var frames = new byte[64 << 20]; // 64 MB of NULs deflates to ~64 kB: a ratio of ~1000

        var body = await ProblemOf(await app.Http.PostAsync("/api/import", Zip(Bytes(Folder("r", 1000)).Where(f => !f.Key.EndsWith("frames.csv")).Append(new("r/frames.csv", frames)))));

        var problem = Assert.Single(body.GetProperty("problems").EnumerateArray());
        Assert.Equal("upload.zip!r/frames.csv", problem.GetProperty("file").GetString());
        Assert.Contains($"unpacks to more than {ImportLimits.MaxZipRatio} times its compressed size", problem.GetProperty("reason").GetString());
        AssertNothingStaged(app);
    }

    [Fact]
    public async Task Import_ZipOfTooManyEntries_IsRefusedBeforeTheyAreRead()
    {
        await using var app = await TestApp.StartAsync();
        var entries = Enumerable.Range(0, ImportLimits.MaxUploadFiles + 1).Select(i => new KeyValuePair<string, byte[]>($"r{i}/x", []));

        var body = await ProblemOf(await app.Http.PostAsync("/api/import", Zip(entries)));

        Assert.Contains($"more than the limit of {ImportLimits.MaxUploadFiles:N0} files", body.GetProperty("detail").GetString());
        AssertNothingStaged(app);
    }

    [Fact]
    public async Task Import_LongLineAndManyBadLines_ListAtMost100Problems_AndCountThemAll()
    {
        await using var app = await TestApp.StartAsync();
        var files = Folder("r", 1000);
        files["r/events.csv"] = "wall_us,event\n" + new string('1', 200_000) + ",x\n" + string.Concat(Enumerable.Repeat("x,burst\n", 5_000));

        var response = await app.Http.PostAsync("/api/import", Multipart(files, "many"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 40_000, $"a {text.Length}-character answer");
        var body = await ProblemOf(response);
        Assert.Equal(5_001, body.GetProperty("problem_count").GetInt64());
        var problems = body.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(ImportLimits.MaxProblemsListed, problems.Count);
        Assert.Contains("over the limit of 65,536", problems[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Import_HarnessSample_Is201_WithTheCutLineAsANote_AndAllFourBursts()
    {
        await using var app = await TestApp.StartAsync();
        var sample = StreamLab.Tests.Collectors.Import.RunFolderReaderTests.HarnessSample;
        var files = Directory.GetFiles(sample).ToDictionary(f => "harness-run-fec/" + Path.GetFileName(f), File.ReadAllText);

        var response = await app.Http.PostAsync("/api/import", Multipart(files, "fec"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("harness-run-fec/frames.csv:362: the last line has no newline (cut short", Assert.Single(body.RootElement.GetProperty("notes").EnumerateArray()).GetString());
        var record = Assert.Single(await app.Store.ListRecordsAsync("fec"));
        var raw = await app.Store.LoadRawAsync(record.Id);
        Assert.Equal(["burst_on", "burst_off", "burst_on", "burst_off"], raw.Events.Select(e => e.Kind));
        Assert.Equal(360, raw.Frames.Count);
        Assert.Equal(299, record.Summary["frames_received"]);
    }

    [Fact]
    public async Task Import_LenientAndCounterOptions_AsFormFieldsOrQuery_WorkAsInTheCli()
    {
        await using var app = await TestApp.StartAsync();
        var files = Folder("r", 1000, badFrameLine: "40080,x,1,1280,720");
        files["r/prom.tsv"] = $"{T0}\tnack_total\t5\n{T0 + 2_000_000}\tnack_total\t25\n"; // scraped at both edges of [T0, T0 + 2 s]
        var form = Multipart(files, "opts");
        form.Add(new StringContent("true"), "lenient");
        form.Add(new StringContent("nack_total"), "counter");

        var strict = await app.Http.PostAsync("/api/import?campaign=strict", Multipart(files, null));
        var lenient = await app.Http.PostAsync("/api/import", form);
        var query = await app.Http.PostAsync("/api/import?campaign=opts-q&lenient=1&counter=nack_total", Multipart(files, null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, strict.StatusCode);
        Assert.Equal(HttpStatusCode.Created, lenient.StatusCode);
        Assert.Equal(HttpStatusCode.Created, query.StatusCode);
        Assert.Contains("1 bad line(s) skipped (lenient)", await lenient.Content.ReadAsStringAsync());
        foreach (var campaign in new[] { "opts", "opts-q" })
        {
            var record = Assert.Single(await app.Store.ListRecordsAsync(campaign));
            Assert.Equal(20, record.Summary["nack_total_delta"]);
            Assert.Contains("bad line(s) skipped", record.Reason);
        }
        var badCounter = await ProblemOf(await app.Http.PostAsync("/api/import?counter=a{", Multipart(files, null)));
        Assert.Contains("counter 'a{'", badCounter.GetProperty("detail").GetString());
        var badName = await ProblemOf(await app.Http.PostAsync("/api/import?campaign=..", Multipart(files, null)));
        Assert.Contains("cannot name a folder", badName.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DeleteCampaign_RemovesTheFoldersItsUploadStaged()
    {
        await using var app = await TestApp.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await app.Http.PostAsync("/api/import", Multipart(Folder("a", 1000).Concat(Folder("b", 2000)), "gone"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Http.PostAsync("/api/import", Multipart(Folder("c", 1000), "kept"))).StatusCode);
        var uploads = Path.Combine(app.DataDirectory, "uploads");
        Assert.Equal(2, Directory.GetDirectories(uploads).Length);
        var gone = (await app.Store.FindCampaignAsync("gone"))!;

        Assert.Equal(HttpStatusCode.NoContent, (await app.Http.DeleteAsync($"/api/campaigns/{gone.Id}")).StatusCode);

        var left = Assert.Single(Directory.GetDirectories(uploads));
        Assert.True(Directory.Exists(Path.Combine(left, "c")));
        Assert.All((await app.Store.ListRecordsAsync("kept")).Select(r => r.RecordDir!), d => Assert.True(Directory.Exists(d)));
    }
}
