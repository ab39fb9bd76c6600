using static StreamLab.Tests.Core.Campaigns.CampaignYaml;

namespace StreamLab.Tests.Core.Campaigns;

public class MultipleErrorTests
{
    private const string ManyMistakes = """
        name: bad name
        duration: -5s
        repetitions: 0
        colour: blue
        matrix:
          rate: 10
          size: [a, a]
        params: { size: x }
        roles:
          server:
            command: "python3 server.py"
            ready: { log: "(" }
          client:
            command: ["{nope}"]
        targets: [fps > fast]
        compare: { axis: mode, baseline: a, candidate: b }
        """;

    [Fact]
    public void Load_WithManyMistakes_ReportsEveryOneInFileOrder()
    {
        var result = Load(ManyMistakes);

        Assert.Null(result.Campaign);
        Assert.Equal(
            [
                (1, 7, "name"),
                (2, 11, "duration"),
                (3, 14, "repetitions"),
                (4, 1, "colour"),
                (6, 9, "matrix.rate"),
                (7, 13, "matrix.size[1]"),
                (8, 11, "params.size"),
                (11, 14, "roles.server.command"),
                (12, 19, "roles.server.ready.log"),
                (14, 15, "roles.client.command[0]"),
                (15, 11, "targets[0]"),
                (16, 18, "compare.axis"),
            ],
            result.Errors.Select(e => (e.Line, e.Column, e.Path)));
        Assert.All(result.Errors, e => Assert.Equal(Label, e.File));
    }

    [Fact]
    public void CampaignInvalidException_WithLoadErrors_ListsEachAsFileLineColumn()
    {
        var errors = Load(ManyMistakes).Errors;

        var exception = new StreamLab.Core.Campaigns.CampaignInvalidException(errors);

        Assert.Contains("test.yaml:4:1: colour: unknown field 'colour'", exception.Message);
        Assert.Equal(errors.Count, exception.Errors.Count);
    }
}
