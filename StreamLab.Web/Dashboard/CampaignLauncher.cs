using StreamLab.Core.Campaigns;
using StreamLab.Web.Security;

namespace StreamLab.Web.Dashboard;

/// <summary>What the launch panel shows for some YAML: every error with its line, or the dry-run preview.</summary>
public sealed record CampaignCheck(IReadOnlyList<CampaignError> Errors, CampaignPreview? Preview);

/// <summary>
/// The dashboard's campaign actions — check YAML (parse and expand), launch, cancel — each behind the access rule, so
/// the pages that call them cannot skip it. Checking counts too: parsing and expanding are work a stranger must not
/// be able to make the server do when a token guards it.
/// </summary>
public sealed class CampaignLauncher(CampaignLibrary library, CampaignQueue queue, ChangeAccess access)
{
    /// <exception cref="ChangeDeniedException">The token is set and the user has not signed in.</exception>
    public async Task<CampaignCheck> CheckAsync(string yaml)
    {
        await access.EnsureAsync("Checking a campaign");
        var checkedText = library.Validate(yaml);
        return new CampaignCheck(checkedText.Errors, checkedText.IsValid ? CampaignPreview.Of(checkedText.Campaign!) : null);
    }

    /// <summary>Saves and queues the campaign; its errors instead when it does not load.</summary>
    /// <exception cref="ChangeDeniedException">The token is set and the user has not signed in.</exception>
    public async Task<(QueueEntryView? Entry, IReadOnlyList<CampaignError> Errors)> LaunchAsync(string yaml, string? exampleFileName, bool fresh)
    {
        await access.EnsureAsync("Launching a campaign");
        var loaded = library.Prepare(yaml, exampleFileName);
        return loaded.IsValid ? (queue.Enqueue(loaded.Campaign!, fresh), []) : (null, loaded.Errors);
    }

    /// <exception cref="ChangeDeniedException">The token is set and the user has not signed in.</exception>
    public async Task<bool> CancelAsync(int ticket)
    {
        await access.EnsureAsync("Cancelling a campaign");
        return queue.Cancel(ticket);
    }
}
