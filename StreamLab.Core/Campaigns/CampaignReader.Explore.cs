using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

// explore: the matrix explorer's default view of this campaign, in the explorer's own `stat` syntax.
internal sealed partial class CampaignReader
{
    private string? ReadExplore(YamlNode? node, List<MatrixAxis> axes)
    {
        if (node is null || yaml.Text(node, "explore") is not { } view)
        {
            return null;
        }
        var parts = view.Split(':');
        if (parts.Length == 1 && Name().IsMatch(view))
        {
            return view;
        }
        if (parts is ["heat", var y, var x] && Name().IsMatch(y) && Name().IsMatch(x))
        {
            return view;
        }
        if (parts is ["reg", var metric, var param] && Name().IsMatch(metric))
        {
            var axis = axes.FirstOrDefault(a => a.Name == param);
            if (axis is null)
            {
                yaml.Error(node, "explore", $"'{param}' is not a matrix parameter of this campaign; matrix: {(axes.Count == 0 ? "none" : string.Join(", ", axes.Select(a => a.Name)))}");
                return null;
            }
            if (axis.Values.Any(v => !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                yaml.Error(node, "explore", $"matrix parameter '{param}' must have numeric values for a regression");
                return null;
            }
            return view;
        }
        yaml.Error(node, "explore", $"'{view}' must be a metric name, reg:<metric>:<matrix parameter> or heat:<frame field>:<frame field>");
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,99}$")]
    private static partial Regex Name();
}
