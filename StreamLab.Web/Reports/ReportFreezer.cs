using System.Text.Json;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Reports;

/// <summary>Turns a view into what the report store keeps: the kind, the settings (the source URL) and the data as JSON.</summary>
public static class ReportFreezer
{
    public static NewReport Freeze(IReportView view)
    {
        var kind = ReportKinds.For(view);
        var settings = JsonSerializer.Serialize(new ReportSettings(kind.Name, view.SourceUrl), ReportJson.Options);
        return new NewReport(kind.Name, view.Title, view.Campaign, settings, kind.Serialize(view));
    }

    /// <summary>A stored report's view, or null when its kind is no longer registered.</summary>
    public static IReportView? Thaw(StoredReport report) => ReportKinds.Find(report.Kind)?.Deserialize(report.DataJson);
}

/// <summary>A report's settings: the live page it was frozen from, whose query holds every choice that shaped the view.</summary>
public sealed record ReportSettings(string Kind, string SourceUrl);
