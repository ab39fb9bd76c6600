using StreamLab.Core.Metrics;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Dashboard.Compare;
using StreamLab.Web.Dashboard.Targets;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>The views that open on a metric take it from Core's headline choice: playback records never open on fps.</summary>
public class HeadlineDefaultsTests
{
    /// <summary>A vod-chunks record: startup and buffer measured, fps 0 (no frames), smart and naive alike.</summary>
    private static RecordView Vod(long id, string scheduler, double startup) => new(id, 1, "vod", $"scheduler={scheduler}",
        new Dictionary<string, string> { ["scheduler"] = scheduler }, (int)id, RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch,
        null, null, null, null, null,
        new Dictionary<string, double> { ["fps_mean"] = 0, ["startup_ms"] = startup, ["buffer_mean_s"] = 12, ["cpu_pct_player"] = 5 });

    private static readonly RecordView[] VodRecords = [Vod(1, "naive", 900), Vod(2, "smart", 880)];

    [Fact]
    public void MatrixExplorer_OnPlaybackRecordsWithNoStatAsked_OpensOnStartup()
    {
        var view = MatrixExplorer.Build(new MatrixQuery("vod", null, null, null, new Dictionary<string, IReadOnlyList<string>>()), VodRecords);

        Assert.Equal("startup_ms", view.Stat);
    }

    [Fact]
    public void Compare_OnPlaybackRecordsWithNothingSignificant_OpensOnStartup()
    {
        var view = CompareBuilder.Build(new CompareQuery("vod"), null, VodRecords);

        Assert.Equal("startup_ms", view.Metric);
    }

    [Fact]
    public void Targets_OfAPlaybackCampaign_OfferThePlaybackPresetFirst()
    {
        var view = TargetsBuilder.Build("vod", 0, [0], [], null, VodRecords);

        Assert.Equal(StreamKind.Playback, view.Kind);
        Assert.Equal("chunked playback", TargetPresets.For(view.Kind).First().Name);
        Assert.Equal("live streaming", TargetPresets.For(StreamKind.Live).First().Name);
    }
}
