using Microsoft.AspNetCore.Components;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Dashboard.Targets;
using StreamLab.Web.Security;

namespace StreamLab.Web.Components.Pages;

/// <summary>
/// The pass/fail grid of a campaign's points against one version of its targets (<c>?campaign=…&amp;version=N</c>,
/// 0 = the campaign file, none = the newest), with an editor that checks each line and saves a new version.
/// </summary>
public partial class Targets : IDisposable
{
    private IReadOnlyList<string> _campaigns = [];
    private TargetsView? _view;
    private string? _problem;
    private bool _loading = true;
    private string _text = "";
    private List<string> _errors = [];
    private IDisposable? _subscription;

    [Inject] private IResultStore Store { get; set; } = default!;
    [Inject] private TargetsService Service { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "campaign")] public string? Campaign { get; set; }
    [SupplyParameterFromQuery(Name = "version")] public string? Version { get; set; }

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            _subscription = Live.Subscribe(() => _ = InvokeAsync(async () =>
            {
                await LoadAsync(keepText: true);
                StateHasChanged();
            }));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _campaigns = (await Store.ListCampaignsAsync()).Select(c => c.Name).ToList();
        if (Campaign is null && _campaigns.Count > 0)
        {
            Navigation.NavigateTo(Url(_campaigns[^1], null), replace: true);
            return;
        }
        await LoadAsync(keepText: false);
    }

    private async Task LoadAsync(bool keepText)
    {
        _problem = null;
        try
        {
            _view = Campaign is null ? null : await Service.BuildAsync(Campaign, Version);
            if (!keepText && _view is not null)
            {
                _text = string.Join('\n', _view.Targets);
                _errors = [];
            }
        }
        catch (ViewProblem problem)
        {
            _view = null;
            _problem = problem.Message;
        }
        _loading = false;
    }

    /// <summary>The editor's text; every change is checked line by line, errors shown under it.</summary>
    private string Text
    {
        get => _text;
        set
        {
            _text = value;
            _errors = TargetsBuilder.Parse(value.Split('\n')).Errors;
        }
    }

    public static string Url(string? campaign, string? version) =>
        "/targets" + (campaign is null ? "" : $"?campaign={Uri.EscapeDataString(campaign)}" + (version is null ? "" : $"&version={Uri.EscapeDataString(version)}"));

    private void AddPreset(IReadOnlyList<string> preset)
    {
        var lines = _text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        lines.AddRange(preset.Where(p => !lines.Contains(p)));
        _text = string.Join('\n', lines);
        _errors = TargetsBuilder.Parse(_text.Split('\n')).Errors;
    }

    private async Task SaveAsync()
    {
        if (Campaign is null)
        {
            return;
        }
        int? version;
        try
        {
            (version, var errors) = await Service.SaveAsync(Campaign, _text);
            _errors = errors.ToList();
        }
        catch (ChangeDeniedException denied)
        {
            _errors = [denied.Message];
            return;
        }
        if (version is { } v)
        {
            Navigation.NavigateTo(Url(Campaign, v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
