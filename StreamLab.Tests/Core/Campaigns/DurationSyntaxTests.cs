using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

public class DurationSyntaxTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("1.5m", 90_000)]
    [InlineData(".5s", 500)]
    [InlineData(" 2h ", 7_200_000)]
    [InlineData("-1s", -1_000)]
    public void TryParse_WithValidText_GivesTheDuration(string text, int milliseconds)
    {
        Assert.True(DurationSyntax.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10 s")]
    [InlineData("10sec")]
    [InlineData("1,5s")]
    [InlineData("1e3s")]
    [InlineData("200h")]
    public void TryParse_WithInvalidText_Fails(string text)
    {
        Assert.False(DurationSyntax.TryParse(text, out _));
    }
}
