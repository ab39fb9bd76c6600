using StreamLab.Core.Matrix;

namespace StreamLab.Tests;

public class SkeletonTests
{
    [Fact]
    public void CanonicalKey_SortsByNameAndJoinsWithUnderscore()
    {
        var key = MatrixPoint.CanonicalKey(new Dictionary<string, string> { ["framerate"] = "20", ["bitrate"] = "32000", ["rate-control"] = "cbr" });
        Assert.Equal("bitrate=32000_framerate=20_rate-control=cbr", key);
    }
}
