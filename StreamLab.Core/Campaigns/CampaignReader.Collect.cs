using StreamLab.Core.Metrics;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

// What to summarise from scraped series: `collect: { counters: [name, 'name{label="value"}'] }`.
internal sealed partial class CampaignReader
{
    private static readonly string[] CollectFields = ["counters"];

    private List<string> ReadCollect(YamlNode? node)
    {
        var counters = new List<string>();
        if (node is null || yaml.Mapping(node, "collect") is not { } map)
        {
            return counters;
        }
        var fields = yaml.Fields(map, "collect", CollectFields);
        if (Optional(fields, "counters") is not { } countersNode
            || yaml.Sequence(countersNode, "collect.counters", "[livekit_nack_total, 'x_total{state=\"ok\"}']") is not { } list)
        {
            return counters;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = YamlFieldReader.Index("collect.counters", i);
            if (yaml.Text(list.Children[i], path) is not { } text)
            {
                continue;
            }
            if (CounterSelector.TryParse(text, out var problem) is null)
            {
                yaml.Error(list.Children[i], path, $"'{text}' is not a counter selector (name or name{{label=\"value\",…}}): {problem}");
            }
            else if (counters.Contains(text))
            {
                yaml.Error(list.Children[i], path, $"'{text}' is listed twice");
            }
            else
            {
                counters.Add(text);
            }
        }
        return counters;
    }
}
