using StreamLab.Core.Storage;

namespace StreamLab.Tests.Core.Storage;

public sealed class RawQueueTests
{
    private const int Chunk = RawQueue<long>.ChunkRows;

    [Fact]
    public void Take_ReturnsRowsInOrder_WholeChunksThenThePartialTail_AcrossRecycledChunks()
    {
        var queue = new RawQueue<long>(wakeAt: 1_000_000);
        var batch = new List<ArraySegment<long>>();
        long next = 0, expected = 0;
        for (var round = 0; round < 3; round++)
        {
            var count = 2 * Chunk + 37 + round;
            for (var i = 0; i < count; i++) queue.Enqueue(next++);

            // A limit inside the first chunk still takes that whole chunk, and nothing more.
            Assert.Equal(Chunk, queue.Take(batch, 1));
            Assert.Equal(count - Chunk, queue.Take(batch, int.MaxValue));
            Assert.Equal([Chunk, Chunk, 37 + round], batch.Select(s => s.Count));
            foreach (var row in batch.SelectMany(s => s)) Assert.Equal(expected++, row);
            queue.Recycle(batch);
            Assert.Empty(batch);
            Assert.Equal(0, queue.Take(batch, int.MaxValue));
        }
        Assert.Equal(next, queue.Reserved);
    }

    [Fact]
    public void Enqueue_SaysFirstForTheFirstRowOfAnEmptyQueueAndBacklogEachTimeTheThresholdIsReached()
    {
        var queue = new RawQueue<long>(wakeAt: 10);
        var arrivals = Enumerable.Range(0, 25).Select(i => queue.Enqueue(i)).ToList();
        Assert.Equal(Arrival.First, arrivals[0]);
        Assert.Equal(Arrival.Backlog, arrivals[9]);
        Assert.Equal(23, arrivals.Count(a => a == Arrival.Queued));
        Assert.Equal(25, queue.Queued);

        queue.Take([], int.MaxValue);
        Assert.Equal(0, queue.Queued);
        arrivals = Enumerable.Range(0, 10).Select(i => queue.Enqueue(i)).ToList();
        Assert.Equal([Arrival.First, Arrival.Backlog], arrivals.Where(a => a != Arrival.Queued));
    }

    [Fact]
    public async Task ConcurrentProducers_LoseNoRowAndKeepEachProducersOrder()
    {
        var queue = new RawQueue<long>(wakeAt: 5_000);
        const int PerProducer = 100_000;
        var taken = new List<long>();
        var done = 0;
        var consumer = Task.Run(() =>
        {
            var batch = new List<ArraySegment<long>>();
            while (true)
            {
                var finished = Volatile.Read(ref done) == 1;
                queue.Take(batch, 7_000);
                foreach (var s in batch) taken.AddRange(s);
                queue.Recycle(batch);
                if (finished && queue.Take(batch, int.MaxValue) == 0) return;
                foreach (var s in batch) taken.AddRange(s);
                queue.Recycle(batch);
            }
        });
        Parallel.For(0, 4, p =>
        {
            for (long i = 0; i < PerProducer; i++) queue.Enqueue(p * 1_000_000_000L + i);
        });
        Volatile.Write(ref done, 1);
        await consumer;

        Assert.Equal(4 * PerProducer, taken.Count);
        foreach (var producer in taken.GroupBy(v => v / 1_000_000_000L))
        {
            Assert.Equal(Enumerable.Range(0, PerProducer).Select(i => producer.Key * 1_000_000_000L + i), producer);
        }
    }
}
