using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamLab.Collectors;
using StreamLab.Core;
using StreamLab.Core.Storage;
using StreamLab.Web.Components.Shared;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Security;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>The Campaigns page's upload panel takes the CLI's options (--lenient, --counter) and hands them to the importer.</summary>
public sealed class UploadPanelTests : IDisposable
{
    private const long T0 = 1_717_171_717_000_000;
    private readonly BunitContext _ctx = new();
    private readonly string _data = Path.Combine(Path.GetTempPath(), "streamlab-bunit", Guid.NewGuid().ToString("N"));

    public UploadPanelTests()
    {
        _ctx.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        _ctx.Services.AddStreamLabCore(_data);
        _ctx.Services.AddStreamLabCollectors();
        _ctx.Services.AddScoped<RunFolderUpload>();
        _ctx.Services.AddSingleton(new AccessToken(null));
        _ctx.Services.AddScoped<ChangeAccess>();
        _ctx.Services.AddSingleton<AuthenticationStateProvider>(new Anonymous());
        _ctx.Services.GetRequiredService<IResultStore>().MigrateAsync().GetAwaiter().GetResult();
    }

    /// <summary>No token is set, so ChangeAccess never asks who the user is; this answers if it did.</summary>
    private sealed class Anonymous : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    public void Dispose()
    {
        _ctx.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private static InputFileContent[] RunFolder() =>
    [
        InputFileContent.CreateFromText($"BITRATE=1000\nT0_US={T0}\nT1_US={T0 + 2_000_000}\n", "meta.env"),
        InputFileContent.CreateFromText($"recv_wall_us,frame_id,user_timestamp_us,width,height\n{T0 + 10},1,{T0},640,480\n{T0 + 20},x,{T0},640,480\n", "frames.csv"),
        InputFileContent.CreateFromText($"{T0}\tnack_total\t5\n{T0 + 2_000_000}\tnack_total\t25\n", "prom.tsv"),
    ];

    [Fact]
    public async Task Upload_WithLenientAndACounter_ImportsSkippingTheBadLine_AndSummarisesTheCounter()
    {
        var cut = _ctx.Render<UploadPanel>();
        cut.Find(".sl-upload-campaign").Change("panel");
        cut.Find(".sl-upload-counters").Change("nack_total");
        cut.Find(".sl-upload-lenient").Change(true);

        cut.FindComponent<InputFile>().UploadFiles(RunFolder());

        cut.WaitForAssertion(() => Assert.Contains("Imported 1 record(s) into", cut.Markup), TimeSpan.FromSeconds(30));
        Assert.Contains("1 bad line(s) skipped (lenient)", cut.Find(".sl-upload-notes").TextContent);
        var record = Assert.Single(await _ctx.Services.GetRequiredService<IResultStore>().ListRecordsAsync("panel"));
        Assert.Equal(20, record.Summary["nack_total_delta"]);
    }

    [Fact]
    public async Task Upload_Strict_RejectsTheBadLine_AndStoresNothing()
    {
        var cut = _ctx.Render<UploadPanel>();
        cut.Find(".sl-upload-campaign").Change("strict");

        cut.FindComponent<InputFile>().UploadFiles(RunFolder());

        cut.WaitForAssertion(() => Assert.Contains("Rejected (1 problem(s)); nothing was stored", cut.Markup), TimeSpan.FromSeconds(30));
        Assert.Contains("frames.csv:3: frame_id: 'x' is not an integer", cut.Find(".sl-upload-problems").TextContent);
        Assert.Empty(await _ctx.Services.GetRequiredService<IResultStore>().ListRecordsAsync());
    }
}
