using Microsoft.AspNetCore.Components;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;
using StreamLab.Web.Dashboard.Compare;

namespace StreamLab.Web.Components.Pages;

/// <summary>
/// Baseline vs candidate along one parameter of a campaign. The whole view is in the URL
/// (<c>campaign, axis, baseline, candidate, metric, pair</c>); missing values come from the campaign's <c>compare:</c> block.
/// </summary>
public partial class Compare : IDisposable
{
    private IReadOnlyList<string> _campaigns = [];
    private CompareView? _view;
    private string? _problem;
    private bool _loading = true;
    private IDisposable? _subscription;

    [Inject] private IResultStore Store { get; set; } = default!;
    [Inject] private CompareService Service { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "campaign")] public string? Campaign { get; set; }
    [SupplyParameterFromQuery(Name = "axis")] public string? Axis { get; set; }
    [SupplyParameterFromQuery(Name = "baseline")] public string? Baseline { get; set; }
    [SupplyParameterFromQuery(Name = "candidate")] public string? Candidate { get; set; }
    [SupplyParameterFromQuery(Name = "metric")] public string? Metric { get; set; }
    [SupplyParameterFromQuery(Name = "pair")] public string? Pair { get; set; }

    private CompareQuery Current => new(Campaign, _view?.Axis ?? Axis, _view?.Baseline ?? Baseline, _view?.Candidate ?? Candidate, _view?.Metric ?? Metric, _view?.Pair ?? Pair);

    private IReadOnlyList<string> AxisValues => _view?.Axes.FirstOrDefault(a => a.Name == _view.Axis)?.Values ?? [];

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
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
            Navigation.NavigateTo(Url(new CompareQuery(_campaigns[^1])), replace: true);
            return;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _problem = null;
        try
        {
            _view = Campaign is null ? null : await Service.BuildAsync(new CompareQuery(Campaign, Axis, Baseline, Candidate, Metric, Pair));
        }
        catch (ViewProblem problem)
        {
            _view = null;
            _problem = problem.Message;
        }
        _loading = false;
    }

    /// <summary>The page URL of a query: only the values given, in a fixed order.</summary>
    public static string Url(CompareQuery q)
    {
        var parts = new (string Key, string? Value)[]
        {
            ("campaign", q.Campaign), ("axis", q.Axis), ("baseline", q.Baseline), ("candidate", q.Candidate), ("metric", q.Metric), ("pair", q.Pair),
        }.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}");
        return "/compare?" + string.Join('&', parts);
    }

    private void Go(CompareQuery query) => Navigation.NavigateTo(Url(query));

    private string PairLink(string pair) => Url(Current with { Pair = pair });

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
