using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using StreamLab.Collectors;
using StreamLab.Collectors.Host;
using StreamLab.Core.Running;

namespace StreamLab.Tests.Collectors.Host;

public sealed class HostTests
{
    [Fact]
    public void Fingerprint_DescribesThisMachine_AndIsCached()
    {
        var provider = new HostFingerprintProvider();
        var host = provider.Get();

        Assert.Equal(Environment.MachineName, host.Hostname);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), host.Kernel);
        Assert.NotEqual("unknown", host.CpuModel);
        Assert.Equal(Environment.ProcessorCount, host.CoreCount);
        Assert.True(host.MemoryMb > 0);
        Assert.Equal(Environment.Version.ToString(), host.ToolVersions["dotnet"]);
        Assert.True(host.ToolVersions.ContainsKey("streamlab"));
        Assert.Same(host, provider.Get());
    }

    [Fact]
    public void FirstLineOf_ReadsAToolsFirstLine_AndNullWhenAbsent()
    {
        Assert.Equal("hello", HostFingerprintProvider.FirstLineOf("echo", "hello"));
        Assert.Null(HostFingerprintProvider.FirstLineOf("no-such-streamlab-tool", "-version"));
    }

    [Fact]
    public void Ports_AreDistinctAndFreeForTcpAndUdp()
    {
        var allocator = new LoopbackPortAllocator();
        var ports = Enumerable.Range(0, 50).Select(_ => allocator.Allocate()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        foreach (var port in ports.Take(10))
        {
            using var tcp = new TcpListener(IPAddress.Loopback, port);
            tcp.Start();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    [Fact]
    public void AddStreamLabCollectors_RegistersEveryContractAsSingleton()
    {
        using var provider = new ServiceCollection().AddStreamLabCollectors().BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<IRoleLauncher>(), provider.GetRequiredService<IRoleLauncher>());
        Assert.NotNull(provider.GetRequiredService<IUsageProbeFactory>());
        Assert.NotNull(provider.GetRequiredService<IRecordFileFollowerFactory>());
        Assert.NotNull(provider.GetRequiredService<IHostFingerprintProvider>());
        Assert.NotNull(provider.GetRequiredService<IPortAllocator>());
    }
}
