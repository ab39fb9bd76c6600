namespace StreamLab.Core.Metrics;

/// <summary>Names of the sample series StreamLab records itself, in Prometheus-like <c>name{labels}</c> form.</summary>
public static class SeriesNames
{
    public const string SystemCpuPct = "sys_cpu_pct";
    public const string SystemMemMb = "sys_mem_mb";

    public static string RoleCpuPct(string role) => $"cpu_pct{{role=\"{role}\"}}";
    public static string RoleRssMb(string role) => $"rss_mb{{role=\"{role}\"}}";
}
