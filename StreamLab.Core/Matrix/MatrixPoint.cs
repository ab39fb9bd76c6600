namespace StreamLab.Core.Matrix;

/// <summary>One combination of matrix parameter values.</summary>
public sealed class MatrixPoint
{
    public MatrixPoint(IReadOnlyDictionary<string, string> values)
    {
        Values = values;
        Key = CanonicalKey(values);
    }

    /// <summary>Matrix parameter → value (fixed parameters are not part of a point).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary><c>name=value</c> pairs sorted by name (ordinal) and joined with <c>_</c>.</summary>
    public string Key { get; }

    public static string CanonicalKey(IReadOnlyDictionary<string, string> values) =>
        string.Join('_', values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public override string ToString() => Key;
}
