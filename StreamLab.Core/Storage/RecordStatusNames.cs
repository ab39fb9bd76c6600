namespace StreamLab.Core.Storage;

/// <summary>
/// Record statuses as people write them (the API's <c>status=</c> filter, meta.env's <c>STATUS=</c>): a status's
/// name in any case, never a number or a comma-joined flag list (which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
/// would turn into another status).
/// </summary>
public static class RecordStatusNames
{
    /// <summary>The statuses a record can have once it is over: what an imported record may say it ended as.</summary>
    public static readonly IReadOnlyList<RecordStatus> Finished =
        [RecordStatus.Succeeded, RecordStatus.Failed, RecordStatus.Cancelled, RecordStatus.Interrupted];

    public static string Name(RecordStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>"succeeded, failed, …": the names of <paramref name="statuses"/> for messages.</summary>
    public static string List(IEnumerable<RecordStatus> statuses) => string.Join(", ", statuses.Select(Name));

    public static bool TryParse(string text, out RecordStatus status)
    {
        foreach (var candidate in Enum.GetValues<RecordStatus>())
        {
            if (string.Equals(text.Trim(), Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
