using System.Diagnostics;
using StreamLab.Collectors.Stacks.Vod;
using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Collectors.Stacks;

/// <summary>The vod-chunks pieces that need no process: playback buffer, node scores, profile syntax.</summary>
public class VodUnitTests
{
    private static long S(double seconds) => (long)Math.Round(seconds * 1e6);

    [Fact]
    public void PlaybackBuffer_HandCheckedTimeline_StartsStallsResumesAndEnds()
    {
        // 5 chunks of 2 s, start (and resume) at 4 s of buffer.
        var events = new List<(double At, string Kind)>();
        var buffer = new PlaybackBuffer(new VodVideo(2, 8, 10), 4, (us, kind, _) => events.Add((us / 1e6, kind)));
        buffer.Advance(S(0));
        buffer.ChunkArrived(1, S(0.5)); // out of order: does not count yet
        Assert.Equal(0, buffer.BufferS);
        buffer.ChunkArrived(0, S(1.0)); // 4 s buffered: startup
        Assert.Equal(PlaybackState.Playing, buffer.State);
        buffer.Advance(S(4.0));
        Assert.Equal(1, buffer.BufferS, 9);
        buffer.ChunkArrived(2, S(4.5)); // 0.5 + 2
        Assert.Equal(2.5, buffer.BufferS, 9);
        buffer.Advance(S(8.0)); // ran dry at 4.5 + 2.5 = 7.0 s
        Assert.Equal(PlaybackState.Stalled, buffer.State);
        Assert.Equal(6, buffer.PositionS, 9);
        buffer.ChunkArrived(3, S(9.0)); // 2 s < 4 s: still stalled
        Assert.Equal(PlaybackState.Stalled, buffer.State);
        buffer.ChunkArrived(4, S(9.5)); // 4 s, the rest of the video: resume
        buffer.Advance(S(14.0)); // ends at 9.5 + 4 = 13.5 s

        Assert.Equal([(1.0, "startup"), (7.0, "stall_start"), (9.5, "stall_end"), (13.5, "ended")], events);
        Assert.Equal(PlaybackState.Ended, buffer.State);
    }

    [Fact]
    public void PlaybackBuffer_LastShortStretch_ResumesBelowTheStartThreshold()
    {
        var events = new List<string>();
        var buffer = new PlaybackBuffer(new VodVideo(1, 8, 3), 4, (_, kind, _) => events.Add(kind));
        buffer.Advance(0);
        buffer.ChunkArrived(0, S(0.1));
        buffer.ChunkArrived(1, S(0.2));
        Assert.Empty(events);
        buffer.ChunkArrived(2, S(0.3)); // the whole 3 s video: startup though below 4 s
        Assert.Equal(["startup"], events);
    }

    [Fact]
    public void Scoreboard_TriesEveryNodeFirst_ThenPrefersThroughputOverLatency()
    {
        var scores = new NodeScoreboard(3, 2);
        Assert.Equal(double.PositiveInfinity, scores.Score(1, 0));
        scores.Succeeded(0, 100, 10, 0);
        Assert.Equal(1, scores.Best(0, []));
        scores.Succeeded(1, 40, 10, 0);
        scores.Succeeded(2, 100, 2000, 0);
        Assert.Equal(100 / (1 + 10 / 2000.0), scores.Score(0, 0), 9);
        Assert.Equal(50, scores.Score(2, 0), 9); // latency of a whole chunk halves the score
        Assert.Equal(0, scores.Best(0, []));
    }

    [Fact]
    public void Scoreboard_FailedNode_SitsOutADoublingCooldown_AndLosesScore()
    {
        var scores = new NodeScoreboard(2, 2);
        scores.Succeeded(0, 100, 0, 0);
        scores.Succeeded(1, 60, 0, 0);
        scores.Failed(0, S(10));
        Assert.Equal(0, scores.Score(0, S(10.5)));
        Assert.Equal(1, scores.Best(S(10.5), []));
        Assert.Equal(70, scores.Score(0, S(11)), 9); // failure EWMA 0.3
        scores.Failed(0, S(11));
        Assert.Equal(0, scores.Score(0, S(12.9))); // second in a row: 2 s
        Assert.Equal(49, scores.Score(0, S(13)), 9); // failure 0.51
        Assert.Equal(1, scores.Best(S(13), []));
    }

    [Fact]
    public void Scoreboard_BusyBestNode_IsSharedUnlessAnIdleNodeScoresHalfAsWell()
    {
        var scores = new NodeScoreboard(3, 2);
        scores.Succeeded(0, 100, 0, 0);
        scores.Succeeded(1, 40, 0, 0);
        scores.Succeeded(2, 10, 0, 0);
        Assert.Equal(0, scores.Best(0, [0]));
        scores.Succeeded(1, 80, 0, 0); // EWMA 40 → 52
        Assert.Equal(1, scores.Best(0, [0]));
    }

    [Fact]
    public void Scoreboard_Exploring_GivesAStaleNodeAnotherLook()
    {
        var scores = new NodeScoreboard(2, 2);
        scores.Succeeded(0, 100, 0, S(20));
        scores.Succeeded(1, 10, 0, S(5));
        Assert.Equal(0, scores.Best(S(20), []));
        Assert.Equal(1, scores.Best(S(20), [], explore: true)); // not measured for 15 s
    }

    [Fact]
    public void ProfileSyntax_RoundTripsEveryField()
    {
        NodeProfile[] profiles =
        [
            new("fast", 5, 200, []),
            new("flaky", 10.5, null, [new(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9)), new(TimeSpan.FromMilliseconds(12500), TimeSpan.FromSeconds(14))]),
        ];
        var text = NodeProfileSyntax.Format(profiles);
        Assert.Equal("fast:delay_ms=5,bandwidth_mbps=200;flaky:delay_ms=10.5,down=4s-9s+12.5s-14s", text);
        var parsed = NodeProfileSyntax.Parse(text);
        Assert.Equal((5.0, 200.0, 0), (parsed["fast"].DelayMs, parsed["fast"].BandwidthMbps!.Value, parsed["fast"].Down.Count));
        Assert.Null(parsed["flaky"].BandwidthMbps);
        Assert.Equal(profiles[1].Down, parsed["flaky"].Down);
        Assert.True(parsed["flaky"].IsDownAt(TimeSpan.FromSeconds(4)));
        Assert.False(parsed["flaky"].IsDownAt(TimeSpan.FromSeconds(9)));
        Assert.Throws<FormatException>(() => NodeProfileSyntax.Parse("x:speed=3"));
    }

    [Theory]
    [InlineData("4s-9s", 4000, 9000)]
    [InlineData("500ms-2", 500, 2000)]
    [InlineData("0-1.5s", 0, 1500)]
    public void DownWindow_Parses(string text, int fromMs, int toMs)
    {
        Assert.Equal(new DownWindow(TimeSpan.FromMilliseconds(fromMs), TimeSpan.FromMilliseconds(toMs)), DownWindow.TryParse(text));
    }

    [Theory]
    [InlineData("9s-4s")]
    [InlineData("4s")]
    [InlineData("4s-4s")]
    [InlineData("-1s-4s")]
    [InlineData("a-b")]
    public void DownWindow_RejectsMalformedOrEmpty(string text) => Assert.Null(DownWindow.TryParse(text));

    [Fact]
    public void NodeMix_OneProfileForAll_OrOnePerNode()
    {
        Assert.Equal(["fast", "fast", "fast"], NodeMix.Resolve("fast", 3));
        Assert.Equal(["fast", "slow", "flaky"], NodeMix.Resolve("fast-slow-flaky", 3));
        Assert.Contains("names 2 nodes but nodes is 3", Assert.Throws<FormatException>(() => NodeMix.Resolve("fast-slow", 3)).Message);
        Assert.Throws<FormatException>(() => NodeMix.Resolve("fast", 10));
        Assert.Throws<FormatException>(() => NodeMix.Resolve("fast--slow", 3));
    }

    [Fact]
    public void Video_ChunkBytesAndCount_FollowDurationAndBitrate()
    {
        var video = VodVideo.Parse("2", "8", "9");
        Assert.Equal(2_000_000, video.ChunkBytes);
        Assert.Equal(5, video.ChunkCount);
        Assert.Equal((byte)((3 * 131 + 7) & 0xFF), VodVideo.Filler(3, 7, 1).Span[0]);
        Assert.Throws<FormatException>(() => VodVideo.Parse("0", "8", "9"));
    }
}

/// <summary>Timing of the node's bandwidth limit; runs alone like the other measurements.</summary>
[Collection(nameof(CpuMeasurements))]
public class VodThrottleTests
{
    [Fact]
    public async Task Throttle_80Mbps_Takes_AtLeast_90ms_For_1MB_AndSharesTheLinkAcrossWriters()
    {
        var throttle = new BandwidthThrottle(80);
        var watch = Stopwatch.StartNew();
        async Task SendAsync(int bytes)
        {
            for (var sent = 0; sent < bytes; sent += throttle.SliceBytes)
            {
                await throttle.WaitAsync(throttle.SliceBytes, CancellationToken.None);
            }
        }
        await Task.WhenAll(SendAsync(500_000), SendAsync(500_000)); // 1 MB = 100 ms at 80 Mbit/s, less one 10 ms burst
        Assert.True(watch.Elapsed.TotalMilliseconds >= 89, $"{watch.Elapsed.TotalMilliseconds} ms");
        Assert.True(watch.Elapsed.TotalMilliseconds < 2000, $"{watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(100_000, throttle.SliceBytes);
    }
}
