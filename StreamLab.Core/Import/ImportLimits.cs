namespace StreamLab.Core.Import;

/// <summary>
/// The limits on every file StreamLab reads from a run folder or an upload, and on the files roles write while
/// recording. They bound memory and time whatever the input: a line is never held beyond
/// <see cref="MaxLineBytes"/>, a file is never read beyond <see cref="MaxFileBytes"/> or <see cref="MaxRowsPerFile"/>,
/// and a zip is refused before it can unpack beyond <see cref="MaxUploadBytes"/>. SECURITY.md lists them.
/// </summary>
public static class ImportLimits
{
    /// <summary>One line of any record file (a frames row is ~100 bytes; an event detail or a labelled series a few hundred).</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Problems kept per file (all are counted), and listed per upload.</summary>
    public const int MaxProblemsListed = 100;

    /// <summary>One data file (frames.csv, prom.tsv, events.csv) as read, or one file of an upload once unpacked.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>meta.env: a few dozen KEY=VALUE lines in practice.</summary>
    public const long MaxMetaBytes = 1024 * 1024;

    /// <summary>Keys in one meta.env (each becomes a parameter or a fixed parameter of the campaign).</summary>
    public const int MaxMetaKeys = 1_000;

    /// <summary>
    /// Rows of one data file: 9 h of 30 fps frames. A record's summary reads its window's frames in memory (as the
    /// runner's does), so this bounds what one import can take (a 1M-frame import peaks near 0.6 GB).
    /// </summary>
    public const int MaxRowsPerFile = 1_000_000;

    /// <summary>Everything one upload unpacks to, all files together.</summary>
    public const long MaxUploadBytes = 1024L * 1024 * 1024;

    /// <summary>Files in one upload (zip entries and form files together).</summary>
    public const int MaxUploadFiles = 10_000;

    /// <summary>
    /// A zip entry may unpack to at most this many times its compressed size once it is past
    /// <see cref="RatioFreeBytes"/> (real run folders deflate about 4:1; zip bombs 1000:1).
    /// </summary>
    public const int MaxZipRatio = 100;

    /// <summary>Unpacked bytes of an entry before <see cref="MaxZipRatio"/> applies (tiny files compress oddly).</summary>
    public const long RatioFreeBytes = 1024 * 1024;

    /// <summary>A path inside an upload: characters in all, folders deep, bytes per name (the file system's limit).</summary>
    public const int MaxPathChars = 1024;

    public const int MaxPathDepth = 16;

    public const int MaxNameBytes = 255;
}
