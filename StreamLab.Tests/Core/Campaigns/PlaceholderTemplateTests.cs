using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

public class PlaceholderTemplateTests
{
    private static readonly Dictionary<string, string> Values = new() { ["rate"] = "10", ["port"] = "4000", ["record_dir"] = "/data/r1" };

    [Fact]
    public void Names_WithRepeatsAndEscapes_ListsEachPlaceholderOnceInOrder()
    {
        Assert.Equal(["port", "rate", "rate-2"], PlaceholderTemplate.Names("{port}:{rate}{{x}}{rate}/{rate-2}"));
    }

    [Fact]
    public void Names_WithoutPlaceholders_IsEmpty()
    {
        Assert.Empty(PlaceholderTemplate.Names("python3 {{not one}}"));
    }

    [Fact]
    public void Substitute_WithKnownPlaceholders_PastesValuesAndUndoublesBraces()
    {
        var text = PlaceholderTemplate.Substitute("--out={record_dir}/frames.csv --rate {rate} {{json}} 127.0.0.1:{port}", Values);

        Assert.Equal("--out=/data/r1/frames.csv --rate 10 {json} 127.0.0.1:4000", text);
    }

    [Fact]
    public void Substitute_WithMissingValue_ThrowsNamingThePlaceholder()
    {
        var ex = Assert.Throws<PlaceholderMissingException>(() => PlaceholderTemplate.Substitute("--size {size}", Values));

        Assert.Equal("size", ex.Placeholder);
        Assert.Contains("{size}", ex.Message);
        Assert.IsAssignableFrom<KeyNotFoundException>(ex);
    }

    [Theory]
    [InlineData("{port", "unclosed '{'")]
    [InlineData("a}b", "lone '}'")]
    [InlineData("{}", "'{}' is not a placeholder")]
    [InlineData("x{2,3}", "'{2,3}' is not a placeholder")]
    public void Names_WithMalformedTemplate_ThrowsFormatException(string template, string message)
    {
        var ex = Assert.Throws<FormatException>(() => PlaceholderTemplate.Names(template));

        Assert.Contains(message, ex.Message);
        Assert.Equal(ex.Message, PlaceholderTemplate.Validate(template));
    }

    [Fact]
    public void BuiltIns_ListsRecordPlaceholders_WithPortsTwoToNine()
    {
        Assert.Equal(15, PlaceholderTemplate.BuiltIns.Count);
        Assert.Contains("port", PlaceholderTemplate.BuiltIns);
        Assert.Contains("port9", PlaceholderTemplate.BuiltIns);
        Assert.DoesNotContain("port1", PlaceholderTemplate.BuiltIns);
        Assert.Contains("campaign", PlaceholderTemplate.BuiltIns);
    }
}
