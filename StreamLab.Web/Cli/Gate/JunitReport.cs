using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace StreamLab.Web.Cli.Gate;

/// <summary>
/// Gate cases as JUnit XML, the format CI systems (Jenkins, GitLab, GitHub Actions reporters, Azure Pipelines) show
/// natively: &lt;testsuites&gt; with one &lt;testsuite&gt; per gate, one &lt;testcase classname name&gt; per check and a
/// &lt;failure message type&gt; inside a failed one. Written through XDocument, so names and values are escaped.
/// </summary>
public static class JunitReport
{
    public static XDocument Build(string campaign, IReadOnlyList<GateCase> cases, DateTimeOffset timestamp)
    {
        var suites = cases.GroupBy(c => c.Suite).Select(g => new XElement("testsuite",
            new XAttribute("name", $"{campaign} {g.Key}"),
            new XAttribute("tests", Count(g.Count())),
            new XAttribute("failures", Count(g.Count(c => c.Failed))),
            new XAttribute("errors", "0"),
            new XAttribute("skipped", "0"),
            new XAttribute("time", "0"),
            new XAttribute("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            g.Select(Case)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites",
            new XAttribute("name", $"streamlab {campaign}"),
            new XAttribute("tests", Count(cases.Count)),
            new XAttribute("failures", Count(cases.Count(c => c.Failed))),
            new XAttribute("errors", "0"),
            new XAttribute("time", "0"),
            suites));
    }

    public static async Task WriteAsync(string path, XDocument document, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        await using var stream = File.Create(path);
        // UTF-8 without a byte-order mark: some CI readers take a BOM for content before the declaration.
        await using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false) });
        await document.SaveAsync(writer, ct);
    }

    private static XElement Case(GateCase c) => new("testcase",
        new XAttribute("classname", c.ClassName),
        new XAttribute("name", c.Name),
        new XAttribute("time", "0"),
        c.Failed ? new XElement("failure", new XAttribute("message", c.Failure!), new XAttribute("type", c.Suite), c.Detail) : new XElement("system-out", c.Detail));

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
