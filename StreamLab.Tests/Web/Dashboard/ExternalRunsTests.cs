using System.Diagnostics;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>A campaign started with <c>streamlab run</c> in another process shows on the Campaigns page while it runs, then goes.</summary>
[Trait("Category", "Slow")]
public class ExternalRunsTests
{
    [Fact]
    public async Task CliRun_OnTheSameDataFolder_ShowsLiveOnTheCampaignsPage()
    {
        await using var app = await TestApp.StartAsync();
        var file = Path.Combine(app.DataDirectory, "ext-cli.yaml");
        await File.WriteAllTextAsync(file, TestApp.TinyCampaignYaml("ext-cli", repetitions: 1).Replace("duration: 1500ms", "duration: 3s", StringComparison.Ordinal));
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "streamlab")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", file, "--data", app.DataDirectory })
        {
            psi.ArgumentList.Add(arg);
        }
        using var cli = Process.Start(psi)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        try
        {
            var shown = await PollPageAsync(app, page => page.Contains("class=\"sl-table sl-external\"", StringComparison.Ordinal)
                && page.Contains("now: <code>latency=", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            Assert.Contains($"run from the command line by pid {cli.Id}", shown);
            Assert.Contains("data-campaign=\"ext-cli\"", shown);
            Assert.Contains("data-state=\"running\"", shown);
            Assert.Contains(" / 4 records", shown);

            await cli.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(180));
            Assert.True(cli.ExitCode == 0, $"exit {cli.ExitCode}\n{await stdout}\n{await stderr}");
            var after = await PollPageAsync(app, page => !page.Contains("sl-external", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.Contains("complete", after);
        }
        finally
        {
            if (!cli.HasExited)
            {
                cli.Kill(entireProcessTree: true);
                await cli.WaitForExitAsync();
            }
        }
    }

    private static async Task<string> PollPageAsync(TestApp app, Func<string, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        string page;
        do
        {
            page = await app.Http.GetStringAsync("/");
            if (condition(page))
            {
                return page;
            }
            await Task.Delay(300);
        }
        while (DateTime.UtcNow < until);
        throw new TimeoutException($"the Campaigns page never showed what was expected within {timeout}:\n{page}");
    }
}
