using System.Text.Json.Serialization;

namespace StreamLab.Web.Dashboard;

/// <summary>One line (or marker set) of a chart; optional min/max give a shaded band, optional error bars give ± per point.</summary>
/// <remarks>
/// Texts plotly draws (names, labels, titles) stay as they are in the model and are written plain to the browser
/// (<see cref="PlotlyText"/>): event kinds, series and parameter names come from the systems under test and imported
/// folders, and plotly reads its own small HTML in them (<c>&lt;a href=…&gt;</c> would be a link on the chart).
/// </remarks>
public sealed record ChartTrace(
    [property: JsonConverter(typeof(PlotlyText.Json))] string Name,
    IReadOnlyList<object> X,
    IReadOnlyList<double?> Y,
    string Mode = "lines",
    IReadOnlyList<double?>? Min = null,
    IReadOnlyList<double?>? Max = null,
    IReadOnlyList<double?>? Error = null,
    IReadOnlyList<string>? Links = null,
    string? Color = null,
    bool SecondaryY = false);

/// <summary>A shaded stretch of the x axis (an event window such as burst_on → burst_off, or the warm-up).</summary>
public sealed record ChartWindow(double From, double To, [property: JsonConverter(typeof(PlotlyText.Json))] string Label, string Color);

/// <summary>A vertical marker at one x (a single event such as process_exit).</summary>
public sealed record ChartMarker(double At, [property: JsonConverter(typeof(PlotlyText.Json))] string Label);

/// <summary>
/// Everything the browser needs to draw one chart; built (and reduced) on the server. Value axes start at zero unless
/// <paramref name="FitY"/>: then they span the data, for values whose differences are small against their size (SSIM
/// of 0.98 against 0.99 is a flat line on an axis from 0, yet the difference matters).
/// </summary>
public sealed record ChartSpec(
    [property: JsonConverter(typeof(PlotlyText.Json))] string Title,
    [property: JsonConverter(typeof(PlotlyText.Json))] string XTitle,
    [property: JsonConverter(typeof(PlotlyText.Json))] string YTitle,
    IReadOnlyList<ChartTrace> Traces,
    IReadOnlyList<ChartWindow>? Windows = null,
    IReadOnlyList<ChartMarker>? Markers = null,
    bool CategoricalX = false,
    [property: JsonConverter(typeof(PlotlyText.Json))] string? Y2Title = null,
    IReadOnlyList<double>? XRange = null,
    ChartHeatmap? Heatmap = null,
    IReadOnlyList<double>? YRange = null,
    bool FitY = false)
{
    /// <summary>"name (unit)", or the name alone for a unitless quantity (SSIM, a ratio).</summary>
    public static string AxisTitle(string name, string unit) => unit.Length == 0 ? name : $"{name} ({unit})";
}

/// <summary>A 2-D histogram computed on the server: counts per (x bin, y bin), bins given by their centres.</summary>
public sealed record ChartHeatmap(IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<IReadOnlyList<double?>> Z, [property: JsonConverter(typeof(PlotlyText.Json))] string ZTitle);
