using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamLab.Collectors;
using StreamLab.Core;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Running;
using StreamLab.Core.Storage;

namespace StreamLab.Tests.TestSupport;

/// <summary>A real StreamLab (SQLite file, real processes) in a temporary data folder.</summary>
public sealed class Lab : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private Lab(string root, ServiceProvider services)
    {
        Root = root;
        _services = services;
    }

    public string Root { get; }
    public string DataDirectory => Path.Combine(Root, "data");
    public IResultStore Store => _services.GetRequiredService<IResultStore>();
    public CampaignRunner Runner => _services.GetRequiredService<CampaignRunner>();

    /// <summary>A unique tag to put in role argv, so leftovers can be found in /proc.</summary>
    public string Tag { get; } = "sltest-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<Lab> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "streamlab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddStreamLabCore(Path.Combine(root, "data"));
        services.AddStreamLabCollectors();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IResultStore>().MigrateAsync();
        return new Lab(root, provider);
    }

    /// <summary>Writes the YAML to a file in the lab folder and loads it; fails the test on any error.</summary>
    public Campaign Campaign(string yaml)
    {
        var path = Path.Combine(Root, $"campaign-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml.Replace("{tag}", Tag, StringComparison.Ordinal));
        var loaded = CampaignLoader.LoadFile(path);
        Assert.True(loaded.IsValid, string.Join(Environment.NewLine, loaded.Errors));
        return loaded.Campaign!;
    }

    public Task<CampaignRunResult> RunAsync(Campaign campaign, bool fresh = false, CancellationToken ct = default) =>
        Runner.RunAsync(campaign, new RunOptions(fresh), null, ct);

    /// <summary>Pids of live processes whose command line contains this lab's tag.</summary>
    public IReadOnlyList<int> Leftovers() => ProcessTable.WithArgument(Tag);

    public async ValueTask DisposeAsync()
    {
        foreach (var pid in Leftovers())
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(true); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        await _services.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Finds processes by their command line.</summary>
public static class ProcessTable
{
    public static IReadOnlyList<int> WithArgument(string fragment)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                var state = File.ReadAllText(Path.Combine(dir, "stat"));
                var zombie = state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (!zombie && cmdline.Contains(fragment, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}

/// <summary>Paths of the repository and the test stacks.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();
    public static string TestStacks => Path.Combine(AppContext.BaseDirectory, "Stacks");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamLab.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("StreamLab.sln not found above " + AppContext.BaseDirectory);
    }
}
