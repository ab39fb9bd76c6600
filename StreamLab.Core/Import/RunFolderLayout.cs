namespace StreamLab.Core.Import;

/// <summary>The files of a harness run folder and the meta.env keys that are not parameters.</summary>
public static class RunFolderLayout
{
    public const string Frames = "frames.csv";
    public const string Samples = "prom.tsv";
    public const string Events = "events.csv";
    public const string Meta = "meta.env";
    public const string T0Key = "T0_US";
    public const string T1Key = "T1_US";
    public const string StatusKey = "STATUS";
    public const string ReasonKey = "REASON";
    /// <summary>Keys starting with this are informative (record id, campaign, point) and never parameters.</summary>
    public const string InfoPrefix = "STREAMLAB_";

    public static bool IsParameter(string key) =>
        key is not (T0Key or T1Key or StatusKey or ReasonKey) && !key.StartsWith(InfoPrefix, StringComparison.Ordinal);
}
