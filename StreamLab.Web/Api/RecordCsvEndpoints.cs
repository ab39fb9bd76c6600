using System.Globalization;
using System.Text;
using StreamLab.Core.Storage;

namespace StreamLab.Web.Api;

/// <summary><c>/api/records/{id}/frames.csv</c>, <c>samples.csv</c>, <c>events.csv</c>: a record's raw rows for download.</summary>
public static class RecordCsvEndpoints
{
    public static IEndpointRouteBuilder MapRecordCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/records/{id:long}/frames.csv", (long id, IResultStore store, CancellationToken ct) =>
            Csv(store, id, "frames", "recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes,decode_us,encode_us,quality,psnr_db,ssim",
                raw => raw.Frames.Select(f => Join(f.RecvWallUs, f.FrameId, f.UserTimestampUs, f.Width, f.Height, f.SizeBytes, f.DecodeUs, f.EncodeUs, f.Quality, f.PsnrDb, f.Ssim)), ct));
        app.MapGet("/api/records/{id:long}/samples.csv", (long id, IResultStore store, CancellationToken ct) =>
            Csv(store, id, "samples", "time_us,series,value,warmup",
                raw => raw.Samples.Select(s => Join(s.TimeUs, Quote(s.Series), s.Value, s.Warmup ? 1 : 0)), ct));
        app.MapGet("/api/records/{id:long}/events.csv", (long id, IResultStore store, CancellationToken ct) =>
            Csv(store, id, "events", "wall_us,event,detail",
                raw => raw.Events.Select(e => Join(e.TimeUs, Quote(e.Kind), Quote(e.Detail))), ct));
        return app;
    }

    private static async Task<IResult> Csv(IResultStore store, long id, string what, string header,
        Func<RecordRaw, IEnumerable<string>> lines, CancellationToken ct)
    {
        if (await store.GetRecordAsync(id, ct) is null)
        {
            return ApiProblem.NotFound($"There is no record {id}.");
        }
        var raw = await store.LoadRawAsync(id, ct);
        var text = new StringBuilder(header).Append('\n');
        foreach (var line in lines(raw))
        {
            text.Append(line).Append('\n');
        }
        return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"record-{id}-{what}.csv");
    }

    private static string Join(params object?[] values) =>
        string.Join(',', values.Select(v => v switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));

    private static string Quote(string? value) => Api.Csv.Quote(value);
}
