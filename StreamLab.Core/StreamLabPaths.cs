using System.Globalization;

namespace StreamLab.Core;

/// <summary>Where StreamLab keeps its files: one data folder holding the database and the record folders.</summary>
public sealed class StreamLabPaths(string dataDirectory)
{
    /// <summary>The data folder: <c>--data DIR</c>, else <c>STREAMLAB_DATA</c>, else <c>./data</c>.</summary>
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public string RecordsDirectory => Path.Combine(DataDirectory, "records");

    public string RecordDirectory(long recordId) =>
        Path.Combine(RecordsDirectory, recordId.ToString(CultureInfo.InvariantCulture));

    public static string DefaultDataDirectory() =>
        Environment.GetEnvironmentVariable("STREAMLAB_DATA") is { Length: > 0 } fromEnv ? fromEnv : "data";
}
