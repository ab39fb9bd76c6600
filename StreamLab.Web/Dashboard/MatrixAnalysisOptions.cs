using System.Globalization;

namespace StreamLab.Web.Dashboard;

/// <summary>The picker's extra choices beside the summary metrics: <c>Reg: metric vs param</c> and <c>Heat: field vs field</c>.</summary>
public static class MatrixAnalysisOptions
{
    /// <summary>Whether a stat names a Reg or Heat view rather than a summary metric.</summary>
    public static bool IsAnalysis(string? stat) => MatrixRegression.Parse(stat) is not null || FrameHeatmap.Parse(stat) is not null;

    /// <summary>Reg for every metric against every numeric parameter that varies; Heat for the common frame-field pairs.</summary>
    public static IReadOnlyList<(string Value, string Label)> For(MatrixView view)
    {
        var numeric = view.Axes.Where(a => a.Values.Count > 1
            && a.Values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))).Select(a => a.Name).ToList();
        var options = new List<(string, string)>();
        foreach (var param in numeric)
        {
            options.AddRange(view.Stats.Select(m => (MatrixRegression.Stat(m, param), $"Reg: {m} vs {param}")));
        }
        options.AddRange(FrameHeatmap.Offered.Select(p => (FrameHeatmap.Stat(p.Y, p.X), $"Heat: {p.Y} vs {p.X}")));
        return options;
    }

    /// <summary>The label of a Reg/Heat stat, also for pairs the picker does not offer (typed into the URL).</summary>
    public static string Label(string stat) =>
        MatrixRegression.Parse(stat) is { } r ? $"Reg: {r.Metric} vs {r.Param}"
        : FrameHeatmap.Parse(stat) is { } h ? $"Heat: {h.Y} vs {h.X}" : stat;
}
