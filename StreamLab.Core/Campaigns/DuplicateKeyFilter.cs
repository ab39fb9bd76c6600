using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace StreamLab.Core.Campaigns;

/// <summary>A parser that drops repeated mapping keys (with their values) and remembers where they were.</summary>
/// <remarks>
/// YamlStream throws on the first duplicate key and loads nothing, which would hide every other error in
/// the file. Filtering the events lets the representation model load and every duplicate be reported.
/// </remarks>
internal sealed class DuplicateKeyFilter(IParser inner) : IParser
{
    private readonly Stack<Frame> _frames = new();

    /// <summary>Every repeated key: its field path, where it is, and the line of the first occurrence.</summary>
    public List<(string Path, Mark Start, Mark FirstStart)> Duplicates { get; } = [];

    /// <summary>Where the last event the parser delivered ends: the best position for a failure it cannot place.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        while (inner.Current is Scalar key && _frames.TryPeek(out var frame) && frame.IsMapping && frame.ExpectingKey
               && key.Value is { } name && frame.Keys.TryGetValue(name, out var first))
        {
            Duplicates.Add((Join(frame.Path, name), key.Start, first));
            if (!SkipKeyAndValue())
            {
                return false;
            }
        }
        Track(inner.Current!);
        LastEnd = inner.Current!.End;
        return true;
    }

    // Leaves the inner parser on the event after the duplicate's value.
    private bool SkipKeyAndValue()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        var depth = 0;
        do
        {
            depth += inner.Current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
            if (!inner.MoveNext())
            {
                return false;
            }
        }
        while (depth > 0);
        return true;
    }

    private void Track(ParsingEvent parsingEvent)
    {
        switch (parsingEvent)
        {
            case MappingStart:
                _frames.Push(new Frame(ChildPath(), IsMapping: true));
                break;
            case SequenceStart:
                _frames.Push(new Frame(ChildPath(), IsMapping: false));
                break;
            case MappingEnd or SequenceEnd:
                _frames.Pop();
                NodeCompleted();
                break;
            case Scalar scalar when _frames.TryPeek(out var frame) && frame.IsMapping && frame.ExpectingKey:
                frame.CurrentKey = scalar.Value;
                frame.Keys.TryAdd(scalar.Value, scalar.Start);
                NodeCompleted();
                break;
            case Scalar or AnchorAlias:
                NodeCompleted();
                break;
        }
    }

    private void NodeCompleted()
    {
        if (!_frames.TryPeek(out var frame))
        {
            return;
        }
        if (frame.IsMapping)
        {
            frame.ExpectingKey = !frame.ExpectingKey;
        }
        else
        {
            frame.Index++;
        }
    }

    private string ChildPath()
    {
        if (!_frames.TryPeek(out var parent))
        {
            return "";
        }
        return parent.IsMapping ? Join(parent.Path, parent.CurrentKey ?? "?") : $"{parent.Path}[{parent.Index}]";
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private sealed record Frame(string Path, bool IsMapping)
    {
        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);
        public bool ExpectingKey { get; set; } = true;
        public string? CurrentKey { get; set; }
        public int Index { get; set; }
    }
}
