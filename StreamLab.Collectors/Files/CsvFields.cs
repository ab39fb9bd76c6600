namespace StreamLab.Collectors.Files;

/// <summary>Splits one CSV line into fields: <c>1,"a, ""b""",c</c> → <c>1</c>, <c>a, "b"</c>, <c>c</c>.</summary>
internal static class CsvFields
{
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        if (!line.Contains('"'))
        {
            fields.AddRange(line.Split(','));
            return fields;
        }
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
