using Bunit;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Storage;
using StreamLab.Web.Components.Shared;
using StreamLab.Web.Dashboard.Compare;
using StreamLab.Web.Dashboard.Targets;

namespace StreamLab.Tests.Web.Compare;

/// <summary>The report components render their plain views (what a frozen report would hold) with bUnit.</summary>
public class CompareTargetsComponentTests : IDisposable
{
    private readonly BunitContext _ctx = new();

    private static RecordView Record(long id, string mode, int rep, double fps, double latency, string other = "1") => new(id, 1, "c", $"mode={mode}_x={other}",
        new Dictionary<string, string> { ["mode"] = mode, ["x"] = other }, rep, RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch, null, null, null, null, null,
        new Dictionary<string, double> { ["fps_mean"] = fps, ["latency_p95_ms"] = latency, ["frames_lost"] = (mode == "smart" ? 5 : 13) + 0.1 * (rep - 2) });

    [Fact]
    public void CompareReport_SmartBetter_ColoursAndSaysItInPlainWords()
    {
        var records = new[]
        {
            Record(1, "naive", 1, 20, 300), Record(2, "naive", 2, 21, 310), Record(3, "naive", 3, 19, 305),
            Record(4, "smart", 1, 29, 150), Record(5, "smart", 2, 30, 160), Record(6, "smart", 3, 29.5, 155),
        };
        var view = CompareBuilder.Build(new CompareQuery("c"), new CompareSpec("mode", "naive", "smart"), records);

        var cut = _ctx.Render<CompareReport>(p => p.Add(c => c.View, view).Add(c => c.PairLink, k => "/x?pair=" + k));

        Assert.Equal("better", cut.Find("tr[data-metric=fps_mean] td.sl-verdict").TextContent);
        Assert.Contains("sl-verdict-better", cut.Find("tr[data-metric=latency_p95_ms]").ClassName);
        var summary = cut.Find(".sl-compare-summary li").TextContent;
        Assert.Equal("smart: 2.6× fewer frames_lost, 48% higher fps_mean, 49% lower latency_p95_ms than naive.", summary);
        // The CI and its df: 3 repetitions a side, fps s² = 1 and 0.25 → df (1/3 + 1/12)²/((1/9 + 1/144)/4) − 2 = 3.88.
        Assert.Contains("] df 3.9", cut.Find("tr[data-metric=fps_mean]").TextContent);
    }

    [Fact]
    public void CompareReport_ThreeRepetitionsASide_SaysHowManyAFivePercentChangeNeeds()
    {
        var records = new[]
        {
            Record(1, "naive", 1, 20, 300), Record(2, "naive", 2, 21, 310), Record(3, "naive", 3, 19, 305),
            Record(4, "smart", 1, 29, 150), Record(5, "smart", 2, 30, 160), Record(6, "smart", 3, 29.5, 155),
        };
        var view = CompareBuilder.Build(new CompareQuery("c"), new CompareSpec("mode", "naive", "smart"), records);

        var cut = _ctx.Render<CompareReport>(p => p.Add(c => c.View, view));

        // fps: pooled s² = (2·1 + 2·0.25)/4 = 0.625, 5% of 20 = 1. n = 10 (ν 18: 2.101 + 0.862): 2.963·0.791·√0.2 = 1.048 > 1;
        // n = 11 (ν 20: 2.086 + 0.860): 2.946·0.791·√(2/11) = 0.993 ≤ 1.
        Assert.Equal("needs 11", cut.Find("tr[data-metric=fps_mean] td.sl-reps-needed").TextContent);
    }

    [Fact]
    public void CompareReport_PairOnTwoHosts_WarnsAndNamesBoth()
    {
        var a = new HostFingerprint("lab-a", "6.1", "Xeon", 2, 4096, new Dictionary<string, string>());
        var b = a with { Hostname = "lab-b", CoreCount = 8 };
        var records = new[]
        {
            Record(1, "naive", 1, 20, 300) with { Host = a }, Record(2, "naive", 2, 21, 310) with { Host = a },
            Record(3, "smart", 1, 29, 150) with { Host = b }, Record(4, "smart", 2, 30, 160) with { Host = b },
        };
        var same = records.Select(r => r with { Host = a }).ToList();

        var cut = _ctx.Render<CompareReport>(p => p.Add(c => c.View, CompareBuilder.Build(new CompareQuery("c"), new CompareSpec("mode", "naive", "smart"), records)));
        var quiet = CompareBuilder.Build(new CompareQuery("c"), new CompareSpec("mode", "naive", "smart"), same);

        var warning = cut.Find(".sl-host-warning").TextContent;
        Assert.Contains("the pair: its records ran on 2 different hosts (lab-a, Xeon, 2 cores, 4096 MB, kernel 6.1 | lab-b, Xeon, 8 cores", warning);
        Assert.Empty(quiet.HostWarnings!);
    }

    [Fact]
    public void CompareReport_OneRepetitionOnePair_SaysNotEnoughData()
    {
        var view = CompareBuilder.Build(new CompareQuery("c"), null, [Record(1, "naive", 1, 20, 300), Record(2, "smart", 1, 30, 150)]);

        var cut = _ctx.Render<CompareReport>(p => p.Add(c => c.View, view));

        Assert.Equal("not enough data", cut.Find("tr[data-metric=fps_mean] td.sl-verdict").TextContent);
        Assert.StartsWith("Not enough data to compare smart with naive", cut.Find(".sl-compare-summary li").TextContent);
        Assert.Empty(cut.FindAll("a")); // no pair links in a frozen report
    }

    [Fact]
    public void TargetsReport_GridWithCost_MarksPassFailAndTheCheapestPoint()
    {
        RecordView R(long id, string cpu, double fps) => new(id, 1, "c", $"cpu={cpu}", new Dictionary<string, string> { ["cpu"] = cpu }, 1,
            RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch, null, null, null, null, null, new Dictionary<string, double> { ["fps_mean"] = fps });
        var targets = TargetsBuilder.Parse(["fps_mean >= 18"]).Targets;
        var view = TargetsBuilder.Build("c", 0, [0], targets, "cpu", [R(1, "0.5", 12), R(2, "1", 19), R(3, "2", 30)]);

        var cut = _ctx.Render<TargetsReport>(p => p.Add(c => c.View, view));

        Assert.Equal("cpu=1", view.Cheapest);
        Assert.Equal(["fail", "pass", "pass"], cut.FindAll("td[data-status]").Select(td => td.GetAttribute("data-status")));
        Assert.Equal("19.00", cut.Find("tr[data-point='cpu=1'] td[data-status]").TextContent);
        Assert.Contains("sl-cheapest", cut.Find("tr[data-point='cpu=1']").ClassName);
        Assert.Contains("67% of cells pass", cut.Markup);
        Assert.Equal("cpu=1", cut.Find(".sl-cheapest-point").TextContent);
    }

    [Fact]
    public void TargetsReport_MeanOfRepetitions_ShowsItsInterval_AMaxDoesNot()
    {
        // fps_mean {18, 20}: mean 19, s = √2, t(0.975, 1) = 12.71 → ± 12.71; latency_max_ms aggregates by max: no interval.
        RecordView R(long id, int rep, double fps) => new(id, 1, "c", "cpu=1", new Dictionary<string, string> { ["cpu"] = "1" }, rep,
            RecordStatus.Succeeded, null, DateTimeOffset.UnixEpoch, null, null, null, null, null,
            new Dictionary<string, double> { ["fps_mean"] = fps, ["latency_max_ms"] = 100 * rep });
        var targets = TargetsBuilder.Parse(["fps_mean >= 18", "latency_max_ms < 250"]).Targets;
        var view = TargetsBuilder.Build("c", 0, [0], targets, null, [R(1, 1, 18), R(2, 2, 20)]);

        var cells = view.Points.Single().Cells;
        var cut = _ctx.Render<TargetsReport>(p => p.Add(c => c.View, view));

        Assert.Equal(19 - 12.706, cells[0].CiLow!.Value, 2);
        Assert.Equal("19.00 ± 12.71", cut.FindAll("td[data-status]")[0].TextContent.Trim());
        Assert.Equal(200, cells[1].Value);
        Assert.Null(cells[1].CiLow);
        Assert.Equal("200.00", cut.FindAll("td[data-status]")[1].TextContent.Trim());
    }

    public void Dispose()
    {
        _ctx.Dispose();
        GC.SuppressFinalize(this);
    }
}
