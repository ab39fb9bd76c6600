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
    [Inject] private CampaignQueue Queue { get; set; } = default!;
    [Inject] private AccessToken Access { get; set; } = default!;

    /// <summary>Called after a campaign was queued.</summary>
    [Parameter] public EventCallback OnLaunched { get; set; }

    /// <summary>The access token typed on the page; checked only when STREAMLAB_TOKEN is set.</summary>
    [Parameter] public string? Token { get; set; }

    /// <summary>The YAML to start with (tests, links); otherwise the first example.</summary>
    [Parameter] public string? InitialYaml { get; set; }

    protected override void OnInitialized()
    {
        _examples = Library.Examples();
        if (InitialYaml is not null)
        {
            SetYaml(InitialYaml);
        }
        else if (_examples.Count > 0)
        {
            _example = _examples[0].FileName;
            SetYaml(Library.ReadExample(_example) ?? "");
        }
    }

    private void OnExampleChosen(ChangeEventArgs e)
    {
        var chosen = e.Value as string;
        _example = string.IsNullOrEmpty(chosen) ? null : chosen;
        _edited = false;
        _message = null;
        SetYaml(_example is null ? "" : Library.ReadExample(_example) ?? "");
    }

    private void OnYamlChanged(ChangeEventArgs e)
    {
        _edited = true;
        _message = null;
        SetYaml(e.Value as string ?? "");
    }

    private void SetYaml(string yaml)
    {
        _yaml = yaml;
        if (string.IsNullOrWhiteSpace(yaml))
        {
            _errors = [];
            _preview = null;
            return;
        }
        var checkedText = Library.Validate(yaml);
        _errors = checkedText.Errors;
        _preview = checkedText.IsValid ? CampaignPreview.Of(checkedText.Campaign!) : null;
    }

    private async Task LaunchAsync()
    {
        if (!Access.Allows(Token))
        {
            Say("Launching needs the access token (STREAMLAB_TOKEN): type it into the token field above.", error: true);
            return;
        }
        _launching = true;
        try
        {
            var loaded = Library.Prepare(_yaml, _example);
            if (!loaded.IsValid)
            {
                _errors = loaded.Errors;
                Say("Not launched: fix the errors above.", error: true);
                return;
            }
            var entry = Queue.Enqueue(loaded.Campaign!, _fresh);
            Say($"Queued {entry.Name} as #{entry.Ticket}.", error: false);
            await OnLaunched.InvokeAsync();
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
