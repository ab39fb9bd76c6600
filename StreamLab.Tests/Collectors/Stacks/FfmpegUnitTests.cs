using StreamLab.Collectors.Stacks.Ffmpeg;
using StreamLab.Collectors.Stacks.LiveWs;

namespace StreamLab.Tests.Collectors.Stacks;

/// <summary>The live-ffmpeg pieces that need no ffmpeg: vstats parsing, argv building, the size join.</summary>
public class FfmpegUnitTests
{
    private const string V2 = "out=  0 st=  0 frame=     0 q= 20.0 f_size=   8447 s_size=        0kB time= 0.010 br=  2027.3kbits/s avg_br=     0.0kbits/s type= I";
    private const string V1 = "frame=    31 q= 25.0 f_size=    198 s_size=        8kB time= 1.033 br=    47.5kbits/s avg_br=  2027.3kbits/s type= P";

    private static FfmpegStream Stream(string rateControl = "cbr", string transport = "udp", string tune = "zerolatency") => new(
        LiveWsStream.Parse(30, "720p", "scroll", 1),
        X264Settings.Parse(2000, 45, rateControl, "ultrafast", tune, 23),
        FfmpegTransport.Parse(transport, 120));

    [Fact]
    public void Vstats_Version2Line_GivesFrameSizeAndType()
    {
        Assert.True(VstatsLine.TryParse(V2, out var line, out var error), error);
        Assert.Equal(new VstatsLine(0, 8447, 'I'), line);
    }

    [Fact]
    public void Vstats_Version1Line_WithoutOutAndSt_Parses()
    {
        Assert.True(VstatsLine.TryParse(V1, out var line, out _));
        Assert.Equal(new VstatsLine(31, 198, 'P'), line);
    }

    [Theory]
    [InlineData("out=  0 st=  0 frame=     3 q= 20.0 s_size= 0kB type= P", "f_size: missing")]
    [InlineData("frame=     3 f_size=  12x4 type= P", "f_size: '12x4' is not a byte count")]
    [InlineData("frame= -1 f_size= 10 type= P", "frame: '-1' is not a frame number")]
    [InlineData("frame= 4 f_size= 10 type= Q", "type: 'Q' is not a picture type")]
    [InlineData("frame= 4 f_size= 10", "type: missing")]
    [InlineData("garbage", "frame: missing")]
    public void Vstats_MalformedLine_IsRejectedNamingTheField(string text, string expected)
    {
        Assert.False(VstatsLine.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void VstatsFollower_ReadsCompleteLinesOnly_AndReportsBadLinesWithFileAndLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vstats-{Guid.NewGuid():N}.log");
        try
        {
            var follower = new VstatsFollower(path);
            Assert.Empty(follower.Poll()); // no file yet
            File.WriteAllText(path, V2 + "\nframe= 1 f_size= oops type= P\nframe= 2 f_si");
            var first = follower.Poll();
            Assert.Equal([0L], first.Select(l => l.Frame));
            Assert.Equal(1, follower.Malformed);
            Assert.Equal($"{path}:2: f_size: 'oops' is not a byte count", Assert.Single(follower.Problems));
            File.AppendAllText(path, "ze= 77 type= P\n");
            Assert.Equal(new VstatsLine(2, 77, 'P'), Assert.Single(follower.Poll()));
            Assert.Empty(follower.Poll());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SenderArgs_AreSeparateArgvItems_WithFixedGopNoBFramesAndNoSceneCut()
    {
        var args = FfmpegSender.BuildArgs(Stream(), 40123, "/tmp/a b/vstats.log");
        AssertSequence(args, "-f", "rawvideo", "-pix_fmt", "gray", "-video_size", "1280x720", "-framerate", "30", "-i", "pipe:0");
        AssertSequence(args, "-g", "45", "-keyint_min", "45", "-sc_threshold", "0", "-bf", "0");
        AssertSequence(args, "-preset", "ultrafast", "-tune", "zerolatency");
        AssertSequence(args, "-b:v", "2000k", "-minrate", "2000k", "-maxrate", "2000k", "-bufsize", "1000k");
        AssertSequence(args, "-vstats_file", "/tmp/a b/vstats.log"); // a path with a space stays one item: no shell
        Assert.Equal("udp://127.0.0.1:40123?pkt_size=1316", args[^1]);
        Assert.DoesNotContain(args, a => a.Contains(';') || a.Contains('|') || a.Contains("sh -c", StringComparison.Ordinal));
    }

    [Fact]
    public void SenderArgs_RateControlModes_SetTheirOwnRateOptions()
    {
        var vbr = FfmpegSender.BuildArgs(Stream("vbr"), 1, null);
        AssertSequence(vbr, "-b:v", "2000k", "-maxrate", "4000k", "-bufsize", "4000k");
        var crf = FfmpegSender.BuildArgs(Stream("crf", tune: "none"), 1, null);
        AssertSequence(crf, "-crf", "23", "-maxrate", "2000k", "-bufsize", "2000k");
        Assert.DoesNotContain("-tune", crf);
        Assert.DoesNotContain("-b:v", crf);
        Assert.DoesNotContain("-vstats_file", crf);
    }

    [Fact]
    public void ReceiverArgs_DecodeToRawGrey_WithoutNobuffer()
    {
        var args = FfmpegReceiver.BuildArgs(Stream(), 40123, "auto");
        AssertSequence(args, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1");
        Assert.Contains("udp://127.0.0.1:40123?buffer_size=4194304&overrun_nonfatal=1", args);
        Assert.DoesNotContain(args, a => a.Contains("nobuffer", StringComparison.Ordinal)); // it lost the first keyframe
        Assert.DoesNotContain("-threads", args);
        AssertSequence(FfmpegReceiver.BuildArgs(Stream(), 1, "1"), "-threads", "1");
    }

    [Fact]
    public void SrtTransport_ReceiverListens_SenderCalls_WithLatencyInMicroseconds()
    {
        var srt = Stream(transport: "srt");
        Assert.Equal("srt://127.0.0.1:5000?mode=caller&pkt_size=1316&latency=120000", FfmpegSender.BuildArgs(srt, 5000, null)[^1]);
        Assert.Contains("srt://127.0.0.1:5000?mode=listener&latency=120000", FfmpegReceiver.BuildArgs(srt, 5000, "auto"));
    }

    [Theory]
    [InlineData(5, 30, "cbr", "ultrafast", "zerolatency", 23, "bitrate_kbps 5")]
    [InlineData(2000, 0, "cbr", "ultrafast", "zerolatency", 23, "keyframe_period 0")]
    [InlineData(2000, 30, "abr", "ultrafast", "zerolatency", 23, "rate_control 'abr'")]
    [InlineData(2000, 30, "cbr", "warp", "zerolatency", 23, "preset 'warp'")]
    [InlineData(2000, 30, "cbr", "ultrafast", "speed", 23, "tune 'speed'")]
    [InlineData(2000, 30, "crf", "ultrafast", "zerolatency", 60, "crf 60")]
    public void X264Settings_BadValue_IsRejectedNamingTheParameter(int kbps, int period, string rc, string preset, string tune, int crf, string expected)
    {
        var e = Assert.Throws<FormatException>(() => X264Settings.Parse(kbps, period, rc, preset, tune, crf));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFfmpeg_IsAClearErrorNamingTheTool()
    {
        var e = Assert.Throws<ToolMissingException>(() => FfmpegProcess.Locate("/nonexistent-dir"));
        Assert.Contains("ffmpeg was not found on PATH", e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install ffmpeg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceivedRows_JoinSizesByFrameId_AndWaitForVstats()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vstats-{Guid.NewGuid():N}.log");
        try
        {
            var csv = new StringWriter();
            var rows = new ReceivedFrameRows(64, 48, csv, new VstatsFollower(path));
            var now = WallClock.NowUs();
            rows.Add(new DecodedFrame(now, 0, now - 100_000));
            rows.Add(new DecodedFrame(now + 10, 1, null));
            rows.Flush();
            Assert.Equal(0, rows.Rows); // sizes not written yet: the rows wait
            File.WriteAllText(path, "frame= 0 f_size= 9000 type= I\nframe= 1 f_size= 300 type= P\n");
            rows.Flush();
            var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Equal([ReceivedFrameRows.CsvHeader, $"{now},0,{now - 100_000},64,48,9000,,", $"{now + 10},1,,64,48,300,,"], lines);
            Assert.Equal((2, 1, 1), (rows.Rows, rows.KeyframesReceived, rows.StampFailures));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSequence(IReadOnlyList<string> args, params string[] expected)
    {
        for (var i = 0; i + expected.Length <= args.Count; i++)
        {
            if (args.Skip(i).Take(expected.Length).SequenceEqual(expected))
            {
                return;
            }
        }
        Assert.Fail($"argv lacks [{string.Join(" ", expected)}]: {string.Join(" ", args)}");
    }
}
