using System.Globalization;
using System.Text;
using StreamLab.Core.Raw;
using StreamLab.Core.Storage;

namespace StreamLab.Core.Import;

/// <summary>
/// Writes a record back as a harness run folder: frames.csv, prom.tsv, events.csv and meta.env
/// (parameters, T0_US/T1_US, status), which <c>streamlab import</c> reads back to the same summary.
/// </summary>
public static class RecordExporter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes the four files into <paramref name="directory"/>; refuses to overwrite any of them.</summary>
    public static async Task ExportAsync(RecordView record, RecordRaw raw, string directory, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        string[] files = [RunFolderLayout.Meta, RunFolderLayout.Frames, RunFolderLayout.Samples, RunFolderLayout.Events];
        if (files.FirstOrDefault(f => File.Exists(Path.Combine(directory, f))) is { } existing)
        {
            throw new IOException($"{Path.Combine(directory, existing)} already exists; export into an empty folder");
        }
        await File.WriteAllTextAsync(Path.Combine(directory, RunFolderLayout.Meta), Meta(record), ct);
        await WriteLinesAsync(Path.Combine(directory, RunFolderLayout.Frames), FrameLines(raw.Frames), ct);
        await WriteLinesAsync(Path.Combine(directory, RunFolderLayout.Samples),
            raw.Samples.Select(s => $"{s.TimeUs}\t{s.Series}\t{Number(s.Value)}"), ct);
        await WriteLinesAsync(Path.Combine(directory, RunFolderLayout.Events),
            raw.Events.Select(e => $"{e.TimeUs},{Csv(OneLine(e.Kind))},{Csv(OneLine(e.Detail ?? ""))}").Prepend("wall_us,event,detail"), ct);
    }

    private static string Meta(RecordView record)
    {
        var meta = new StringBuilder();
        meta.Append("# exported by streamlab: record ").Append(record.Id).Append(", campaign ").Append(record.Campaign).Append('\n');
        foreach (var (key, value) in record.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            meta.Append(key).Append('=').Append(OneLine(value)).Append('\n');
        }
        if (record.T0Us is { } t0 && record.T1Us is { } t1)
        {
            meta.Append(RunFolderLayout.T0Key).Append('=').Append(t0).Append('\n');
            meta.Append(RunFolderLayout.T1Key).Append('=').Append(t1).Append('\n');
        }
        meta.Append(RunFolderLayout.StatusKey).Append('=').Append(record.Status.ToString().ToLowerInvariant()).Append('\n');
        if (record.Reason is { } reason)
        {
            meta.Append(RunFolderLayout.ReasonKey).Append('=').Append(OneLine(reason)).Append('\n');
        }
        meta.Append(RunFolderLayout.InfoPrefix).Append("RECORD=").Append(record.Id).Append('\n');
        meta.Append(RunFolderLayout.InfoPrefix).Append("CAMPAIGN=").Append(record.Campaign).Append('\n');
        meta.Append(RunFolderLayout.InfoPrefix).Append("POINT=").Append(record.PointKey).Append('\n');
        meta.Append(RunFolderLayout.InfoPrefix).Append("REPETITION=").Append(record.Repetition).Append('\n');
        return meta.ToString();
    }

    private static IEnumerable<string> FrameLines(IReadOnlyList<FrameRow> frames)
    {
        // Optional columns only when some frame has them, as harnesses write them.
        var size = frames.Any(f => f.SizeBytes is not null);
        var decode = frames.Any(f => f.DecodeUs is not null);
        var encode = frames.Any(f => f.EncodeUs is not null);
        var quality = frames.Any(f => f.Quality is not null);
        var psnr = frames.Any(f => f.PsnrDb is not null);
        var ssim = frames.Any(f => f.Ssim is not null);
        var header = new StringBuilder("recv_wall_us,frame_id,user_timestamp_us,width,height");
        if (size) header.Append(",size_bytes");
        if (decode) header.Append(",decode_us");
        if (encode) header.Append(",encode_us");
        if (quality) header.Append(",quality");
        if (psnr) header.Append(",psnr_db");
        if (ssim) header.Append(",ssim");
        yield return header.ToString();
        var line = new StringBuilder();
        foreach (var f in frames)
        {
            line.Clear();
            line.Append(f.RecvWallUs).Append(',').Append(f.FrameId).Append(',').Append(f.UserTimestampUs?.ToString(Invariant))
                .Append(',').Append(f.Width).Append(',').Append(f.Height);
            if (size) line.Append(',').Append(f.SizeBytes?.ToString(Invariant));
            if (decode) line.Append(',').Append(Optional(f.DecodeUs));
            if (encode) line.Append(',').Append(Optional(f.EncodeUs));
            if (quality) line.Append(',').Append(Optional(f.Quality));
            if (psnr) line.Append(',').Append(Optional(f.PsnrDb));
            if (ssim) line.Append(',').Append(Optional(f.Ssim));
            yield return line.ToString();
        }
    }

    private static async Task WriteLinesAsync(string path, IEnumerable<string> lines, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        foreach (var line in lines)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(line);
        }
    }

    // The frames CSV writes infinity as ffmpeg does ("inf", e.g. PSNR of identical frames).
    private static string Optional(double? value) => value switch
    {
        null => "",
        double.PositiveInfinity => "inf",
        { } v => Number(v),
    };

    /// <summary>Shortest round-trip text; NaN, +Inf and -Inf as the Prometheus format writes them.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", Invariant),
    };

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string OneLine(string value) => value.Replace('\n', ' ').Replace('\r', ' ');
}
