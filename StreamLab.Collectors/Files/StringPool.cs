namespace StreamLab.Collectors.Files;

/// <summary>
/// One string per distinct value for names that repeat on every line (a series, an event kind), so a file's rows
/// share them; at most <see cref="Capacity"/> distinct values are pooled, beyond that they are returned as they are.
/// </summary>
internal sealed class StringPool
{
    public const int Capacity = 100_000;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    public string Get(string value)
    {
        if (_values.TryGetValue(value, out var pooled))
        {
            return pooled;
        }
        if (_values.Count < Capacity)
        {
            _values.Add(value);
        }
        return value;
    }
}
