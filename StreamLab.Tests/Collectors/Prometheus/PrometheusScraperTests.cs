using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StreamLab.Collectors.Prometheus;

namespace StreamLab.Tests.Collectors.Prometheus;

/// <summary>The scraper against a real HTTP server on 127.0.0.1: its answers are bounded like every other input.</summary>
public sealed class PrometheusScraperTests
{
    private static async Task<(WebApplication App, string Url)> ServeAsync(Func<HttpContext, Task> metrics)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/metrics", metrics);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, address + "/metrics");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Scrape_AnswerOverTheBodyLimit_IsAnErrorAndIsNotRead(bool announced)
    {
        var line = "x_total 1\n"u8.ToArray();
        var (app, url) = await ServeAsync(async http =>
        {
            if (announced) http.Response.ContentLength = (PrometheusScraper.MaxBodyBytes / line.Length + 1) * line.Length;
            for (var i = 0; i <= PrometheusScraper.MaxBodyBytes / line.Length; i++)
            {
                await http.Response.Body.WriteAsync(line);
            }
        });
        await using var _ = app;

        var result = await new PrometheusScraper().ScrapeAsync(url, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Contains($"larger than {PrometheusScraper.MaxBodyBytes:N0} bytes", result.Error);
        Assert.Empty(result.Series);
    }

    [Fact]
    public async Task Scrape_ManyBadLines_KeepsTheFirst100_AndCountsAll()
    {
        var (app, url) = await ServeAsync(http => http.Response.WriteAsync("ok 1\n" + string.Concat(Enumerable.Repeat("not valid\n", 5_000))));
        await using var _ = app;

        var result = await new PrometheusScraper().ScrapeAsync(url, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal("ok", Assert.Single(result.Series).Key);
        Assert.Equal(100, result.SkippedLines.Count);
        Assert.Equal(5_000, result.SkippedCount);
    }
}
