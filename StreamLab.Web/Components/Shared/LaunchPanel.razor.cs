using Microsoft.AspNetCore.Components;
using StreamLab.Core.Campaigns;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Security;

namespace StreamLab.Web.Components.Shared;

/// <summary>The YAML editor with live validation, the dry-run preview and the Launch button.</summary>
public partial class LaunchPanel
{
    private IReadOnlyList<CampaignExample> _examples = [];
    private string? _example;
    private string _yaml = "";
    private bool _edited;
    private bool _fresh;
    private bool _launching;
    private IReadOnlyList<CampaignError> _errors = [];
    private CampaignPreview? _preview;
    private string? _message;
    private bool _messageIsError;

    [Inject] private CampaignLibrary Library { get; set; } = default!;
    [Inject] private CampaignLauncher Launcher { get; set; } = default!;

    /// <summary>Called after a campaign was queued.</summary>
    [Parameter] public EventCallback OnLaunched { get; set; }

    /// <summary>The YAML to start with (tests, links); otherwise the first example.</summary>
    [Parameter] public string? InitialYaml { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _examples = Library.Examples();
        if (InitialYaml is not null)
        {
            await SetYamlAsync(InitialYaml);
        }
        else if (_examples.Count > 0)
        {
            _example = _examples[0].FileName;
            await SetYamlAsync(Library.ReadExample(_example) ?? "");
        }
    }

    private async Task OnExampleChosen(ChangeEventArgs e)
    {
        var chosen = e.Value as string;
        _example = string.IsNullOrEmpty(chosen) ? null : chosen;
        _edited = false;
        _message = null;
        await SetYamlAsync(_example is null ? "" : Library.ReadExample(_example) ?? "");
    }

    private async Task OnYamlChanged(ChangeEventArgs e)
    {
        _edited = true;
        _message = null;
        await SetYamlAsync(e.Value as string ?? "");
    }

    private async Task SetYamlAsync(string yaml)
    {
        _yaml = yaml;
        _errors = [];
        _preview = null;
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return;
        }
        try
        {
            (_errors, _preview) = await Launcher.CheckAsync(yaml);
        }
        catch (ChangeDeniedException denied)
        {
            Say(denied.Message, error: true);
        }
    }

    private async Task LaunchAsync()
    {
        _launching = true;
        try
        {
            var (entry, errors) = await Launcher.LaunchAsync(_yaml, _example, _fresh);
            if (entry is null)
            {
                _errors = errors;
                Say("Not launched: fix the errors above.", error: true);
                return;
            }
            Say($"Queued {entry.Name} as #{entry.Ticket}.", error: false);
            await OnLaunched.InvokeAsync();
        }
        catch (ChangeDeniedException denied)
        {
            Say(denied.Message, error: true);
        }
        catch (IOException e)
        {
            Say($"Not launched: could not save the campaign ({e.Message}).", error: true);
        }
        finally
        {
            _launching = false;
        }
    }

    private void Say(string message, bool error)
    {
        _message = message;
        _messageIsError = error;
    }
}
