using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Import;
using StreamLab.Core.Matrix;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Collectors.Import;

/// <summary>How to import run folders.</summary>
public sealed record ImportOptions(string? Campaign = null, bool Lenient = false, IReadOnlyList<string>? Counters = null);

/// <summary>What became of one folder: its record, or why it was rejected.</summary>
public sealed record FolderOutcome(
    string Directory,
    long? RecordId,
    string PointKey,
    int Repetition,
    IReadOnlyList<InputProblem> Problems,
    long ProblemCount,
    IReadOnlyList<string> Notes,
    RecordRaw? Raw,
    bool WindowDerived,
    IReadOnlyDictionary<string, double> Summary)
{
    public bool Imported => RecordId is not null;
}

/// <summary>The campaign the folders went into and each folder's outcome.</summary>
public sealed record ImportReport(string Campaign, IReadOnlyList<FolderOutcome> Folders)
{
    public bool AllImported => Folders.All(f => f.Imported);
}

/// <summary>
/// Imports harness run folders as records of one campaign: its parameters are the meta.env keys
/// whose values differ between the folders (the others are fixed parameters). Strict by default:
/// any malformed line rejects that folder's record; each record is one transaction, and nothing
/// already stored is changed (an existing campaign of that name only gains records).
/// </summary>
public sealed class RunFolderImporter(IResultStore store, RecordImporter importer, ILogger<RunFolderImporter> logger)
{
    public async Task<ImportReport> ImportAsync(IReadOnlyList<string> directories, ImportOptions options, CancellationToken ct = default)
    {
        var name = options.Campaign ?? DefaultCampaignName(directories);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["campaign"] = name });
        var folders = directories.Select(RunFolderReader.Read).ToArray();
        var accepted = folders.Where(f => f.Problems.Count == 0 || (options.Lenient && !MetaBroken(f))).ToArray();
        foreach (var rejected in folders.Except(accepted))
        {
            logger.LogInformation("Rejected {Folder}: {Count} problem(s), first: {First}", rejected.Directory, rejected.ProblemCount, rejected.Problems.FirstOrDefault());
        }
        var outcomes = folders.Where(f => !accepted.Contains(f))
            .Select(f => new FolderOutcome(f.Directory, null, "", 0, f.Problems, f.ProblemCount, f.Notes, null, false, new Dictionary<string, double>()))
            .ToList();
        if (accepted.Length == 0)
        {
            return new ImportReport(name, outcomes);
        }

        var keys = accepted.SelectMany(f => f.Meta.Keys).Where(RunFolderLayout.IsParameter).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var varying = keys.Where(k => accepted.Select(f => f.Meta.GetValueOrDefault(k)).Distinct().Count() > 1).ToArray();
        var fixedParams = keys.Except(varying).ToDictionary(k => k, k => accepted[0].Meta[k], StringComparer.Ordinal);
        var campaignId = await CampaignIdAsync(name, directories, accepted, varying, fixedParams, ct);
        var repetitions = (await store.ListRecordsAsync(name, ct))
            .GroupBy(r => r.PointKey).ToDictionary(g => g.Key, g => g.Max(r => r.Repetition));

        foreach (var folder in accepted)
        {
            var point = varying.Where(folder.Meta.ContainsKey).ToDictionary(k => k, k => folder.Meta[k], StringComparer.Ordinal);
            var key = MatrixPoint.CanonicalKey(point);
            var repetition = repetitions[key] = repetitions.GetValueOrDefault(key) + 1;
            var (t0, t1, derived) = Window(folder);
            var raw = new RecordRaw(folder.Raw.Frames,
                folder.Raw.Samples.Where(s => !double.IsNaN(s.Value)).Select(s => s with { Warmup = s.TimeUs < t0 }).ToArray(), folder.Raw.Events);
            var summary = RecordImporter.Summarise(raw, t0, t1, options.Counters ?? []);
            var parameters = folder.Meta.Where(m => RunFolderLayout.IsParameter(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            var status = folder.Meta.TryGetValue(RunFolderLayout.StatusKey, out var s) ? Enum.Parse<RecordStatus>(s, true) : RecordStatus.Succeeded;
            var reason = folder.Meta.GetValueOrDefault(RunFolderLayout.ReasonKey) is { Length: > 0 } r ? r : null;
            if (folder.ProblemCount > 0)
            {
                reason = (reason is null ? "" : reason + "; ") + $"imported with {folder.ProblemCount} bad line(s) skipped, first: {folder.Problems[0]}";
            }
            var id = await importer.ImportAsync(new ImportedRecord(campaignId, key, parameters, repetition, status, reason, t0, t1, folder.Directory, raw, summary), ct);
            logger.LogInformation("Imported {Folder} as record {Record}: {Frames} frames, {Samples} samples, {Events} events",
                folder.Directory, id, raw.Frames.Count, raw.Samples.Count, raw.Events.Count);
            outcomes.Add(new FolderOutcome(folder.Directory, id, key, repetition, folder.Problems, folder.ProblemCount, folder.Notes, raw, derived, summary));
        }
        return new ImportReport(name, outcomes.OrderBy(o => Array.IndexOf(folders.Select(f => f.Directory).ToArray(), o.Directory)).ToArray());
    }

    /// <summary>The window from meta.env, or from the data's first and last time when it is not given.</summary>
    private static (long T0, long T1, bool Derived) Window(RunFolder folder)
    {
        long? Get(string key) => folder.Meta.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
        var times = folder.Raw.Frames.Select(f => f.RecvWallUs).Concat(folder.Raw.Samples.Select(s => s.TimeUs)).Concat(folder.Raw.Events.Select(e => e.TimeUs)).ToArray();
        var t0 = Get(RunFolderLayout.T0Key) ?? (times.Length > 0 ? times.Min() : 0);
        var t1 = Get(RunFolderLayout.T1Key) ?? (times.Length > 0 ? times.Max() + 1 : t0 + 1);
        return (t0, Math.Max(t1, t0), Get(RunFolderLayout.T0Key) is null || Get(RunFolderLayout.T1Key) is null);
    }

    // Lenient imports skip bad data lines, but a folder without a usable meta.env has no parameters or window to trust.
    private static bool MetaBroken(RunFolder folder) =>
        folder.Problems.Any(p => Path.GetFileName(p.File) == RunFolderLayout.Meta || p.File == folder.Directory);

    private async Task<long> CampaignIdAsync(string name, IReadOnlyList<string> directories, RunFolder[] folders,
        string[] varying, Dictionary<string, string> fixedParams, CancellationToken ct)
    {
        if (await store.FindCampaignAsync(name, ct) is { } existing)
        {
            return existing.Id;
        }
        var windows = folders.Select(Window).ToArray();
        var axes = varying.Select(k => new MatrixAxis(k, folders.Select(f => f.Meta.GetValueOrDefault(k)).OfType<string>().Distinct().ToArray())).ToArray();
        var yaml = new StringBuilder($"# imported by `streamlab import` from {folders.Length} run folder(s); not runnable\nname: {name}\n");
        foreach (var axis in axes) yaml.Append($"# matrix {axis.Name}: [{string.Join(", ", axis.Values)}]\n");
        foreach (var (k, v) in fixedParams) yaml.Append($"# param {k}: {v}\n");
        return await store.UpsertCampaignAsync(new Campaign
        {
            Name = name,
            Description = $"Imported from {folders.Length} run folder(s)",
            Duration = TimeSpan.FromMicroseconds(Math.Max(1, windows.Max(w => w.T1 - w.T0))),
            Matrix = axes,
            Params = fixedParams,
            Roles = [],
            Yaml = yaml.ToString(),
            SourcePath = CommonParent(directories),
        }, ct);
    }

    /// <summary>The name of the folders' common parent, made a valid campaign name.</summary>
    public static string DefaultCampaignName(IReadOnlyList<string> directories)
    {
        var name = Path.GetFileName(CommonParent(directories).TrimEnd(Path.DirectorySeparatorChar));
        var clean = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());
        return clean.Trim('.').Length == 0 ? "imported" : clean;
    }

    private static string CommonParent(IReadOnlyList<string> directories)
    {
        var parents = directories.Select(d => Path.GetDirectoryName(Path.GetFullPath(d).TrimEnd(Path.DirectorySeparatorChar)) ?? "/").ToArray();
        var common = parents[0];
        while (!parents.All(p => p == common || p.StartsWith(common.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            common = Path.GetDirectoryName(common) ?? "/";
        }
        return common;
    }
}
