namespace StreamLab.Core.Raw;

/// <summary>A frame measured against its source: when it arrived, its luma PSNR (dB) and SSIM (either may be absent).</summary>
public readonly record struct FrameQualityPoint(long RecvWallUs, double? PsnrDb, double? Ssim)
{
    /// <summary>The measured frames among <paramref name="frames"/>, in receive order.</summary>
    public static IReadOnlyList<FrameQualityPoint> From(IReadOnlyList<FrameRow> frames) =>
        frames.Where(f => f.PsnrDb is not null || f.Ssim is not null).OrderBy(f => f.RecvWallUs)
            .Select(f => new FrameQualityPoint(f.RecvWallUs, f.PsnrDb, f.Ssim)).ToList();
}
