using System.Collections.Concurrent;
using StreamLab.Core.Raw;

namespace StreamLab.Tests.Collectors.Files;

/// <summary>The tests' own raw sink: keeps every row in memory.</summary>
internal sealed class MemorySink : IRawSink
{
    public ConcurrentQueue<FrameRow> Frames { get; } = new();
    public ConcurrentQueue<SampleRow> Samples { get; } = new();
    public ConcurrentQueue<EventRow> Events { get; } = new();

    public void Add(in FrameRow row) => Frames.Enqueue(row);
    public void Add(in SampleRow row) => Samples.Enqueue(row);
    public void Add(in EventRow row) => Events.Enqueue(row);
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
