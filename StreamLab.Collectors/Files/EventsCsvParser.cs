using StreamLab.Core.Raw;

namespace StreamLab.Collectors.Files;

/// <summary>
/// Parses an events CSV, one event a line, with a header or, as the harness writes it, without:
/// <code>
/// wall_us,event,detail
/// 1717171717000000,burst_on,"loss=5%, delay=80ms"
/// 1717171722000000,burst_off,
/// </code>
/// <code>
/// 1712000003000000,burst_on
/// 1712000004000000,burst_off
/// </code>
/// <c>wall_us</c> and <c>event</c> are required; <c>detail</c> is optional (empty means none).
/// </summary>
public sealed class EventsCsvParser(string file, long recordId) : CsvRecordParser<EventRow>(file,
    ["wall_us", "event"],
    ["detail"],
    headerOptional: true)
{
    // Event names repeat (burst_on, burst_off…): one string each instead of one per line.
    private readonly StringPool _kinds = new();

    protected override bool TryParseRow(IReadOnlyList<string> fields, out EventRow row)
    {
        row = default;
        if (!TryLong(fields, "wall_us", true, out var wallUs))
        {
            return false;
        }
        var kind = Text(fields, "event");
        if (string.IsNullOrEmpty(kind))
        {
            return Problem("event", "is empty");
        }
        var detail = Text(fields, "detail");
        row = new EventRow(recordId, wallUs!.Value, _kinds.Get(kind), string.IsNullOrEmpty(detail) ? null : detail);
        return true;
    }
}
