namespace StreamLab.Collectors.Stacks.Vod;

// The smart scheduler: best node per chunk, failover, two at once and hedging while the buffer is low.
public sealed partial class VodPlayer
{
    private async Task RunSmartAsync(CancellationToken ct)
    {
        var retries = new SortedDictionary<int, (int From, string Reason)>();
        var inFlight = new Dictionary<Task<ChunkFetch>, Request>();
        var next = 0;
        var lowWaterS = Math.Max(_startBufferS, 2 * _video.ChunkS);
        try
        {
            while (!ct.IsCancellationRequested && (next < _video.ChunkCount || retries.Count > 0 || inFlight.Count > 0))
            {
                lock (_lock)
                {
                    var now = Now();
                    _buffer.Advance(now);
                    var low = _buffer.State != PlaybackState.Playing || _buffer.BufferS < lowWaterS;
                    var wanted = low && _ports.Count > 1 ? 2 : 1;
                    while (inFlight.Count < wanted && (retries.Count > 0 || (next < _video.ChunkCount && HasRoom(next))))
                    {
                        int index;
                        (int From, string Reason)? failed = null;
                        if (retries.Count > 0)
                        {
                            (index, var why) = retries.First();
                            retries.Remove(index);
                            failed = why;
                        }
                        else
                        {
                            index = next++;
                        }
                        var node = _scores.Best(now, Busy(inFlight), explore: !low);
                        if (failed is { } f && f.From != node)
                        {
                            _files.Event(now, "failover", $"chunk={index} from={Name(f.From)} to={Name(node)} reason={f.Reason}");
                        }
                        Start(inFlight, index, node, now, ct);
                    }
                    if (low)
                    {
                        Hedge(inFlight, now, ct);
                    }
                }
                if (inFlight.Count == 0)
                {
                    await Task.Delay(Tick, _time, ct);
                    continue;
                }
                await Task.WhenAny(inFlight.Keys.Append(Task.Delay(Tick, _time, ct)));
                foreach (var task in inFlight.Keys.Where(t => t.IsCompleted).ToArray())
                {
                    var request = inFlight[task];
                    inFlight.Remove(task);
                    request.Cancel.Dispose();
                    var twin = inFlight.Values.FirstOrDefault(r => r.Index == request.Index);
                    if (!task.IsCompletedSuccessfully)
                    {
                        continue; // a hedge twin cancelled after the other one won
                    }
                    if (Finish(request.Index, request.Node, task.Result))
                    {
                        twin?.Cancel.Cancel();
                    }
                    else if (twin is null)
                    {
                        retries[request.Index] = (request.Node, task.Result.Error!);
                    }
                }
            }
            ct.ThrowIfCancellationRequested();
        }
        finally
        {
            foreach (var request in inFlight.Values)
            {
                request.Cancel.Cancel();
            }
        }
    }

    private void Start(Dictionary<Task<ChunkFetch>, Request> inFlight, int index, int node, long nowUs, CancellationToken ct)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A chunk must come while the buffer can still cover fetching it again elsewhere.
        var timeout = TimeSpan.FromSeconds(Math.Max(_video.ChunkS, _buffer.BufferS / 2));
        inFlight[FetchAsync(node, index, timeout, cancel.Token)] = new Request(index, node, nowUs, cancel);
    }

    // The chunk at the playhead has taken over twice what an idle measured node would need: ask that node too.
    private void Hedge(Dictionary<Task<ChunkFetch>, Request> inFlight, long nowUs, CancellationToken ct)
    {
        var blocking = inFlight.Values.Where(r => r.Index == _buffer.NextMissing).ToArray();
        if (blocking.Length != 1)
        {
            return;
        }
        var busy = Busy(inFlight);
        var idle = Enumerable.Range(0, _ports.Count).Where(n => !busy.Contains(n) && _scores.Score(n, nowUs) > 0).ToArray();
        if (idle.Length == 0)
        {
            return;
        }
        var node = idle.MaxBy(n => _scores.Score(n, nowUs));
        if (_scores.ExpectedMs(node, _video.ChunkBytes) is not { } expectedMs
            || (nowUs - blocking[0].StartedUs) / 1000.0 < 2 * expectedMs + 50)
        {
            return;
        }
        _files.Event(nowUs, "hedge", $"chunk={blocking[0].Index} from={Name(blocking[0].Node)} to={Name(node)}");
        Start(inFlight, blocking[0].Index, node, nowUs, ct);
    }

    private static int[] Busy(Dictionary<Task<ChunkFetch>, Request> inFlight) => inFlight.Values.Select(v => v.Node).ToArray();

    private sealed record Request(int Index, int Node, long StartedUs, CancellationTokenSource Cancel);
}
