using StreamLab.Core.Campaigns;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Dashboard.Compare;

/// <summary>Loads a campaign's records (and one pair's raw rows) and builds its <see cref="CompareView"/>; the page and the API share it.</summary>
public sealed class CompareService(IResultStore store)
{
    /// <summary>The view, or a <see cref="ViewProblem"/> saying what in the query is wrong.</summary>
    public async Task<CompareView> BuildAsync(CompareQuery query, bool withSeries = true, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(query.Campaign))
        {
            throw new ViewProblem(400, "No campaign", "Name a campaign: ?campaign=NAME.");
        }
        var campaign = await store.FindCampaignAsync(query.Campaign, ct)
            ?? throw new ViewProblem(404, "Unknown campaign", $"There is no campaign named '{query.Campaign}'.");
        var records = await store.ListRecordsAsync(campaign.Name, ct);
        var view = CompareBuilder.Build(query, Defaults(campaign), records);
        if (!withSeries || view.Pair is null)
        {
            return view;
        }
        var pair = view.Pairs.First(p => p.Key == view.Pair);
        var byId = records.ToDictionary(r => r.Id);
        var baseline = byId[pair.BaselineRecords[0]];
        var candidate = byId[pair.CandidateRecords[0]];
        var charts = CompareSeries.Build($"{view.Baseline} (record {baseline.Id})", baseline, await store.LoadRawAsync(baseline.Id, ct),
            $"{view.Candidate} (record {candidate.Id})", candidate, await store.LoadRawAsync(candidate.Id, ct));
        return view with { Series = new ComparePairSeries(pair.Key, baseline.Id, candidate.Id, charts) };
    }

    /// <summary>The stored YAML's <c>compare:</c> block; a campaign whose YAML no longer loads simply has no defaults.</summary>
    internal static CompareSpec? Defaults(CampaignView campaign)
    {
        var loaded = CampaignLoader.LoadText(campaign.Yaml, campaign.SourcePath);
        return loaded.IsValid ? loaded.Campaign!.Compare : null;
    }
}
