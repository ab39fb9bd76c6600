using Microsoft.Extensions.DependencyInjection;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Storage;
using StreamLab.Web.Dashboard;

namespace StreamLab.Tests.Web.Dashboard;

/// <summary>The dashboard's queue with real processes: one campaign at a time, cancel reaps, the next one starts.</summary>
[Trait("Category", "Slow")]
public class CampaignQueueTests
{
    [Fact]
    public async Task Queue_TwoCampaigns_RunsOneAtATimeAndCancelStopsTheRunningOne()
    {
        await using var app = await TestApp.StartAsync();
        var queue = app.App.Services.GetRequiredService<CampaignQueue>();
        var tag = "slqueue-" + Guid.NewGuid().ToString("N")[..10];
        var first = queue.Enqueue(Long("q-first", tag));
        var second = queue.Enqueue(Long("q-second", tag));

        await WaitForAsync(() => State(queue, first.Ticket) == QueueState.Running && queue.Entries.Single(e => e.Ticket == first.Ticket).CurrentStartedAt is not null);
        Assert.Equal(QueueState.Queued, State(queue, second.Ticket));
        Assert.True(queue.Cancel(first.Ticket));
        await WaitForAsync(() => State(queue, first.Ticket) == QueueState.Cancelled);
        await WaitForAsync(() => State(queue, second.Ticket) == QueueState.Running);
        Assert.True(queue.Cancel(second.Ticket));
        await WaitForAsync(() => State(queue, second.Ticket) == QueueState.Cancelled);

        var records = await app.Store.ListRecordsAsync("q-first");
        Assert.Equal(RecordStatus.Cancelled, Assert.Single(records).Status);
        await WaitForAsync(() => ProcessTable.WithArgument(tag).Count == 0);
        Assert.False(queue.Cancel(first.Ticket));
    }

    private static Campaign Long(string name, string tag)
    {
        var yaml = TestApp.TinyCampaignYaml(name, repetitions: 1)
            .Replace("duration: 1500ms", "duration: 60s", StringComparison.Ordinal)
            .Replace("\"{mode}\"", $"\"{tag}\"", StringComparison.Ordinal);
        var loaded = CampaignLoader.LoadText(yaml, "<test>");
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        return loaded.Campaign!;
    }

    private static QueueState State(CampaignQueue queue, int ticket) => queue.Entries.Single(e => e.Ticket == ticket).State;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the queue");
            await Task.Delay(50);
        }
    }
}
