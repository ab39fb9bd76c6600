using System.Globalization;

namespace StreamLab.Collectors.Stacks.Vod;

/// <summary>
/// The player's record files: events (<c>wall_us,event,detail</c>, flushed per event so the runner
/// sees a stall as it happens) and samples in the prom.tsv layout (<c>wall_us\tseries\tvalue</c>).
/// Not thread-safe: the player writes under its lock.
/// </summary>
public sealed class VodPlayerFiles(TextWriter events, TextWriter samples)
{
    private bool _headerWritten;

    public void Event(long wallUs, string kind, string? detail)
    {
        if (!_headerWritten)
        {
            events.Write("wall_us,event,detail\n");
            _headerWritten = true;
        }
        events.Write(string.Create(CultureInfo.InvariantCulture, $"{wallUs},{kind},{detail}\n"));
        events.Flush();
    }

    public void Sample(long wallUs, string series, double value)
    {
        if (double.IsFinite(value))
        {
            samples.Write(string.Create(CultureInfo.InvariantCulture, $"{wallUs}\t{series}\t{value:0.####}\n"));
        }
    }

    public void FlushSamples() => samples.Flush();

    public static long WallUs(TimeProvider time) => (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
