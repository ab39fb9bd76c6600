using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Stacks.LiveWs;

/// <summary>What both ends of the live-ws stack agree on: the picture they stream and how fast.</summary>
public sealed record LiveWsStream(int Fps, int Width, int Height, SyntheticContent Content, int Seed)
{
    public static LiveWsStream Parse(int fps, string resolution, string content, int seed)
    {
        if (fps is < 1 or > 240)
        {
            throw new FormatException($"fps {fps} must be 1..240");
        }
        var (width, height) = LumaFrame.ParseResolution(resolution);
        return new LiveWsStream(fps, width, height, SyntheticSource.ParseContent(content), seed);
    }

    public SyntheticSource CreateSource() => new(Width, Height, Content, Seed);
}

/// <summary>Wall-clock microseconds since the Unix epoch, the time base of frames.csv and prom.tsv.</summary>
public static class WallClock
{
    public static long NowUs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
