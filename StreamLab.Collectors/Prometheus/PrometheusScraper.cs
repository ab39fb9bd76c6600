using StreamLab.Core.Running;

namespace StreamLab.Collectors.Prometheus;

/// <summary>Scrapes Prometheus text endpoints over HTTP with a short timeout; faults become the result's error.</summary>
public sealed class PrometheusScraper(HttpClient http) : IMetricsScraper
{
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
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Failed($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            text = await response.Content.ReadAsStringAsync(deadline.Token);
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
            null);
    }

    private static ScrapeResult Failed(string error) => new([], [], error);
}
