using QRCoder;

namespace StreamLab.Collectors.Stamps;

/// <summary>Paints a frame's QR stamp (QRCoder's module matrix, quiet zone included) into its luma plane.</summary>
public sealed class StampWriter : IDisposable
{
    private readonly QRCodeGenerator _generator = new();

    public void Write(LumaFrame frame, StampLayout layout, StampPayload payload)
    {
        using var code = _generator.CreateQrCode(payload.ToString(), QRCodeGenerator.ECCLevel.M, requestedVersion: StampLayout.QrVersion);
        var matrix = code.ModuleMatrix;
        if (matrix.Count != StampLayout.Modules)
        {
            throw new InvalidOperationException($"payload '{payload}' needs a {matrix.Count}-module code, the layout has {StampLayout.Modules}");
        }
        var pixels = frame.Pixels.AsSpan();
        var m = layout.ModulePx;
        for (var row = 0; row < matrix.Count; row++)
        {
            var bits = matrix[row];
            for (var py = 0; py < m; py++)
            {
                var line = pixels.Slice(((layout.Y + (row * m) + py) * frame.Width) + layout.X, layout.SizePx);
                for (var col = 0; col < bits.Length; col++)
                {
                    line.Slice(col * m, m).Fill(bits[col] ? (byte)0 : (byte)255);
                }
            }
        }
    }

    public void Dispose() => _generator.Dispose();
}
