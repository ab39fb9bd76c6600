namespace StreamLab.Web.Cli;

/// <summary>How the CLI writes durations and point keys.</summary>
internal static class Format
{
    public static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0.0}s";

    public static string Point(string key) => key.Length == 0 ? "(single point)" : key;
}
