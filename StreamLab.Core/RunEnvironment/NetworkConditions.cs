using System.Globalization;

namespace StreamLab.Core.RunEnvironment;

/// <summary>
/// Network conditions of one record, from its <c>net_*</c> parameters. Any of them being set
/// (even to 0) puts the impairment relay between the client side and the server.
/// </summary>
public sealed record NetworkConditions
{
    public const string Prefix = "net_";

    /// <summary>Every parameter the relay reads, with its default.</summary>
    public static IReadOnlyDictionary<string, double> Defaults { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["net_delay_ms"] = 0,
        ["net_jitter_ms"] = 0,
        ["net_bandwidth_kbps"] = 0,
        ["net_loss_pct"] = 0,
        ["net_burst_loss_pct"] = 100,
        ["net_burst_len_s"] = 0,
        ["net_burst_every_s"] = 0,
    };

    /// <summary>One-way delay added in each direction.</summary>
    public double DelayMs { get; init; }
    /// <summary>Uniform ± spread around the delay (never below 0, never reordering).</summary>
    public double JitterMs { get; init; }
    /// <summary>Token-bucket cap of each direction; 0 = none.</summary>
    public double BandwidthKbps { get; init; }
    /// <summary>Random datagram loss (UDP only: TCP cannot lose data).</summary>
    public double LossPct { get; init; }
    /// <summary>Datagram loss during a burst (UDP); a TCP burst forwards nothing.</summary>
    public double BurstLossPct { get; init; } = 100;
    public double BurstLenS { get; init; }
    public double BurstEveryS { get; init; }

    public bool HasBursts => BurstLenS > 0 && BurstEveryS > 0;

    /// <summary>True when the relay only has to copy bytes.</summary>
    public bool IsTransparent => DelayMs == 0 && JitterMs == 0 && BandwidthKbps == 0 && LossPct == 0 && !HasBursts;

    /// <summary>True when any <c>net_*</c> name is among the values (parameters of a record).</summary>
    public static bool AnyIn(IReadOnlyDictionary<string, string> values) =>
        values.Keys.Any(k => k.StartsWith(Prefix, StringComparison.Ordinal));

    /// <summary>The conditions the values ask for, or null when none is set; throws <see cref="FormatException"/> on a bad value.</summary>
    public static NetworkConditions? FromValues(IReadOnlyDictionary<string, string> values)
    {
        if (!AnyIn(values))
        {
            return null;
        }
        foreach (var name in values.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            if (!Defaults.ContainsKey(name))
            {
                throw new FormatException($"unknown network parameter '{name}' (known: {string.Join(", ", Defaults.Keys)})");
            }
        }
        double Read(string name)
        {
            if (!values.TryGetValue(name, out var text))
            {
                return Defaults[name];
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0 || double.IsInfinity(v))
            {
                throw new FormatException($"{name} '{text}' must be a number >= 0");
            }
            return v;
        }
        var conditions = new NetworkConditions
        {
            DelayMs = Read("net_delay_ms"),
            JitterMs = Read("net_jitter_ms"),
            BandwidthKbps = Read("net_bandwidth_kbps"),
            LossPct = Read("net_loss_pct"),
            BurstLossPct = Read("net_burst_loss_pct"),
            BurstLenS = Read("net_burst_len_s"),
            BurstEveryS = Read("net_burst_every_s"),
        };
        if (conditions.LossPct > 100 || conditions.BurstLossPct > 100)
        {
            throw new FormatException("net_loss_pct and net_burst_loss_pct must be at most 100");
        }
        if (conditions.HasBursts && conditions.BurstLenS >= conditions.BurstEveryS)
        {
            throw new FormatException($"net_burst_len_s {conditions.BurstLenS} must be shorter than net_burst_every_s {conditions.BurstEveryS}");
        }
        return conditions;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"delay_ms={DelayMs} jitter_ms={JitterMs} bandwidth_kbps={BandwidthKbps} loss_pct={LossPct} burst_len_s={BurstLenS} burst_every_s={BurstEveryS} burst_loss_pct={BurstLossPct}");
}
