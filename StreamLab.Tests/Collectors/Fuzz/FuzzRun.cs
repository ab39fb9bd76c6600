using System.Diagnostics;

namespace StreamLab.Tests.Collectors.Fuzz;

/// <summary>What a fuzz run measured, printed by the tests.</summary>
internal sealed record FuzzFigures(string Name, int Inputs, long BytesFed, TimeSpan Total, TimeSpan SlowestInput, long MostAllocatedByOneInput,
    long HeapGrowth, IReadOnlyDictionary<string, int> Kinds)
{
    public override string ToString() =>
        $"{Name}: {Inputs:N0} inputs ({string.Join(", ", Kinds.OrderBy(k => k.Key).Select(k => $"{k.Value:N0} {k.Key}"))}), {BytesFed / 1e6:N1} MB fed " +
        $"in {Total.TotalSeconds:N1} s; slowest input {SlowestInput.TotalMilliseconds:N0} ms; most allocated by one input " +
        $"{MostAllocatedByOneInput / 1e6:N1} MB; managed heap growth {HeapGrowth / 1e6:N1} MB";
}

/// <summary>
/// Feeds generated inputs to a parse action on a thread of its own: an exception is a crash, an input over
/// <see cref="PerInput"/> is a hang (and a run stuck for good is caught by the join's timeout), and an input
/// allocating more than <see cref="MaxAllocatedPerInput"/> breaks the memory bound.
/// </summary>
internal static class FuzzRun
{
    public static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);
    public const long MaxAllocatedPerInput = 64L << 20;
    private static readonly TimeSpan Whole = TimeSpan.FromMinutes(5);

    public static FuzzFigures Run(string name, InputMutator inputs, int count, Action<byte[]> parse)
    {
        FuzzFigures? figures = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                figures = Loop(name, inputs, count, parse);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = "fuzz " + name };
        thread.Start();
        if (!thread.Join(Whole))
        {
            throw new TimeoutException($"{name}: the fuzz run hung (not done after {Whole.TotalMinutes} min)");
        }
        return failure is null ? figures! : throw new Xunit.Sdk.XunitException($"{name}: {failure.Message}", failure);
    }

    private static FuzzFigures Loop(string name, InputMutator inputs, int count, Action<byte[]> parse)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var total = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        long mostAllocated = 0, fed = 0;
        for (var i = 0; i < count; i++)
        {
            var input = inputs.Next();
            fed += input.Length;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                parse(input);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"input {i} crashed the parser ({e.GetType().Name}: {e.Message}); it began {Preview(input)}", e);
            }
            var elapsed = clock.Elapsed;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            if (elapsed > PerInput)
            {
                throw new InvalidOperationException($"input {i} took {elapsed.TotalSeconds:N1} s (bound {PerInput.TotalSeconds} s); it began {Preview(input)}");
            }
            if (allocated > MaxAllocatedPerInput)
            {
                throw new InvalidOperationException($"input {i} of {input.Length:N0} bytes allocated {allocated:N0} bytes; it began {Preview(input)}");
            }
            slowest = elapsed > slowest ? elapsed : slowest;
            mostAllocated = Math.Max(mostAllocated, allocated);
        }
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        return new FuzzFigures(name, count, fed, total.Elapsed, slowest, mostAllocated, heapGrowth, inputs.Kinds);
    }

    private static string Preview(byte[] input) => Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 48)));
}
