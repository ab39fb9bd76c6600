using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

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
}
