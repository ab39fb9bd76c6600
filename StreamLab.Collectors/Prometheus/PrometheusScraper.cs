using StreamLab.Core.Running;

namespace StreamLab.Collectors.Prometheus;

/// <summary>
/// Scrapes Prometheus text endpoints over HTTP with a short timeout and at most <see cref="MaxBodyBytes"/> of body;
/// faults become the result's error.
/// </summary>
public sealed class PrometheusScraper(HttpClient http) : IMetricsScraper
{
    /// <summary>A node exporter's page is ~100 kB; a body past this is refused, not read into memory.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public PrometheusScraper() : this(new HttpClient())
    {
    }

    public async Task<ScrapeResult> ScrapeAsync(string url, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        string text;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", "text/plain;version=0.0.4;q=0.9,*/*;q=0.1");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Failed($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            if (await ReadBoundedAsync(response.Content, deadline.Token) is not { } body)
            {
                return Failed($"{url}: the answer is larger than {MaxBodyBytes:N0} bytes; not read");
            }
            text = body;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed($"{url}: no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            return Failed($"{url}: {e.Message}");
        }
        var exposition = PrometheusTextParser.Parse(text);
        return new ScrapeResult(
            exposition.Samples.Select(s => new KeyValuePair<string, double>(s.Series, s.Value)).ToArray(),
            exposition.Problems.Select(p => $"{url} {p}").ToArray(),
            null) { SkippedCount = exposition.ProblemCount };
    }

    private static async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var body = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return null;
            }
            body.Write(buffer, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
    }

    private static ScrapeResult Failed(string error) => new([], [], error);
}
