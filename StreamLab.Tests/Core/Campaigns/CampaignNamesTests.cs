using StreamLab.Collectors.Import;
using StreamLab.Core.Campaigns;

namespace StreamLab.Tests.Core.Campaigns;

/// <summary>One rule for a campaign's name: the YAML loader, <c>streamlab import</c> and uploads agree.</summary>
public sealed class CampaignNamesTests
{
    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("")]
    public void BadName_IsRefusedByTheYamlLoaderAndByImportAlike(string name)
    {
        var yaml = CampaignLoader.LoadText($"name: \"{name}\"\nduration: 1s\nroles:\n  r:\n    command: [\"true\"]\n", "<t>");

        Assert.False(yaml.IsValid);
        Assert.Contains(yaml.Errors, e => e.ToString().Contains("name"));
        Assert.False(CampaignNames.IsValid(name));
        Assert.NotEmpty(new ImportOptions(name).Problems());
    }

    [Fact]
    public void LongName_IsRefused_AndADefaultNameIsAlwaysValid()
    {
        Assert.Contains("at most 100 characters, not 101", CampaignNames.Problem(new string('a', 101)));
        Assert.True(CampaignNames.IsValid(new string('a', 100)));
        Assert.Equal("imported", RunFolderImporter.DefaultCampaignName(["/x"]));
        Assert.True(CampaignNames.IsValid(RunFolderImporter.DefaultCampaignName(["/" + new string('z', 300) + "/run"])));
    }
}
