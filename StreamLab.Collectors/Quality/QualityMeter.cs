using System.Threading.Channels;
using OpenCvSharp;
using StreamLab.Collectors.Stamps;

namespace StreamLab.Collectors.Quality;

/// <summary>Full-reference quality of one received frame: luma PSNR (dB, 100 dB cap) and luma SSIM.</summary>
public readonly record struct FrameQuality(double PsnrDb, double Ssim);

/// <summary>
/// Measures PSNR and SSIM of every <c>every</c>-th frame id against its deterministic source frame
/// (re-rendered with its stamp), on a worker thread of its own: the receive and decode loops only
/// copy the frame (a fraction of a millisecond), so measuring never delays a frame or its display
/// time. At most <see cref="Slots"/> frames wait or are being measured; a frame sampled while all
/// are busy is skipped and counted in <see cref="Skipped"/> rather than queued, so a slow measure
/// can never build a backlog. OpenCV runs on one thread, so the cost stays on one core.
/// </summary>
public sealed class QualityMeter : IDisposable
{
    public const int DefaultEvery = 10;
    public const int Slots = 2;

    private readonly SyntheticSource _source;
    private readonly int _every;
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<LumaFrame> _free = Channel.CreateUnbounded<LumaFrame>();
    private readonly Thread _worker;
    private long _skipped;

    private sealed record Job(long FrameId, long CaptureUs, LumaFrame Frame, TaskCompletionSource<FrameQuality?> Done);

    public QualityMeter(SyntheticSource source, int every)
    {
        if (every < 0)
        {
            throw new FormatException($"quality_every {every} must be 0 (off) or a number of frames");
        }
        _source = source;
        _every = every;
        for (var i = 0; i < Slots; i++)
        {
            _free.Writer.TryWrite(new LumaFrame(source.Width, source.Height));
        }
        _worker = new Thread(Work) { IsBackground = true, Name = "quality-meter" };
        if (every > 0)
        {
            _worker.Start();
        }
    }

    /// <summary>Sampled frames that found every slot busy and were not measured.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Whether frame <paramref name="frameId"/> is one to measure.</summary>
    public bool Samples(long frameId) => _every > 0 && frameId % _every == 0;

    /// <summary>
    /// Copies <paramref name="received"/> and measures it against the source frame <paramref name="frameId"/>
    /// stamped with <paramref name="captureUs"/>; null when the frame is not sampled, has another size, or no slot is free.
    /// The task's result is null when the measure itself failed.
    /// </summary>
    public Task<FrameQuality?>? Submit(long frameId, long captureUs, LumaFrame received)
    {
        if (!Samples(frameId) || received.Width != _source.Width || received.Height != _source.Height)
        {
            return null;
        }
        if (!_free.Reader.TryRead(out var slot))
        {
            Interlocked.Increment(ref _skipped);
            return null;
        }
        received.Pixels.CopyTo(slot.Pixels, 0);
        var done = new TaskCompletionSource<FrameQuality?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _jobs.Writer.TryWrite(new Job(frameId, captureUs, slot, done));
        return done.Task;
    }

    private void Work()
    {
        Cv2.SetNumThreads(1);
        using var ssim = new Ssim();
        using var stamps = new StampWriter();
        var reference = new LumaFrame(_source.Width, _source.Height);
        while (_jobs.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (_jobs.Reader.TryRead(out var job))
            {
                try
                {
                    _source.Render(job.FrameId, reference);
                    stamps.Write(reference, _source.Layout, new StampPayload(job.FrameId, job.CaptureUs));
                    job.Done.TrySetResult(new FrameQuality(Psnr.Of(reference, job.Frame), ssim.Of(reference, job.Frame)));
                }
                catch (Exception e) when (e is OpenCVException or ArgumentException or InvalidOperationException)
                {
                    job.Done.TrySetResult(null);
                }
                finally
                {
                    _free.Writer.TryWrite(job.Frame);
                }
            }
        }
    }

    /// <summary>Finishes the frames already submitted, then stops the worker.</summary>
    public void Dispose()
    {
        _jobs.Writer.TryComplete();
        if (_worker.IsAlive)
        {
            _worker.Join();
        }
    }
}
