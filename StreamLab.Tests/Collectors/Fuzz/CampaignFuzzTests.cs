using System.Text;
using StreamLab.Core.Campaigns;
using Xunit.Abstractions;

namespace StreamLab.Tests.Collectors.Fuzz;

/// <summary>
/// 10,000 generated campaign documents through the loader the CLI, the API and the launch panel use: the examples
/// mutated, plus the shapes that once killed or starved the app (20,000 nested mappings, an alias bomb, a 10^9-point
/// matrix). No input throws, hangs or allocates without bound; a refused one always says where (line and column).
/// </summary>
[Trait("Category", "Slow")]
public sealed class CampaignFuzzTests(ITestOutputHelper output)
{
    private const int Inputs = 10_000;

    private static IReadOnlyList<byte[]> Seeds()
    {
        var examples = Directory.GetFiles(Path.Combine(Repo.Root, "campaigns"), "*.yaml").Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToList();
        Assert.True(examples.Count >= 5, "the campaigns folder should hold the examples");
        var deep = string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000);
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            bomb.Append($"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]\n");
        }
        var huge = "name: huge\nrepetitions: 1000000000\nduration: 1s\nmatrix:\n" +
                   string.Concat(Enumerable.Range(0, 9).Select(i => $"  p{i}: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"));
        return [.. examples, Encoding.UTF8.GetBytes(deep), Encoding.UTF8.GetBytes(bomb.ToString()), Encoding.UTF8.GetBytes(huge)];
    }

    [Fact]
    public void CampaignYaml_10000Inputs_NoCrashHangOrRunawayMemory_AndEveryRefusalSaysWhere()
    {
        var (valid, refused) = (0, 0);
        var figures = FuzzRun.Run("campaign yaml", new InputMutator(Seeds(), 31), Inputs, input =>
        {
            var result = CampaignLoader.LoadText(Encoding.UTF8.GetString(input), "fuzz.yaml");
            if (result.IsValid)
            {
                valid++;
                return;
            }
            refused++;
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e => Assert.Equal("fuzz.yaml", e.File));
            Assert.All(result.Errors, e => Assert.True(e.Line >= 0 && e.Column >= 0 && e.Message.Length > 0, e.ToString()));
        });
        output.WriteLine($"{figures}; {valid:N0} valid, {refused:N0} refused");
        Assert.True(valid > 0 && refused > 0, "the fuzzed documents should be neither all valid nor all refused");
    }
}
