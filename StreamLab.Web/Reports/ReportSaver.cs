using StreamLab.Core.Storage;
using StreamLab.Web.Security;

namespace StreamLab.Web.Reports;

/// <summary>Saving and deleting reports, behind the access rule: the Save as report button and the API both come here.</summary>
public sealed class ReportSaver(IReportStore store, ChangeAccess access)
{
    /// <summary>Freezes the view (settings and data snapshot) under a new slug.</summary>
    /// <exception cref="ChangeDeniedException">STREAMLAB_TOKEN is set and the caller has not proved it.</exception>
    public async Task<StoredReport> SaveAsync(IReportView view, CancellationToken ct = default)
    {
        await access.EnsureAsync("Saving a report");
        return await store.CreateAsync(ReportFreezer.Freeze(view), ct);
    }

    /// <exception cref="ChangeDeniedException">STREAMLAB_TOKEN is set and the caller has not proved it.</exception>
    public async Task<bool> DeleteAsync(string slug, CancellationToken ct = default)
    {
        await access.EnsureAsync("Deleting a report");
        return await store.DeleteAsync(slug, ct);
    }
}
