using System.Text;
using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

/// <summary>Inputs built to exhaust the loader (deep nesting, alias bombs, huge values) are refused with a position, fast.</summary>
public class CampaignLimitTests
{
    [Theory]
    [InlineData("{a: ", "}")]
    [InlineData("[", "]")]
    [InlineData("\n    - ", "")]
    public void Load_NestedTwentyThousandLevelsDeep_IsRefusedAtTheDepthLimitInsteadOfOverflowingTheStack(string open, string close)
    {
        // 20,000 levels overflowed the stack (exit 134) and 14,000 took 6.4 s before the limit.
        var yaml = "name: deep\nduration: 1s\nmatrix:\n  x: " + open + Repeat(open.TrimStart('\n', ' '), 20_000) + "1" + Repeat(close, 20_000) + "\n";

        var error = CampaignYaml.SingleError(yaml);

        Assert.Equal(open.StartsWith('\n') ? 5 : 4, error.Line);
        Assert.Contains($"nested more than {CampaignLimits.MaxDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NestedByIndentation_IsRefusedAtTheDepthLimit()
    {
        var yaml = new StringBuilder("name: deep\nduration: 1s\n");
        for (var level = 0; level < 200; level++)
        {
            yaml.Append(' ', level * 2).Append("a:\n");
        }

        var error = CampaignYaml.SingleError(yaml.ToString());

        // The root mapping is level 1; the mapping of level n starts on line n + 2.
        Assert.Equal(CampaignLimits.MaxDepth + 3, error.Line);
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BillionLaughs_IsRefusedWhenTheAliasesWouldRepeatTooManyNodes()
    {
        var yaml = new StringBuilder("name: lol\nduration: 1s\nparams:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 10; level++)
        {
            yaml.Append($"  l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        var error = CampaignYaml.SingleError(yaml.ToString());

        Assert.Equal(8, error.Line); // l4 repeats 10⁵ scalars
        Assert.Contains($"more than {CampaignLimits.MaxNodes:N0} values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAnchorsAndAliasesWithinLimits_StillLoads()
    {
        var result = CampaignYaml.Load("""
            name: anchors
            duration: 1s
            roles:
              server:
                command: [run]
                env: &common { MODE: fast, LEVEL: "3" }
              client:
                command: [run]
                env: *common
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("fast", result.Campaign!.Roles[1].Env["MODE"]);
    }

    [Theory]
    [InlineData("x: &a [1, *a]\n", "refers to a node that contains it")]
    [InlineData("? [a, b]\n: 1\n", "a key must be a plain value")]
    [InlineData("x: &k key\n*k : 1\n", "a key must be a plain value")]
    public void Load_SelfReferencesAndComplexKeys_AreRefusedWithAPosition(string tail, string message)
    {
        var error = CampaignYaml.SingleError("name: odd\nduration: 1s\n" + tail);

        Assert.True(error.Line >= 3, error.ToString());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AListOfMoreThanTheEntryLimit_IsRefusedAtTheFirstEntryPastIt()
    {
        var values = string.Join(", ", Enumerable.Range(0, CampaignLimits.MaxEntries + 1));

        var error = CampaignYaml.SingleError($"name: wide\nduration: 1s\nmatrix:\n  x: [{values}]\n");

        Assert.Equal(4, error.Line);
        Assert.Contains($"more than {CampaignLimits.MaxEntries:N0} entries in one list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LargerThanTheByteLimit_IsRefusedBeforeParsing()
    {
        var yaml = "name: big\nduration: 1s\ndescription: " + new string('x', CampaignLimits.MaxBytes) + "\n";

        var error = CampaignYaml.SingleError(yaml);

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains("larger than 1024 KiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_OfAnEndlessDevice_ReadsNoMoreThanTheLimit()
    {
        var result = CampaignLoader.LoadFile("/dev/zero");

        Assert.Contains("larger than", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AValueLongerThanTheTextLimit_NamesTheField()
    {
        var error = CampaignYaml.SingleError(
            $"name: long\nduration: 1s\ndescription: {new string('d', CampaignLimits.MaxTextLength + 1)}\nroles:\n  s: {{ command: [run] }}\n");

        Assert.Equal(("description", 3), (error.Path, error.Line));
        Assert.Contains($"at most {CampaignLimits.MaxTextLength:N0}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ANameLongerThanTheNameLimit_IsRefused()
    {
        var longName = new string('p', CampaignLimits.MaxNameLength + 1);

        var error = CampaignYaml.SingleError($"name: {longName}\nduration: 1s\nroles:\n  server:\n    command: [run]\n");
        var param = CampaignYaml.SingleError($"name: ok\nduration: 1s\nparams:\n  {longName}: 1\nroles:\n  server:\n    command: [run]\n");

        Assert.Equal(("name", 1), (error.Path, error.Line));
        Assert.Equal(("params", 4), (param.Path, param.Line));
    }

    [Fact]
    public void Load_MoreRolesThanTheRoleLimit_IsRefused()
    {
        var roles = string.Concat(Enumerable.Range(0, CampaignLimits.MaxRoles + 1).Select(i => $"  r{i}: {{ command: [run] }}\n"));

        var error = CampaignYaml.SingleError($"name: many\nduration: 1s\nroles:\n{roles}");

        Assert.Equal(("roles", 4), (error.Path, error.Line));
        Assert.Contains($"at most {CampaignLimits.MaxRoles}", error.Message, StringComparison.Ordinal);
    }

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();
}
