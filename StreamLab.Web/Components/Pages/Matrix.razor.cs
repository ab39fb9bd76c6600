using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Reports;

namespace StreamLab.Web.Components.Pages;

/// <summary>
/// Mean ± 95% CI of one statistic per matrix point, filtered and laid out by parameters. Everything that shapes
/// the view is in the URL (<c>campaign, stat, x, group</c> and <c>&lt;param&gt;=&lt;value&gt;</c> filters), so a copied link reproduces it.
/// </summary>
public partial class Matrix : IDisposable
{
    private static readonly HashSet<string> Reserved = ["campaign", "stat", "x", "group"];

    private IReadOnlyList<string> _campaigns = [];
    private Dictionary<string, IReadOnlyList<string>> _filters = [];
    private MatrixReportView? _report;
    private bool _loading = true;
    // Reg/Heat views (MatrixAnalysis): the stat as given in the URL, the records the filters keep, the picker's extra choices.
    private string? _analysisStat;
    private IReadOnlyList<RecordView> _selected = [];
    private IReadOnlyList<(string Value, string Label)> _analysisOptions = [];
    private IDisposable? _subscription;

    [Inject] private IResultStore Store { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "campaign")] public string? Campaign { get; set; }
    [SupplyParameterFromQuery(Name = "stat")] public string? Stat { get; set; }
    [SupplyParameterFromQuery(Name = "x")] public string? X { get; set; }
    [SupplyParameterFromQuery(Name = "group")] public string? Group { get; set; }

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            // New records of the campaign on screen show up as they finish.
            _subscription = Live.Subscribe(() => _ = InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _campaigns = (await Store.ListCampaignsAsync()).Select(c => c.Name).ToList();
        if (Campaign is null && _campaigns.Count > 0)
        {
            // Put the default campaign into the URL, so the link in the address bar is always the whole view.
            Navigation.NavigateTo(Url(_campaigns[^1], null, null, null, new Dictionary<string, IReadOnlyList<string>>()), replace: true);
            return;
        }
        _filters = ParseFilters(Navigation.Uri);
        if (Stat is null && Campaign is not null && await MatrixDefaults.StatAsync(Store, Campaign) is { } explore)
        {
            // The campaign's own default view (explore:), put into the URL like the default campaign.
            Navigation.NavigateTo(Url(Campaign, explore, X, Group, _filters), replace: true);
            return;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (Campaign is null)
        {
            _loading = false;
            return;
        }
        var records = await Store.ListRecordsAsync(Campaign);
        var query = new MatrixQuery(Campaign, Stat, X, Group, _filters);
        _report = MatrixReportView.Build(query, records);
        _analysisStat = MatrixAnalysisOptions.IsAnalysis(Stat) ? Stat : null;
        _selected = _analysisStat is null ? [] : MatrixExplorer.Selected(query, records);
        _analysisOptions = MatrixAnalysisOptions.For(_report.Matrix);
        _loading = false;
    }

    internal static Dictionary<string, IReadOnlyList<string>> ParseFilters(string uri)
    {
        var query = new Uri(uri).Query;
        return QueryHelpers.ParseQuery(query)
            .Where(q => !Reserved.Contains(q.Key))
            .ToDictionary(q => q.Key, q => (IReadOnlyList<string>)q.Value.OfType<string>().ToList(), StringComparer.Ordinal);
    }

    /// <summary>The URL of a view: fixed keys first, then filters sorted by parameter, one <c>name=value</c> per chosen value.</summary>
    internal static string Url(string? campaign, string? stat, string? x, string? group, IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{Uri.EscapeDataString(key)}={Uri.EscapeDataString(value)}");
            }
        }
        Add("campaign", campaign);
        Add("stat", stat);
        Add("x", x);
        Add("group", group);
        foreach (var (name, values) in filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            foreach (var value in values)
            {
                Add(name, value);
            }
        }
        return "/matrix" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
    }

    private Task GoAsync(string? campaign = null, string? stat = null, string? x = null, string? group = null, bool resetView = false)
    {
        var url = resetView
            ? Url(campaign, null, null, null, new Dictionary<string, IReadOnlyList<string>>())
            : Url(campaign ?? Campaign, stat ?? _analysisStat ?? Shown?.Stat, x ?? Shown?.X, group ?? Shown?.Group ?? "", _filters);
        Navigation.NavigateTo(url);
        return Task.CompletedTask;
    }

    private Task FilterAsync(string name, IReadOnlyList<string> chosen)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>(_filters, StringComparer.Ordinal);
        if (chosen.Count == 0)
        {
            filters.Remove(name);
        }
        else
        {
            filters[name] = chosen;
        }
        Navigation.NavigateTo(Url(Campaign, _analysisStat ?? Shown?.Stat, Shown?.X, Shown?.Group ?? "", filters));
        return Task.CompletedTask;
    }

    private string GroupValue => Shown?.Group ?? "";

    // An empty group in the URL means "no grouping", chosen on purpose (a missing one means the default).
    private Task OnGroupChangedAsync(ChangeEventArgs e) => GoAsync(group: e.Value as string ?? "");

    private IReadOnlyList<string> ChosenValues(string name) => _filters.GetValueOrDefault(name) ?? [];

    /// <summary>What the page shows under its controls; the saved report freezes exactly this.</summary>
    private MatrixView? Shown => _report?.Matrix;

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
