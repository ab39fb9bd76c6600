using System.Text;
using Microsoft.Extensions.Logging;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Import;
using StreamLab.Core.Matrix;
using StreamLab.Core.Metrics;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Import;

/// <summary>
/// How to import run folders: the campaign (default: the folders' common parent), whether bad data lines are skipped
/// instead of rejecting their folder, the counters to summarise, and whether one rejected folder rejects them all.
/// </summary>
public sealed record ImportOptions(string? Campaign = null, bool Lenient = false, IReadOnlyList<string>? Counters = null, bool AllOrNothing = false)
{
    /// <summary>Every problem with the options themselves (campaign name, counter selectors), one rule for CLI, API and page.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Campaign is not null && CampaignNames.Problem(Campaign) is { } name)
        {
            problems.Add($"campaign {name}");
        }
        foreach (var selector in Counters ?? [])
        {
            if (CounterSelector.TryParse(selector, out var problem) is null)
            {
                problems.Add($"counter '{selector}': {problem}");
            }
        }
        return problems;
    }
}

/// <summary>What became of one folder: its record, or why it was rejected.</summary>
public sealed record FolderOutcome(
    string Directory,
    long? RecordId,
    string PointKey,
    int Repetition,
    IReadOnlyList<InputProblem> Problems,
    long ProblemCount,
    IReadOnlyList<string> Notes,
    long Frames,
    long Samples,
    long Events,
    bool WindowDerived,
    IReadOnlyDictionary<string, double> Summary)
{
    public bool Imported => RecordId is not null;

    public static FolderOutcome Rejected(RunFolder folder, IReadOnlyList<InputProblem>? problems = null) =>
        new(folder.Directory, null, "", 0, problems ?? folder.Problems, problems?.Count ?? folder.ProblemCount, folder.Notes, 0, 0, 0, false,
            new Dictionary<string, double>());
}

/// <summary>The campaign the folders went into and each folder's outcome.</summary>
public sealed record ImportReport(string Campaign, IReadOnlyList<FolderOutcome> Folders)
{
    public bool AllImported => Folders.All(f => f.Imported);
}

/// <summary>
/// Imports harness run folders as records of one campaign: its parameters are the meta.env keys
/// whose values differ between the folders (the others are fixed parameters). Strict by default:
/// any malformed line rejects that folder's record. Each folder is read twice and never held (see
/// <see cref="RunFolderReader"/>); the accepted ones are stored in one transaction, so an import is
/// stored whole or not at all, and nothing already stored is changed (an existing campaign only gains records).
/// </summary>
public sealed class RunFolderImporter(RecordImporter importer, ILogger<RunFolderImporter> logger)
{
    public Task<ImportReport> ImportAsync(IReadOnlyList<string> directories, ImportOptions options, CancellationToken ct = default) =>
        ImportAsync(directories.Select(d => RunFolderReader.Scan(d, ct)).ToArray(), options, ct);

    /// <summary>Imports folders already scanned (an upload scans them first to answer with every problem).</summary>
    public async Task<ImportReport> ImportAsync(IReadOnlyList<RunFolder> folders, ImportOptions options, CancellationToken ct = default)
    {
        if (options.Problems() is { Count: > 0 } optionProblems)
        {
            throw new ArgumentException(string.Join("; ", optionProblems), nameof(options));
        }
        var name = options.Campaign ?? DefaultCampaignName(folders.Select(f => f.Directory).ToArray());
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["campaign"] = name });
        var accepted = folders.Where(f => f.ProblemCount == 0 || (options.Lenient && !f.Broken)).ToArray();
        foreach (var rejected in folders.Except(accepted))
        {
            logger.LogInformation("Rejected {Folder}: {Count} problem(s), first: {First}", rejected.Directory, rejected.ProblemCount, rejected.Problems.FirstOrDefault());
        }
        if (accepted.Length == 0 || (options.AllOrNothing && accepted.Length < folders.Count))
        {
            return new ImportReport(name, folders.Select(f => FolderOutcome.Rejected(f)).ToArray());
        }

        var keys = accepted.SelectMany(f => f.Meta.Keys).Where(RunFolderLayout.IsParameter).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var varying = keys.Where(k => accepted.Select(f => f.Meta.GetValueOrDefault(k)).Distinct().Count() > 1).ToArray();
        var fixedParams = keys.Except(varying).ToDictionary(k => k, k => accepted[0].Meta[k], StringComparer.Ordinal);
        var records = accepted.Select(f => Record(f, varying)).ToArray();
        IReadOnlyList<StoredImport> stored;
        try
        {
            stored = await importer.ImportAsync(Campaign(name, folders, accepted, varying, fixedParams), records, options.Counters ?? [], ct);
        }
        catch (InvalidDataException e)
        {
            // A folder changed between its two readings: the transaction was rolled back, nothing is stored.
            var problem = new InputProblem("(import)", 0, null, e.Message);
            return new ImportReport(name, folders.Select(f => FolderOutcome.Rejected(f, accepted.Contains(f) ? [problem] : null)).ToArray());
        }
        var outcomes = folders.Select(f => FolderOutcome.Rejected(f)).ToArray();
        for (var i = 0; i < accepted.Length; i++)
        {
            var (folder, record, result) = (accepted[i], records[i], stored[i]);
            logger.LogInformation("Imported {Folder} as record {Record}: {Frames} frames, {Samples} samples, {Events} events",
                folder.Directory, result.Id, result.Frames, result.Samples, result.Events);
            outcomes[Array.IndexOf(folders.ToArray(), folder)] = new FolderOutcome(folder.Directory, result.Id, record.PointKey, result.Repetition,
                folder.Problems, folder.ProblemCount, folder.Notes, result.Frames, result.Samples, result.Events, WindowDerived(folder), result.Summary);
        }
        return new ImportReport(name, outcomes);
    }

    private static ImportedRecord Record(RunFolder folder, string[] varying)
    {
        var point = varying.Where(folder.Meta.ContainsKey).ToDictionary(k => k, k => folder.Meta[k], StringComparer.Ordinal);
        var (t0, t1) = Window(folder);
        var parameters = folder.Meta.Where(m => RunFolderLayout.IsParameter(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        var reason = folder.Meta.GetValueOrDefault(RunFolderLayout.ReasonKey) is { Length: > 0 } r ? r : null;
        if (folder.ProblemCount > 0)
        {
            reason = (reason is null ? "" : reason + "; ") + $"imported with {folder.ProblemCount} bad line(s) skipped, first: {folder.Problems[0]}";
        }
        return new ImportedRecord(MatrixPoint.CanonicalKey(point), parameters, MetaEnvParser.Status(folder.Meta), reason, t0, t1,
            folder.Directory, folder.Counts, (writer, ct) => RunFolderReader.Stream(folder, writer, ct));
    }

    /// <summary>The window from meta.env, or from the data's first and last time when it is not given.</summary>
    private static (long T0, long T1) Window(RunFolder folder)
    {
        var t0 = MetaEnvParser.Time(folder.Meta, RunFolderLayout.T0Key) ?? folder.FirstUs ?? 0;
        var t1 = MetaEnvParser.Time(folder.Meta, RunFolderLayout.T1Key) ?? (folder.LastUs is { } last ? last + 1 : t0 + 1);
        return (t0, Math.Max(t1, t0));
    }

    private static bool WindowDerived(RunFolder folder) =>
        MetaEnvParser.Time(folder.Meta, RunFolderLayout.T0Key) is null || MetaEnvParser.Time(folder.Meta, RunFolderLayout.T1Key) is null;

    private static ImportedCampaign Campaign(string name, IReadOnlyList<RunFolder> folders, RunFolder[] accepted, string[] varying,
        Dictionary<string, string> fixedParams)
    {
        var axes = varying.Select(k => new MatrixAxis(k, accepted.Select(f => f.Meta.GetValueOrDefault(k)).OfType<string>().Distinct().ToArray())).ToArray();
        var yaml = new StringBuilder($"# imported by `streamlab import` from {accepted.Length} run folder(s); not runnable\nname: {name}\n");
        foreach (var axis in axes) yaml.Append($"# matrix {axis.Name}: [{string.Join(", ", axis.Values)}]\n");
        foreach (var (k, v) in fixedParams) yaml.Append($"# param {k}: {v}\n");
        return new ImportedCampaign(name, $"Imported from {accepted.Length} run folder(s)", yaml.ToString(),
            CommonParent(folders.Select(f => f.Directory).ToArray()));
    }

    /// <summary>The name of the folders' common parent, made a valid campaign name.</summary>
    public static string DefaultCampaignName(IReadOnlyList<string> directories)
    {
        if (directories.Count == 0)
        {
            return "imported";
        }
        var name = Path.GetFileName(CommonParent(directories).TrimEnd(Path.DirectorySeparatorChar));
        var clean = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').Take(CampaignNames.MaxLength).ToArray());
        return CampaignNames.IsValid(clean) ? clean : "imported";
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
