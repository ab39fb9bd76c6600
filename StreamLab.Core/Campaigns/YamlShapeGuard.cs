using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace StreamLab.Core.Campaigns;

/// <summary>A YAML size or shape limit was exceeded at <see cref="At"/>; loading stopped there.</summary>
internal sealed class YamlLimitException(Mark at, string message) : Exception(message)
{
    public Mark At { get; } = at;
}

/// <summary>
/// Sits between YamlDotNet's parser and anything that builds a tree, counting as the events stream by:
/// nesting depth, nodes (an alias counts as all the nodes it repeats), entries per collection, and keys that
/// are not plain values. It stops at the first limit, before the representation model recurses into a deep
/// document (20,000 levels overflowed the stack) or walks an alias bomb.
/// </summary>
internal sealed class YamlShapeGuard(IParser inner) : IParser
{
    private readonly Stack<Open> _open = new();
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    private long _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        var current = inner.Current!;
        switch (current)
        {
            case MappingStart or SequenceStart:
                Count(current, 1);
                if (_open.Count >= CampaignLimits.MaxDepth)
                {
                    throw new YamlLimitException(current.Start,
                        $"the YAML is nested more than {CampaignLimits.MaxDepth} levels deep; a campaign needs a handful");
                }
                _open.Push(new Open(current is MappingStart, _nodes - 1, AnchorOf((NodeEvent)current)));
                break;
            case MappingEnd or SequenceEnd:
                var closed = _open.Pop();
                if (closed.Anchor.Length > 0)
                {
                    _anchorSizes[closed.Anchor] = _nodes - closed.NodesBefore;
                }
                break;
            case Scalar scalar:
                Count(current, 1);
                if (AnchorOf(scalar) is { Length: > 0 } anchor)
                {
                    _anchorSizes[anchor] = 1;
                }
                break;
            case AnchorAlias alias:
                if (_open.Any(o => o.Anchor == alias.Value.Value))
                {
                    throw new YamlLimitException(alias.Start, $"alias *{alias.Value} refers to a node that contains it");
                }
                Count(current, _anchorSizes.GetValueOrDefault(alias.Value.Value, 1));
                break;
        }
        return true;
    }

    private static string AnchorOf(NodeEvent node) => node.Anchor.IsEmpty ? "" : node.Anchor.Value;

    // Every node is an entry of the collection it sits in (a mapping's key and value make one entry).
    private void Count(ParsingEvent node, long nodes)
    {
        if (_open.TryPeek(out var parent))
        {
            if (parent.IsMapping && parent.Children % 2 == 0 && node is not Scalar)
            {
                throw new YamlLimitException(node.Start, "a key must be a plain value, not a list, a mapping or an alias");
            }
            parent.Children++;
            if (parent.Children > (parent.IsMapping ? 2 : 1) * CampaignLimits.MaxEntries)
            {
                throw new YamlLimitException(node.Start,
                    $"more than {CampaignLimits.MaxEntries:N0} entries in one {(parent.IsMapping ? "mapping" : "list")}");
            }
        }
        _nodes += nodes;
        if (_nodes > CampaignLimits.MaxNodes)
        {
            throw new YamlLimitException(node.Start,
                $"the YAML holds more than {CampaignLimits.MaxNodes:N0} values (aliases count as what they repeat)");
        }
    }

    private sealed class Open(bool isMapping, long nodesBefore, string anchor)
    {
        public bool IsMapping { get; } = isMapping;
        public long NodesBefore { get; } = nodesBefore;
        public string Anchor { get; } = anchor;
        public int Children { get; set; }
    }
}
