using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StreamLab.Core.Storage;
using StreamLab.Tests.Web.Dashboard;

namespace StreamLab.Tests.Web.Api;

/// <summary>Every /api route of the real app (127.0.0.1:0, seeded SQLite), with good and bad input.</summary>
public class ApiTests
{
    [Fact]
    public async Task Campaigns_ListAndGet_ShowCountsAndYaml_UnknownIdsAreProblems()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);
        var id = (await app.Store.FindCampaignAsync("seeded"))!.Id;

        var list = await (await app.Http.GetAsync("/api/campaigns")).JsonAsync(HttpStatusCode.OK);
        var seeded = Assert.Single(list.EnumerateArray());
        Assert.Equal("seeded", seeded.GetProperty("name").GetString());
        Assert.Equal(8, seeded.GetProperty("records").GetInt32());
        Assert.Equal(8, seeded.GetProperty("succeeded").GetInt32());

        var one = await (await app.Http.GetAsync($"/api/campaigns/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("latency: [5, 20]", one.GetProperty("yaml").GetString());

        await (await app.Http.GetAsync("/api/campaigns/987654")).ProblemAsync(HttpStatusCode.NotFound, "no campaign 987654");
        await (await app.Http.GetAsync("/api/campaigns/not-a-number")).ProblemAsync(HttpStatusCode.NotFound, "/api/campaigns/not-a-number");
        await (await app.Http.DeleteAsync("/api/campaigns/987654")).ProblemAsync(HttpStatusCode.NotFound, "no campaign 987654");
    }

    [Fact]
    public async Task Records_ListFiltersAndOne_BadQueryValuesAre400_UnknownAre404()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await DashboardSeed.SeedAsync(app.Store);

        var all = await (await app.Http.GetAsync("/api/records?campaign=seeded")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(8, all.GetArrayLength());
        var point = await (await app.Http.GetAsync("/api/records?campaign=seeded&point=latency%3D20_mode%3Db&status=SUCCEEDED")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([ids[3], ids[7]], point.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        var failed = await (await app.Http.GetAsync("/api/records?status=failed")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, failed.GetArrayLength());

        var record = await (await app.Http.GetAsync($"/api/records/{ids[0]}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("succeeded", record.GetProperty("status").GetString());
        Assert.Equal(6, record.GetProperty("summary").GetProperty("latency_p95_ms").GetDouble());
        Assert.Equal("5", record.GetProperty("params").GetProperty("latency").GetString());

        await (await app.Http.GetAsync("/api/records?status=bogus")).ProblemAsync(HttpStatusCode.BadRequest, "status='bogus' is not a record status");
        await (await app.Http.GetAsync("/api/records?status=1")).ProblemAsync(HttpStatusCode.BadRequest, "status='1'");
        await (await app.Http.GetAsync("/api/records?campaign=")).ProblemAsync(HttpStatusCode.BadRequest, "campaign= is empty");
        await (await app.Http.GetAsync("/api/records?campaign=nope")).ProblemAsync(HttpStatusCode.NotFound, "no campaign named 'nope'");
        await (await app.Http.GetAsync("/api/records/99999")).ProblemAsync(HttpStatusCode.NotFound, "no record 99999");
    }

    [Fact]
    public async Task Records_StatusList_ReturnsExactlyThoseStatuses_AndAnUnknownOneIs400()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await DashboardSeed.SeedAsync(app.Store);
        await app.Store.FinishRecordAsync(ids[1], RecordStatus.Failed, "x", DateTimeOffset.UnixEpoch, new Dictionary<string, double>());
        await app.Store.FinishRecordAsync(ids[2], RecordStatus.Cancelled, "x", DateTimeOffset.UnixEpoch, new Dictionary<string, double>());
        await app.Store.FinishRecordAsync(ids[3], RecordStatus.Interrupted, "x", DateTimeOffset.UnixEpoch, new Dictionary<string, double>());

        // Enum.TryParse read "succeeded,failed" as the flags 1|2 = 3 = cancelled.
        var both = await (await app.Http.GetAsync("/api/records?status=succeeded,failed")).JsonAsync(HttpStatusCode.OK);
        var statuses = both.EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();

        Assert.Equal(6, statuses.Count);
        Assert.Equal(["failed", "succeeded"], statuses.Distinct().Order());
        var cancelled = await (await app.Http.GetAsync("/api/records?status=Cancelled")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([ids[2]], cancelled.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        await (await app.Http.GetAsync("/api/records?status=succeeded,bogus")).ProblemAsync(HttpStatusCode.BadRequest, "status='bogus' is not a record status");
        await (await app.Http.GetAsync("/api/records?status=3")).ProblemAsync(HttpStatusCode.BadRequest, "status='3'");
    }

    [Fact]
    public async Task RecordCsv_KeepsItsUrls_AndUnknownRecordIsAProblem()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await DashboardSeed.SeedAsync(app.Store);

        var frames = await app.Http.GetStringAsync($"/api/records/{ids[0]}/frames.csv");
        var lines = frames.TrimEnd('\n').Split('\n');
        Assert.StartsWith("recv_wall_us,frame_id,user_timestamp_us", lines[0]);
        Assert.Equal(1 + 97, lines.Length);
        Assert.Contains("burst_on", await app.Http.GetStringAsync($"/api/records/{ids[0]}/events.csv"));
        Assert.Contains("\"cpu_pct{role=\"\"client\"\"}\"", await app.Http.GetStringAsync($"/api/records/{ids[0]}/samples.csv"));

        await (await app.Http.GetAsync("/api/records/99999/frames.csv")).ProblemAsync(HttpStatusCode.NotFound, "no record 99999");
    }

    [Fact]
    public async Task UnknownRoutesAndMethods_AreProblemDocuments_AndOpenApiListsTheRoutes()
    {
        await using var app = await TestApp.StartAsync();

        await (await app.Http.GetAsync("/api/nothing/here")).ProblemAsync(HttpStatusCode.NotFound, "No API route /api/nothing/here");
        var wrongMethod = await app.Http.PutAsync("/api/records/1", new StringContent(""));
        await wrongMethod.ProblemAsync(HttpStatusCode.MethodNotAllowed, "PUT is not allowed on /api/records/1");
        await (await app.Http.PatchAsync("/api/reports", new StringContent(""))).ProblemAsync(HttpStatusCode.MethodNotAllowed, "PATCH");

        var openApi = await (await app.Http.GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/campaigns", "/api/campaigns/{id}", "/api/records", "/api/records/{id}", "/api/records/{id}/frames.csv",
                     "/api/records/{id}/samples.csv", "/api/records/{id}/events.csv", "/api/reports", "/api/reports/{slug}" })
        {
            Assert.Contains(path, paths);
        }
        Assert.True(openApi.GetProperty("paths").GetProperty("/api/campaigns").TryGetProperty("post", out _));
        Assert.True(openApi.GetProperty("paths").GetProperty("/api/campaigns/{id}").TryGetProperty("delete", out _));
        Assert.DoesNotContain(paths, p => p.StartsWith("/matrix", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LaunchWithMalformedYaml_Is400WithEveryErrorAndItsLine()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.Http.PostAsync("/api/campaigns", new StringContent("name: broken\nduration: forever\nroles: {}\n", Encoding.UTF8, "application/yaml"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "line 2");
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("line").GetInt32() == 2 && e.GetProperty("path").GetString() == "duration");
        await (await app.Http.PostAsync("/api/campaigns", new StringContent("", Encoding.UTF8, "application/yaml")))
            .ProblemAsync(HttpStatusCode.BadRequest, "body is empty");
        await (await app.Http.PostAsync("/api/campaigns", new StringContent("name: [unclosed\n", Encoding.UTF8, "application/yaml")))
            .ProblemAsync(HttpStatusCode.BadRequest, "line 2, column 1: (document): While parsing a flow sequence");
        Assert.Equal(0, (await (await app.Http.GetAsync("/api/campaigns")).JsonAsync(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task LaunchOfABombOrAHugeMatrix_Is400WithThePosition_StoresNothing_AndTheServerStaysUp()
    {
        await using var app = await TestApp.StartAsync();
        var values = string.Join(", ", Enumerable.Range(0, 1000));
        var deep = "name: deep\nduration: 1s\nmatrix:\n  x: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000) + "\n";

        // 20,000 levels aborted the whole server; 10⁹ points never answered and were stored anyway.
        await (await app.Http.PostAsync("/api/campaigns", new StringContent(deep, Encoding.UTF8, "application/yaml")))
            .ProblemAsync(HttpStatusCode.BadRequest, "line 4, column 126: (document): the YAML is nested more than 32 levels deep");
        await (await app.Http.PostAsync("/api/campaigns", new StringContent(
                $"name: huge\nduration: 1s\nmatrix:\n  a: [{values}]\n  b: [{values}]\n  c: [{values}]\nroles:\n  s: {{ command: [sleep, \"1\"] }}\n",
                Encoding.UTF8, "application/yaml")))
            .ProblemAsync(HttpStatusCode.BadRequest, "line 4, column 3: matrix: the campaign would run 1,000,000,000 point(s)");
        await (await app.Http.PostAsync("/api/campaigns", new StringContent(
                "name: reps\nduration: 1s\nrepetitions: 1000000000\nroles:\n  s: { command: [sleep, \"1\"] }\n", Encoding.UTF8, "application/yaml")))
            .ProblemAsync(HttpStatusCode.BadRequest, "line 3, column 14: repetitions:");

        Assert.Equal(0, (await (await app.Http.GetAsync("/api/campaigns")).JsonAsync(HttpStatusCode.OK)).GetArrayLength());
        Assert.Empty(await app.Store.ListCampaignsAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task LaunchWithAMissingWorkingDirectory_Is400OnTheCwdLine_ResolvedAgainstTheExamplesFolder()
    {
        await using var app = await TestApp.StartAsync($"--contentRoot={Repo.Root}");
        var yaml = File.ReadAllText(Path.Combine(Repo.Root, "campaigns", "ext-demo.yaml")).Replace("stacks/demo", "stacks/nowhere", StringComparison.Ordinal);

        var problem = await (await app.Http.PostAsync("/api/campaigns", new StringContent(yaml, Encoding.UTF8, "application/yaml")))
            .ProblemAsync(HttpStatusCode.BadRequest, $"working directory '{Path.Combine(Repo.Root, "campaigns", "stacks", "nowhere")}' does not exist");

        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "roles.server.cwd" && e.GetProperty("line").GetInt32() == 19);
        Assert.Empty(await app.Store.ListCampaignsAsync());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task TheReadmesCurlExample_RunsExtDemoWithItsRelativeCwdResolvedToTheExampleStack()
    {
        // `curl -X POST --data-binary @campaigns/ext-demo.yaml …/api/campaigns` gave 6 failed records: cwd went to data/campaigns/stacks/demo.
        await using var app = await TestApp.StartAsync($"--contentRoot={Repo.Root}");
        var yaml = File.ReadAllText(Path.Combine(Repo.Root, "campaigns", "ext-demo.yaml"))
            .Replace("duration: 5s", "duration: 1s", StringComparison.Ordinal)
            .Replace("warmup: 1s", "warmup: 0s", StringComparison.Ordinal)
            .Replace("repetitions: 2", "repetitions: 1", StringComparison.Ordinal);

        var launched = await (await app.Http.PostAsync("/api/campaigns", new StringContent(yaml, Encoding.UTF8, "application/yaml"))).JsonAsync(HttpStatusCode.Accepted);
        var id = launched.GetProperty("id").GetInt64();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        JsonElement campaign;
        do
        {
            await Task.Delay(250);
            campaign = (await (await app.Http.GetAsync($"/api/campaigns/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("campaign");
            Assert.True(DateTime.UtcNow < deadline, $"campaign did not finish: {campaign}");
        }
        while (campaign.GetProperty("queue").GetString() is "queued" or "running");

        var records = await app.Store.ListRecordsAsync("ext-demo");
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.True(r.Status == StreamLab.Core.Storage.RecordStatus.Succeeded, $"{r.PointKey}: {r.Status} {r.Reason}"));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task LaunchThroughTheQueue_RunsTheRecords_ThenDeleteRemovesCampaignRecordsAndFolders()
    {
        await using var app = await TestApp.StartAsync();

        var launched = await (await app.Http.PostAsync("/api/campaigns",
            new StringContent(TestApp.TinyCampaignYaml("api-launch", repetitions: 1), Encoding.UTF8, "application/yaml"))).JsonAsync(HttpStatusCode.Accepted);
        var id = launched.GetProperty("id").GetInt64();
        Assert.Equal(4, launched.GetProperty("records").GetInt32());

        var deadline = DateTime.UtcNow.AddMinutes(3);
        JsonElement campaign;
        do
        {
            await Task.Delay(250);
            campaign = (await (await app.Http.GetAsync($"/api/campaigns/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("campaign");
            Assert.True(DateTime.UtcNow < deadline, $"campaign did not finish: {campaign}");
        }
        while (campaign.GetProperty("queue").GetString() is "queued" or "running");
        Assert.Equal("finished", campaign.GetProperty("queue").GetString());
        Assert.Equal(4, campaign.GetProperty("succeeded").GetInt32());
        var folders = (await app.Store.ListRecordsAsync("api-launch")).Select(r => r.RecordDir!).ToList();
        Assert.All(folders, f => Assert.True(Directory.Exists(f), f));

        Assert.Equal(HttpStatusCode.NoContent, (await app.Http.DeleteAsync($"/api/campaigns/{id}")).StatusCode);

        await (await app.Http.GetAsync($"/api/campaigns/{id}")).ProblemAsync(HttpStatusCode.NotFound, $"no campaign {id}");
        await (await app.Http.GetAsync("/api/records?campaign=api-launch")).ProblemAsync(HttpStatusCode.NotFound, "api-launch");
        Assert.Empty(await app.Store.ListRecordsAsync());
        Assert.All(folders, f => Assert.False(Directory.Exists(f), f));
    }

    [Fact]
    public async Task WithAToken_LaunchDeleteAndReportsNeedIt_ReadsDoNot()
    {
        await using var app = await TestApp.StartAsync("--STREAMLAB_TOKEN=s3cret");
        await DashboardSeed.SeedAsync(app.Store);
        var id = (await app.Store.FindCampaignAsync("seeded"))!.Id;
        var yaml = new StringContent("name: broken\nduration: forever\n", Encoding.UTF8, "application/yaml");

        var noToken = await app.Http.PostAsync("/api/campaigns", yaml);
        await noToken.ProblemAsync(HttpStatusCode.Unauthorized, "needs the access token");
        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.Single().Scheme);
        await (await app.Http.DeleteAsync($"/api/campaigns/{id}")).ProblemAsync(HttpStatusCode.Unauthorized, "Deleting a campaign");
        await (await Send(app, HttpMethod.Delete, $"/api/campaigns/{id}", "Authorization", "Bearer wrong"))
            .ProblemAsync(HttpStatusCode.Unauthorized, "does not match");
        Assert.NotNull(await app.Store.FindCampaignAsync("seeded"));
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/api/campaigns")).StatusCode);

        // The right token through either header gets past the check: the YAML is then judged (400), the delete done (204).
        await (await Send(app, HttpMethod.Post, "/api/campaigns", "X-StreamLab-Token", "s3cret", yaml)).ProblemAsync(HttpStatusCode.BadRequest, "line 2");
        var reportRequest = new { kind = "record", source = "/records/1" };
        await (await app.Http.PostAsJsonAsync("/api/reports", reportRequest)).ProblemAsync(HttpStatusCode.Unauthorized, "Saving a report");
        Assert.Equal("[]", await app.Http.GetStringAsync("/api/reports"));
        var report = await (await Send(app, HttpMethod.Post, "/api/reports", "Authorization", "Bearer s3cret", JsonContent.Create(reportRequest))).JsonAsync(HttpStatusCode.Created);
        var slug = report.GetProperty("slug").GetString();
        await (await app.Http.DeleteAsync($"/api/reports/{slug}")).ProblemAsync(HttpStatusCode.Unauthorized, "Deleting a report");
        Assert.Equal(HttpStatusCode.NoContent, (await Send(app, HttpMethod.Delete, $"/api/campaigns/{id}", "Authorization", "Bearer s3cret")).StatusCode);
        Assert.Null(await app.Store.FindCampaignAsync("seeded"));
    }

    [Fact]
    public async Task Reports_CreateFromALiveUrl_ListGetExport_SurviveTheCampaign_AndDelete()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await DashboardSeed.SeedAsync(app.Store);
        var campaignId = (await app.Store.FindCampaignAsync("seeded"))!.Id;

        var created = await (await app.Http.PostAsJsonAsync("/api/reports",
            new { kind = "matrix", source = "/matrix?campaign=seeded&stat=latency_p95_ms&x=latency&group=mode" })).JsonAsync(HttpStatusCode.Created);
        var slug = created.GetProperty("slug").GetString()!;
        Assert.Matches("^[a-z2-7]{26}$", slug);
        Assert.Equal("latency_p95_ms by latency — seeded", created.GetProperty("title").GetString());
        var record = await (await app.Http.PostAsJsonAsync("/api/reports", new { kind = "record", source = $"/records/{ids[0]}" })).JsonAsync(HttpStatusCode.Created);

        var list = await (await app.Http.GetAsync("/api/reports")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([record.GetProperty("slug").GetString(), slug], list.EnumerateArray().Select(r => r.GetProperty("slug").GetString()));
        var one = await (await app.Http.GetAsync($"/api/reports/{slug}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal($"/reports/{slug}/export.html", one.GetProperty("html").GetString());

        // data.json carries the data exactly as hashed; data.csv the points with raw numbers: latency 5, mode a = mean(6, 7).
        var json = await app.Http.GetStringAsync($"/reports/{slug}/data.json");
        var doc = JsonDocument.Parse(json).RootElement;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(doc.GetProperty("data").GetRawText())));
        Assert.Equal(doc.GetProperty("dataSha256").GetString(), hash);
        Assert.Equal("/matrix?campaign=seeded&stat=latency_p95_ms&x=latency&group=mode", doc.GetProperty("settings").GetProperty("sourceUrl").GetString());
        var csv = await app.Http.GetStringAsync($"/reports/{slug}/data.csv");
        var rows = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("latency,mode,point,n,mean_ms,ci95_ms,stddev_ms,min_ms,max_ms,record_ids,value_ms,aggregation,detectable_ms,repetitions_for_5pct", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.StartsWith($"5,a,latency=5_mode=a,2,6.5,", rows[1]);
        Assert.Contains("latency_p95_ms,6,ms,lower", await app.Http.GetStringAsync($"/reports/{record.GetProperty("slug").GetString()}/data.csv"));
        Assert.Contains("burst_on", await app.Http.GetStringAsync($"/reports/{record.GetProperty("slug").GetString()}/data.csv?table=events"));
        await (await app.Http.GetAsync($"/reports/{slug}/data.csv?table=nope")).ProblemAsync(HttpStatusCode.BadRequest, "it has: points");

        var page = await app.Http.GetStringAsync($"/reports/{slug}");
        Assert.Contains(doc.GetProperty("dataSha256").GetString()!, page);
        Assert.Equal(4, CountOccurrences(page, "data-point="));

        Assert.Equal(HttpStatusCode.NoContent, (await app.Http.DeleteAsync($"/api/campaigns/{campaignId}")).StatusCode);

        Assert.Equal(json, await app.Http.GetStringAsync($"/reports/{slug}/data.json"));
        Assert.Equal(csv, await app.Http.GetStringAsync($"/reports/{slug}/data.csv"));
        var after = await app.Http.GetStringAsync($"/reports/{slug}");
        Assert.Equal(4, CountOccurrences(after, "data-point="));
        var mean = after.IndexOf("sl-mean", StringComparison.Ordinal);
        Assert.True(mean > 0 && after.Substring(mean, 20).Contains(">6.50<", StringComparison.Ordinal), after[Math.Max(0, mean - 300)..]);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Http.DeleteAsync($"/api/reports/{slug}")).StatusCode);
        await (await app.Http.DeleteAsync($"/api/reports/{slug}")).ProblemAsync(HttpStatusCode.NotFound, slug);
        await (await app.Http.GetAsync($"/api/reports/{slug}")).ProblemAsync(HttpStatusCode.NotFound, slug);
        await (await app.Http.GetAsync($"/reports/{slug}/data.json")).ProblemAsync(HttpStatusCode.NotFound, slug);
        var gone = await app.Http.GetAsync($"/reports/{slug}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("Report not found", await gone.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateReport_BadRequests_SayWhatIsWrong()
    {
        await using var app = await TestApp.StartAsync();
        await DashboardSeed.SeedAsync(app.Store);

        await (await app.Http.PostAsJsonAsync("/api/reports", new { })).ProblemAsync(HttpStatusCode.BadRequest, "kind is one of matrix, record, compare, targets");
        await (await app.Http.PostAsJsonAsync("/api/reports", new { kind = "pie", source = "/matrix?campaign=seeded" })).ProblemAsync(HttpStatusCode.BadRequest, "kind='pie'");
        await (await app.Http.PostAsJsonAsync("/api/reports", new { kind = "matrix", source = "/matrix?campaign=nope" })).ProblemAsync(HttpStatusCode.BadRequest, "no campaign named 'nope'");
        await (await app.Http.PostAsJsonAsync("/api/reports", new { kind = "matrix", source = "/records/1" })).ProblemAsync(HttpStatusCode.BadRequest, "/matrix?campaign=");
        await (await app.Http.PostAsJsonAsync("/api/reports", new { kind = "record", source = "/records/424242" })).ProblemAsync(HttpStatusCode.BadRequest, "no record 424242");
        var notJson = await app.Http.PostAsync("/api/reports", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await (await app.Http.GetAsync("/api/reports")).JsonAsync(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task RecordReport_RendersTheSameAfterItsCampaignIsDeleted_AndItsExportCarriesEveryChart()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await DashboardSeed.SeedAsync(app.Store);
        var campaignId = (await app.Store.FindCampaignAsync("seeded"))!.Id;
        var created = await (await app.Http.PostAsJsonAsync("/api/reports", new { kind = "record", source = $"/records/{ids[1]}" })).JsonAsync(HttpStatusCode.Created);
        var slug = created.GetProperty("slug").GetString();
        var before = await app.Http.GetStringAsync($"/reports/{slug}");

        Assert.Equal(HttpStatusCode.NoContent, (await app.Http.DeleteAsync($"/api/campaigns/{campaignId}")).StatusCode);
        var after = await app.Http.GetStringAsync($"/reports/{slug}");
        var export = await app.Http.GetStringAsync($"/reports/{slug}/export.html");

        foreach (var page in new[] { before, after, export })
        {
            Assert.Contains($"Record {ids[1]}", page);
            Assert.Contains("data-metric=\"latency_p95_ms\"", page);
            Assert.Contains("test-host", page);
            Assert.Contains("burst_on", page);
            Assert.DoesNotContain("/api/records/", page); // no links to raw rows that are gone
        }
        // Latency, fps, CPU: each chart's spec is embedded for drawing without a circuit.
        Assert.Equal(3, CountOccurrences(after, "data-spec="));
        Assert.Equal(3, CountOccurrences(export, "data-spec="));
        Assert.Contains("Plotly", export);
        Assert.DoesNotContain("<script src=", export);
        Assert.DoesNotContain("<link ", export);
        Assert.DoesNotContain("export async function render", export);
        Assert.Contains(created.GetProperty("dataSha256").GetString()!, export);
        Assert.Contains("\"frame-id gap (1 gaps, 3 ids lost)\"", System.Net.WebUtility.HtmlDecode(export));
    }

    private static async Task<HttpResponseMessage> Send(TestApp app, HttpMethod method, string url, string header, string value, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.TryAddWithoutValidation(header, value);
        return await app.Http.SendAsync(request);
    }

    private static int CountOccurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
