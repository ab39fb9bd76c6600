namespace StreamLab.Core.Storage;

/// <summary>A report about to be frozen: what kind of view, its settings and the data it showed, both as JSON.</summary>
public sealed record NewReport(string Kind, string Title, string Campaign, string SettingsJson, string DataJson);

/// <summary>A report as lists show it: no settings or data.</summary>
public sealed record ReportSummary(string Slug, string Kind, string Title, string Campaign, DateTimeOffset CreatedAt, string DataHash);

/// <summary>A frozen report: its data is a copy, so it renders the same after the campaign's records are gone.</summary>
public sealed record StoredReport(string Slug, string Kind, string Title, string Campaign, DateTimeOffset CreatedAt,
    string SettingsJson, string DataJson, string DataHash)
{
    public ReportSummary Summary => new(Slug, Kind, Title, Campaign, CreatedAt, DataHash);
}

/// <summary>Frozen reports at unguessable slugs.</summary>
public interface IReportStore
{
    /// <summary>Stores the report under a new random slug, with the SHA-256 of its data.</summary>
    Task<StoredReport> CreateAsync(NewReport report, CancellationToken ct = default);

    Task<StoredReport?> GetAsync(string slug, CancellationToken ct = default);

    /// <summary>Every report, newest first.</summary>
    Task<IReadOnlyList<ReportSummary>> ListAsync(CancellationToken ct = default);

    /// <summary>Removes the report; false when there was none with that slug.</summary>
    Task<bool> DeleteAsync(string slug, CancellationToken ct = default);
}
