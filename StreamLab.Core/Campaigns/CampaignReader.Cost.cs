using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

// cost: the name of a parameter whose (numeric) value says what a point costs.
internal sealed partial class CampaignReader
{
    private string? ReadCost(YamlNode? node, List<MatrixAxis> axes, Dictionary<string, string> parameters)
    {
        if (node is null || yaml.Text(node, "cost") is not { } name)
        {
            return null;
        }
        IReadOnlyList<string>? values = axes.FirstOrDefault(a => a.Name == name)?.Values
            ?? (parameters.TryGetValue(name, out var fixedValue) ? [fixedValue] : null);
        if (values is null)
        {
            var known = axes.Select(a => a.Name).Concat(parameters.Keys).ToList();
            yaml.Error(node, "cost", $"'{name}' is not a parameter of this campaign; parameters: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
            return null;
        }
        var notNumbers = values.Where(v => !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x)).ToList();
        if (notNumbers.Count > 0)
        {
            yaml.Error(node, "cost", $"parameter '{name}' must have numeric values to be a cost; not numbers: {string.Join(", ", notNumbers)}");
            return null;
        }
        return name;
    }
}
