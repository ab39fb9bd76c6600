using System.Numerics;
using StreamLab.Core.Campaigns;

namespace StreamLab.Core.Matrix;

/// <summary>A matrix too large or too intricate to plan; the message says why and by how much.</summary>
public sealed class MatrixLimitException(string message) : InvalidOperationException(message);

/// <summary>
/// The points of a matrix minus its exclusions, counted without listing them and listed without visiting
/// excluded combinations. Walking the axes in order, an exclusion stays "alive" while the values chosen so far
/// agree with it; once every value it names is chosen, the rest of that branch is excluded. How many points a
/// branch holds depends only on the axis reached and the set of live exclusions, so those counts are memoised:
/// a 10⁹-point matrix is counted in a handful of steps, and listing never enters a branch whose count is 0.
/// </summary>
internal sealed class MatrixSpace
{
    /// <summary>Work (exclusions and values looked at) spent counting before giving up on a pathological exclude list.</summary>
    private const long MaxWork = 4_000_000;

    private readonly IReadOnlyList<MatrixAxis> _axes;
    private readonly string?[][] _exclusions; // per exclusion, the value it names on each axis (null: any)
    private readonly int[] _lastAxis; // per exclusion, the last axis it names
    private readonly BigInteger[] _suffix; // points of axes i…n−1 with no exclusion
    private readonly Dictionary<(int Axis, int[] Live), BigInteger> _memo = new(StateComparer.Instance);
    private long _work;

    public MatrixSpace(IReadOnlyList<MatrixAxis> axes, IReadOnlyList<IReadOnlyDictionary<string, string>> exclude)
    {
        _axes = axes;
        var exclusions = new List<string?[]>();
        foreach (var exclusion in exclude)
        {
            var values = new string?[axes.Count];
            // A parameter that is not an axis (or a value the axis lacks) is never in a point: such an exclusion matches nothing.
            var matchable = exclusion.All(p =>
            {
                var axis = IndexOf(p.Key);
                if (axis < 0 || !axes[axis].Values.Contains(p.Value))
                {
                    return false;
                }
                values[axis] = p.Value;
                return true;
            });
            if (matchable)
            {
                exclusions.Add(values);
            }
        }
        _exclusions = [.. exclusions];
        _lastAxis = [.. _exclusions.Select(e => Array.FindLastIndex(e, v => v is not null))];
        _suffix = new BigInteger[axes.Count + 1];
        _suffix[axes.Count] = BigInteger.One;
        for (var i = axes.Count - 1; i >= 0; i--)
        {
            _suffix[i] = _suffix[i + 1] * axes[i].Values.Count;
        }
    }

    /// <summary>The number of points; throws <see cref="MatrixLimitException"/> if the exclude list is too intricate to count.</summary>
    public BigInteger Count() => Count(0, AllExclusions());

    /// <summary>Every point in expansion order (first axis slowest, values in file order).</summary>
    public IEnumerable<MatrixPoint> Points()
    {
        var chosen = new int[_axes.Count];
        var stack = new Stack<(int Axis, int[] Live, int Next)>();
        if (Count() > 0)
        {
            stack.Push((0, AllExclusions(), 0));
        }
        while (stack.TryPop(out var frame))
        {
            var (axis, live, next) = frame;
            if (axis == _axes.Count)
            {
                yield return Point(chosen);
                continue;
            }
            if (next >= _axes[axis].Values.Count)
            {
                continue;
            }
            stack.Push((axis, live, next + 1));
            chosen[axis] = next;
            // With no live exclusion left, every completion is a point: no narrowing, no counting.
            var childLive = live.Length == 0 ? live : Narrow(live, axis, _axes[axis].Values[next]);
            if (childLive.Length == 0 || Count(axis + 1, childLive) > 0)
            {
                stack.Push((axis + 1, childLive, 0));
            }
        }
    }

    private BigInteger Count(int axis, int[] live)
    {
        if (live.Any(e => _lastAxis[e] < axis))
        {
            return BigInteger.Zero; // every value that exclusion names is chosen: the whole branch is excluded
        }
        if (live.Length == 0)
        {
            return _suffix[axis];
        }
        if (_memo.TryGetValue((axis, live), out var known))
        {
            return known;
        }
        var values = _axes[axis].Values;
        _work += live.Length + values.Count;
        if (_work > MaxWork)
        {
            throw new MatrixLimitException(
                "the exclude list is too intricate to count the matrix points it leaves; write fewer or broader exclusions");
        }
        var named = live.Select(e => _exclusions[e][axis]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var total = BigInteger.Zero;
        var unnamed = values.Count(v => !named.Contains(v));
        if (unnamed > 0)
        {
            // Values no live exclusion names all lead to the same branch: count it once.
            total += unnamed * Count(axis + 1, [.. live.Where(e => _exclusions[e][axis] is null)]);
        }
        foreach (var value in values.Where(named.Contains))
        {
            total += Count(axis + 1, Narrow(live, axis, value));
        }
        _memo[(axis, live)] = total;
        return total;
    }

    private int[] Narrow(int[] live, int axis, string value) =>
        [.. live.Where(e => _exclusions[e][axis] is null || _exclusions[e][axis] == value)];

    private int[] AllExclusions() => [.. Enumerable.Range(0, _exclusions.Length)];

    private int IndexOf(string name)
    {
        for (var i = 0; i < _axes.Count; i++)
        {
            if (_axes[i].Name == name)
            {
                return i;
            }
        }
        return -1;
    }

    private MatrixPoint Point(int[] chosen)
    {
        var values = new Dictionary<string, string>(_axes.Count, StringComparer.Ordinal);
        for (var i = 0; i < _axes.Count; i++)
        {
            values[_axes[i].Name] = _axes[i].Values[chosen[i]];
        }
        return new MatrixPoint(values);
    }

    /// <summary>Compares memo keys by the exclusions they hold, not by array identity.</summary>
    private sealed class StateComparer : IEqualityComparer<(int Axis, int[] Live)>
    {
        public static readonly StateComparer Instance = new();

        public bool Equals((int Axis, int[] Live) x, (int Axis, int[] Live) y) => x.Axis == y.Axis && x.Live.AsSpan().SequenceEqual(y.Live);

        public int GetHashCode((int Axis, int[] Live) key)
        {
            var hash = new HashCode();
            hash.Add(key.Axis);
            foreach (var e in key.Live)
            {
                hash.Add(e);
            }
            return hash.ToHashCode();
        }
    }
}
