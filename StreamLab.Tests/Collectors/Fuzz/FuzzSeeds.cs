using System.Text;
using StreamLab.Tests.Collectors.Import;

namespace StreamLab.Tests.Collectors.Fuzz;

/// <summary>Valid inputs the fuzzer mutates: the harness sample folder's files and generated files of every form each parser accepts.</summary>
internal static class FuzzSeeds
{
    private const long T0 = 1_712_000_000_000_000;

    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(RunFolderReaderTests.HarnessSample, name));

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static IReadOnlyList<byte[]> Frames() =>
    [
        Sample("frames.csv"),
        Text("recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes,decode_us,encode_us,quality,psnr_db\n" +
             string.Concat(Enumerable.Range(0, 30).Select(i => $"{T0 + i * 33_333},{i},{(i % 7 == 0 ? "" : T0 + i * 33_333 - 20_000)},1280,720,{10_000 + i},812.5,{i * 0.5},85,{(i % 5 == 0 ? "inf" : "41.5")}\n"))),
        Text("height,width,frame_id,recv_wall_us,user_timestamp_us,gop\r\n720,1280,1,1000,900,30\r\n\"720\",\"1280\",2,1033,933,30\r\n"),
    ];

    public static IReadOnlyList<byte[]> Events() =>
    [
        Sample("events.csv"),
        Text("wall_us,event,detail\n" + $"{T0},burst_on,\"loss=5%, delay=80ms\"\n{T0 + 5},burst_off,\n{T0 + 9},chunk_done,\"chunk=3 node=n1 ms=120 bytes=500000\"\n"),
        Text($"{T0},stall_start\n{T0 + 100},stall_end,\n{T0 + 200},failover,\"from n1 to \"\"n2\"\"\"\n"),
    ];

    public static IReadOnlyList<byte[]> Samples() =>
    [
        Sample("prom.tsv"),
        Text("wall_us\tseries\tvalue\n" + string.Concat(Enumerable.Range(0, 20).Select(i =>
            $"{T0 + i * 250_000}\tqueue_depth{{role=\"client\"}}\t{i % 7}\n{T0 + i * 250_000}\tbuffer_s\t{(i == 3 ? "NaN" : "0.25")}\n" +
            $"{T0 + i * 250_000}\tlat_seconds_bucket{{le=\"+Inf\"}}\t{(i == 5 ? "+Inf" : i)}\n# scrape {i}\n"))),
    ];

    public static IReadOnlyList<byte[]> Meta() =>
    [
        Sample("meta.env"),
        Text("# a harness run\nBITRATE=32000\nCODEC=\"h264\"\nexport HOST=lab1\nNOTE='a b'\nT0_US=1712000001000000\nT1_US=1712000011000000\nSTATUS=failed\nREASON=encoder crashed\nSTREAMLAB_RECORD=4\n"),
        Text("A=1\r\nB=\r\n  C = spaced  \r\nT0_US=-5\r\nT1_US=10"),
    ];

    public static IReadOnlyList<byte[]> Prometheus() =>
    [
        Text("""
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
            metric_without_timestamp_and_labels 12.47
            something_weird{problem="division by zero"} +Inf -3982045
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            # EOF
            """),
        Text("# TYPE vod_node_requests_total counter\n" + string.Concat(Enumerable.Range(1, 9).Select(n =>
            $"vod_node_requests_total{{node=\"n{n}\",profile=\"fast\",}} {n * 10}\nvod_node_bytes_total{{node=\"n{n}\"}} {n}e6\n")) + "process_cpu_seconds_total 1.5\n"),
    ];
}
