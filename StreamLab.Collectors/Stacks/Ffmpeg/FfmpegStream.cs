using StreamLab.Collectors.Stacks.LiveWs;

namespace StreamLab.Collectors.Stacks.Ffmpeg;

/// <summary>What both ends of a live-ffmpeg record agree on: the picture (as live-ws renders it), the encoder and the transport.</summary>
public sealed record FfmpegStream(LiveWsStream Picture, X264Settings X264, FfmpegTransport Transport)
{
    public int FrameBytes => Picture.Width * Picture.Height;
}
