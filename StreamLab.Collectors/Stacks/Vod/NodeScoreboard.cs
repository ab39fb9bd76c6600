namespace StreamLab.Collectors.Stacks.Vod;

/// <summary>
/// What the player has seen of each node, as exponentially weighted moving averages (α = 0.3):
/// throughput of finished chunks, time to the first byte, and failures (1 per failed request, 0
/// per success). The smart scheduler ranks nodes by
/// <c>score = throughput × (1 − failure) / (1 + latency / chunk duration)</c>; a node that has
/// never been tried scores +∞ so each is measured once; a failed node sits out a cool-down that
/// doubles with each failure in a row (1 s … 8 s). When exploring is allowed (the buffer is healthy),
/// a node not measured for 10 s also scores +∞ once, so a node that was slow or down gets another
/// look. Not thread-safe: callers lock.
/// </summary>
public sealed class NodeScoreboard(int nodes, double chunkS)
{
    private const double Alpha = 0.3;
    private const long StaleUs = 10_000_000;
    private readonly NodeStats[] _stats = Enumerable.Range(0, nodes).Select(_ => new NodeStats()).ToArray();

    public int Count => _stats.Length;

    public void Succeeded(int node, double throughputMbps, double firstByteMs, long nowUs)
    {
        var s = _stats[node];
        s.MeasuredUs = nowUs;
        s.ThroughputMbps = s.Tried ? Ewma(s.ThroughputMbps, throughputMbps) : throughputMbps;
        s.LatencyMs = s.Tried ? Ewma(s.LatencyMs, firstByteMs) : firstByteMs;
        s.Failure = Ewma(s.Failure, 0);
        s.Tried = true;
        s.FailuresInRow = 0;
    }

    public void Failed(int node, long nowUs)
    {
        var s = _stats[node];
        s.Failure = Ewma(s.Failure, 1);
        s.MeasuredUs = nowUs;
        s.FailuresInRow++;
        s.CoolUntilUs = nowUs + (long)(Math.Min(8, Math.Pow(2, s.FailuresInRow - 1)) * 1e6);
    }

    /// <summary>The node's score; +∞ until tried; 0 while cooling down after a failure.</summary>
    public double Score(int node, long nowUs, bool explore = false)
    {
        var s = _stats[node];
        if (nowUs < s.CoolUntilUs)
        {
            return 0;
        }
        if (!s.Tried || (explore && nowUs - s.MeasuredUs >= StaleUs))
        {
            return double.PositiveInfinity;
        }
        return s.ThroughputMbps * (1 - s.Failure) / (1 + s.LatencyMs / (chunkS * 1000));
    }

    /// <summary>
    /// The best node not cooling down, but when it is in <paramref name="busy"/> the best idle node
    /// if that scores at least half as well; when every node cools down, the one that is back first.
    /// </summary>
    public int Best(long nowUs, IReadOnlyCollection<int> busy, bool explore = false)
    {
        var ready = Enumerable.Range(0, Count).Where(n => nowUs >= _stats[n].CoolUntilUs).ToArray();
        if (ready.Length == 0)
        {
            return Enumerable.Range(0, Count).MinBy(n => _stats[n].CoolUntilUs);
        }
        var best = ready.MaxBy(n => Score(n, nowUs, explore));
        var idle = ready.Where(n => !busy.Contains(n)).ToArray();
        if (!busy.Contains(best) || idle.Length == 0)
        {
            return best;
        }
        // Sharing the best node's link beats a node at under half its score.
        var bestIdle = idle.MaxBy(n => Score(n, nowUs, explore));
        return Score(bestIdle, nowUs, explore) >= Score(best, nowUs, explore) / 2 ? bestIdle : best;
    }

    /// <summary>How long a chunk of <paramref name="bytes"/> should take from the node at its measured throughput; null until tried.</summary>
    public double? ExpectedMs(int node, long bytes) =>
        _stats[node] is { Tried: true, ThroughputMbps: > 0 } s ? bytes * 8 / (s.ThroughputMbps * 1e3) : null;

    /// <summary>The measured throughput of a node (0 until tried), for the samples.</summary>
    public double ThroughputMbps(int node) => _stats[node].ThroughputMbps;

    private static double Ewma(double previous, double sample) => previous + Alpha * (sample - previous);

    private sealed class NodeStats
    {
        public bool Tried;
        public double ThroughputMbps;
        public double LatencyMs;
        public double Failure;
        public int FailuresInRow;
        public long MeasuredUs;
        public long CoolUntilUs;
    }
}
