using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// Text for plotly as text: plotly renders a small HTML subset in names, titles, annotations and hover labels
/// (<c>&lt;a href&gt;</c> becomes a clickable link, <c>&lt;br&gt;</c> a line break) and decodes entities, so writing
/// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> as entities shows the characters and never makes markup.
/// </summary>
public static class PlotlyText
{
    public static string Plain(string text) =>
        text.AsSpan().IndexOfAny("<>&") < 0
            ? text
            : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Writes a chart text plain on its way to the browser (live charts and the offline export alike).</summary>
    public sealed class Json : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(Plain(value));
    }
}
