using System.Globalization;
using StreamLab.Web.Dashboard;

namespace StreamLab.Web.Reports;

/// <summary>
/// What a page shows, as plain data: the live page renders it, "Save as report" freezes it (serialized as JSON),
/// and the report page, the HTML export and the CSV/JSON downloads read it back. A kind of view is a record type
/// implementing this, registered in <see cref="ReportKinds.All"/> with the component that renders it.
/// </summary>
public interface IReportView
{
    /// <summary>A heading for lists and the exported file, e.g. "latency_p95_ms by latency — seeded".</summary>
    string Title { get; }

    /// <summary>The campaign the data came from (a name: the report outlives the campaign).</summary>
    string Campaign { get; }

    /// <summary>The live page this view was taken from, with every setting in its query (the view's settings).</summary>
    string SourceUrl { get; }

    /// <summary>The charts, already reduced on the server, in the order the component draws them.</summary>
    IReadOnlyList<ChartSpec> Charts { get; }

    /// <summary>The tables, first one the main one: what <c>data.csv</c> exports.</summary>
    IReadOnlyList<ReportTable> Tables { get; }
}

/// <summary>A table of a report with raw values (invariant numbers, no units in cells); units go in the column names.</summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    public static string? Cell(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public static string Cell(long value) => value.ToString(CultureInfo.InvariantCulture);
}
