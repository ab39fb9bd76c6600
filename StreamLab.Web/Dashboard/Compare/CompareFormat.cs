using System.Globalization;

namespace StreamLab.Web.Dashboard.Compare;

/// <summary>Numbers of a compare row in the metric's own display format (invariant culture).</summary>
public static class CompareFormat
{
    public static string Value(CompareMetricRow row, double value) =>
        double.IsFinite(value) ? value.ToString(Format(row), CultureInfo.InvariantCulture) : "—";

    public static string Signed(CompareMetricRow row, double value)
    {
        if (!double.IsFinite(value))
        {
            return "—";
        }
        var text = value.ToString(Format(row), CultureInfo.InvariantCulture);
        // An interval end of −0.004 shown as "-0.00" hides that the interval excludes 0: show its first digits instead.
        if (value != 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var shown) && shown == 0)
        {
            text = value.ToString("G2", CultureInfo.InvariantCulture);
        }
        return (value > 0 ? "+" : "") + text;
    }

    public static string Percent(double? relative) =>
        relative is { } r ? (r > 0 ? "+" : "") + (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Interval(CompareMetricRow row) =>
        row.CiLow is { } lo && row.CiHigh is { } hi ? $"[{Signed(row, lo)}, {Signed(row, hi)}]" : "not enough data";

    public static string Df(double df) => df.ToString("0.#", CultureInfo.InvariantCulture);

    public static string P(double? p) => p switch
    {
        null => "—",
        < 0.0001 => "< 0.0001",
        { } v => v.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    // N0 rounds counts like stalls to 0 when their change is 0.5: differences and means get one more decimal.
    private static string Format(CompareMetricRow row) => row.Format switch
    {
        "N0" or "F0" => "0.##",
        _ => row.Format,
    };
}
