using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using StreamLab.Core.Storage;
using StreamLab.Web.Components.Reports;

namespace StreamLab.Web.Reports;

/// <summary>
/// One self-contained HTML file of a report: the report component rendered to static HTML (charts carry their specs),
/// the data as JSON, app.css, plotly.js and the chart module inlined. It loads nothing, so it opens offline.
/// </summary>
public sealed partial class ReportHtmlExporter(IWebHostEnvironment environment, ILoggerFactory loggers)
{
    public const string PlotlyPath = "lib/plotly/plotly.min.js";

    public async Task<string> ExportAsync(StoredReport report, ReportKind kind, IReportView view, IServiceProvider services)
    {
        var plotly = Asset(PlotlyPath, "plotly.js is missing from wwwroot/lib: run scripts/setup.sh (wwwroot-assets/copy.sh)");
        // Every stylesheet the report components use (compare and targets have their own).
        var css = Asset("css/app.css", "wwwroot/css/app.css is missing") + "\n"
            + Asset("css/compare-targets.css", "wwwroot/css/compare-targets.css is missing");
        var charts = Asset("js/charts.js", "wwwroot/js/charts.js is missing");

        await using var renderer = new HtmlRenderer(services, loggers);
        var body = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var header = await renderer.RenderComponentAsync<ReportHeader>(ParameterView.FromDictionary(
                new Dictionary<string, object?> { ["Report"] = report, ["Exports"] = false }));
            var content = await renderer.RenderComponentAsync(kind.ComponentType, ParameterView.FromDictionary(kind.Parameters(view, live: false)));
            return header.ToHtmlString() + "\n" + content.ToHtmlString();
        });

        var html = new StringBuilder(plotly.Length + body.Length + 64_000);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" />\n")
            .Append("<title>").Append(System.Net.WebUtility.HtmlEncode(report.Title)).Append(" — StreamLab report</title>\n")
            .Append("<meta name=\"streamlab-report\" content=\"").Append(report.Slug).Append("\" />\n")
            .Append("<meta name=\"streamlab-data-sha256\" content=\"").Append(report.DataHash).Append("\" />\n")
            .Append("<style>\n").Append(css).Append("\n</style>\n")
            .Append("<script type=\"application/json\" id=\"sl-report-data\">").Append(ScriptSafe(report.DataJson)).Append("</script>\n")
            .Append("<script>\n").Append(ScriptSafe(plotly)).Append("\n</script>\n")
            .Append("</head>\n<body>\n<main class=\"sl-main sl-report-export\">\n").Append(body).Append("\n</main>\n")
            .Append("<script type=\"module\">\n").Append(ScriptSafe(InlineModule(charts))).Append('\n').Append(Boot).Append("\n</script>\n")
            .Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Draws every chart from its embedded spec; <c>body[data-charts]</c> says how it went (tests and people can see it).</summary>
    private const string Boot = """
        (async () => {
          const charts = [...document.querySelectorAll('.sl-chart[data-spec]')];
          try {
            for (const element of charts) await render(element, JSON.parse(element.dataset.spec), null);
            document.body.dataset.charts = 'drawn:' + charts.length;
          } catch (e) {
            document.body.dataset.charts = 'failed';
            const p = document.createElement('p');
            p.className = 'sl-error';
            p.textContent = 'Charts could not be drawn: ' + e;
            document.querySelector('main').prepend(p);
          }
        })();
        """;

    /// <summary>The ES module's top-level exports become plain functions of one inline module (it cannot be imported by URL offline).</summary>
    internal static string InlineModule(string module) => ExportKeyword().Replace(module, "");

    /// <summary>
    /// Text inside a script element must not hold <c>&lt;/script</c> or <c>&lt;!--</c>; <c>&lt;\/script</c> and <c>&lt;\!--</c>
    /// mean the same inside JS strings and regexes and JSON strings, the only places they can occur.
    /// </summary>
    internal static string ScriptSafe(string text) =>
        ScriptClose().Replace(text.Replace("<!--", "<\\!--", StringComparison.Ordinal), m => "<\\/" + m.Value[2..]);

    private string Asset(string path, string missing)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(path);
        if (!file.Exists)
        {
            throw new InvalidOperationException(missing);
        }
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptClose();

    [GeneratedRegex(@"^export\s+(?=(async\s+)?function\b)", RegexOptions.Multiline)]
    private static partial Regex ExportKeyword();
}
