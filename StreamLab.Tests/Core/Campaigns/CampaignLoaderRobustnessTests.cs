using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

public class CampaignLoaderRobustnessTests
{
    private const string Noise = "{}[]:,-\"' \n#&*!|>?%@`0a~\t";

    [Fact]
    public void LoadText_WithRandomlyCorruptedCampaigns_NeverThrowsAndAlwaysExplainsFailure()
    {
        var random = new Random(1);
        var rejected = 0;
        for (var n = 0; n < 2000; n++)
        {
            var text = Corrupt(CampaignYaml.Full, random);

            var result = CampaignLoader.LoadText(text, "fuzz.yaml");

            Assert.True(result.Campaign is not null || result.Errors.Count > 0, $"no campaign and no error for:\n{text}");
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
            rejected += result.IsValid ? 0 : 1;
        }
        Assert.InRange(rejected, 1000, 2000);
    }

    private static string Corrupt(string text, Random random)
    {
        var chars = text.ToList();
        for (var edits = random.Next(1, 6); edits > 0; edits--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                default:
                    chars[at] = Noise[random.Next(Noise.Length)];
                    break;
            }
        }
        return new string([.. chars]);
    }
}
