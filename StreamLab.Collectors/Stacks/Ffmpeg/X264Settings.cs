using System.Globalization;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>How the sender's libx264 rate control spends bits.</summary>
public enum RateControl { Cbr, Vbr, Crf }

/// <summary>
/// The libx264 settings a live-ffmpeg record sweeps, and the ffmpeg encoder argv they become.
/// B-frames are always off (<c>-bf 0</c>) and scene-cut keyframes too (<c>-sc_threshold 0</c>), so
/// frames leave the encoder in capture order and I-frames come exactly every <see cref="KeyframePeriod"/>.
/// </summary>
public sealed record X264Settings(int BitrateKbps, int KeyframePeriod, RateControl RateControl, string Preset, string Tune, int Crf)
{
    private static readonly string[] Presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];
    private static readonly string[] Tunes = ["none", "zerolatency", "film", "animation", "grain", "stillimage", "fastdecode", "psnr", "ssim"];

    public static X264Settings Parse(int bitrateKbps, int keyframePeriod, string rateControl, string preset, string tune, int crf)
    {
        if (bitrateKbps is < 16 or > 200_000)
        {
            throw new FormatException($"bitrate_kbps {bitrateKbps} must be 16..200000");
        }
        if (keyframePeriod is < 1 or > 10_000)
        {
            throw new FormatException($"keyframe_period {keyframePeriod} must be 1..10000 frames");
        }
        var control = rateControl switch
        {
            "cbr" => RateControl.Cbr,
            "vbr" => RateControl.Vbr,
            "crf" => RateControl.Crf,
            _ => throw new FormatException($"rate_control '{rateControl}' must be cbr, vbr or crf"),
        };
        if (!Presets.Contains(preset, StringComparer.Ordinal))
        {
            throw new FormatException($"preset '{preset}' must be one of {string.Join(", ", Presets)}");
        }
        if (!Tunes.Contains(tune, StringComparer.Ordinal))
        {
            throw new FormatException($"tune '{tune}' must be one of {string.Join(", ", Tunes)}");
        }
        if (crf is < 0 or > 51)
        {
            throw new FormatException($"crf {crf} must be 0..51");
        }
        return new X264Settings(bitrateKbps, keyframePeriod, control, preset, tune, crf);
    }

    /// <summary>
    /// Encoder argv. cbr: bitrate = maxrate, a VBV of half a second (live-sized); vbr: average
    /// bitrate with peaks to 2×; crf: constant quality capped at the bitrate (capped CRF, as live
    /// encoders run it).
    /// </summary>
    public IReadOnlyList<string> EncoderArgs(int fps)
    {
        var inv = CultureInfo.InvariantCulture;
        var kbps = BitrateKbps.ToString(inv) + "k";
        var period = KeyframePeriod.ToString(inv);
        List<string> args = ["-c:v", "libx264", "-preset", Preset];
        if (Tune != "none")
        {
            args.AddRange(["-tune", Tune]);
        }
        args.AddRange(["-pix_fmt", "yuv420p", "-g", period, "-keyint_min", period, "-sc_threshold", "0", "-bf", "0"]);
        switch (RateControl)
        {
            case RateControl.Cbr:
                args.AddRange(["-b:v", kbps, "-minrate", kbps, "-maxrate", kbps, "-bufsize", (BitrateKbps / 2).ToString(inv) + "k"]);
                break;
            case RateControl.Vbr:
                args.AddRange(["-b:v", kbps, "-maxrate", (BitrateKbps * 2).ToString(inv) + "k", "-bufsize", (BitrateKbps * 2).ToString(inv) + "k"]);
                break;
            case RateControl.Crf:
                args.AddRange(["-crf", Crf.ToString(inv), "-maxrate", kbps, "-bufsize", kbps]);
                break;
        }
        args.AddRange(["-r", fps.ToString(inv)]);
        return args;
    }
}
