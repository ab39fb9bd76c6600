using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StreamLab.Core.Campaigns;

/// <summary>Loads campaign YAML into a <see cref="Campaign"/>, or reports every error with its line, column and field path.</summary>
public static partial class CampaignLoader
{
    /// <summary>The <see cref="CampaignError.Path"/> of errors about the document as a whole (syntax, empty file).</summary>
    public const string DocumentPath = "(document)";

    /// <summary>
    /// Loads the campaign file at <paramref name="path"/>; a relative <c>cwd</c> is resolved against the file's folder.
    /// With <paramref name="checkFiles"/> (for running it) every role's working directory and program must exist.
    /// </summary>
    public static CampaignLoadResult LoadFile(string path, bool checkFiles = true)
    {
        string text;
        try
        {
            text = ReadBounded(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Failed(new CampaignError(path, 1, 1, DocumentPath, $"cannot read the file: {ex.Message}"));
        }
        return Load(text, path, Path.GetDirectoryName(Path.GetFullPath(path)), checkFiles);
    }

    // Reads at most one byte past the limit, so /dev/zero or a huge file costs no more than a campaign may be.
    private static string ReadBounded(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[CampaignLimits.MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = file.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }
        return new StreamReader(new MemoryStream(buffer, 0, length), detectEncodingFromByteOrderMarks: true).ReadToEnd();
    }

    /// <summary>
    /// Loads campaign YAML given as text; <paramref name="sourceLabel"/> names it in errors and in <see cref="Campaign.SourcePath"/>.
    /// A relative <c>cwd</c> is resolved against <paramref name="baseDirectory"/> when one is given (else left relative, which
    /// means StreamLab's working folder); <paramref name="checkFiles"/> as for <see cref="LoadFile"/>. Stored campaigns are
    /// re-read without file checks: a program removed since they ran does not make their records unreadable.
    /// </summary>
    public static CampaignLoadResult LoadText(string yaml, string sourceLabel, string? baseDirectory = null, bool checkFiles = false) =>
        Load(yaml, sourceLabel, baseDirectory, checkFiles);

    private static CampaignLoadResult Load(string text, string source, string? baseDirectory, bool checkFiles)
    {
        var errors = new YamlFieldReader(source);
        if (text.Length > CampaignLimits.MaxBytes || System.Text.Encoding.UTF8.GetByteCount(text) > CampaignLimits.MaxBytes)
        {
            errors.Error(Mark.Empty, DocumentPath, $"the campaign is larger than {CampaignLimits.MaxBytes / 1024} KiB; nothing of it was read");
            return Failed(errors.Errors);
        }
        var stream = new YamlStream();
        var filter = new DuplicateKeyFilter(new YamlShapeGuard(new Parser(new StringReader(text))));
        try
        {
            stream.Load(filter);
        }
        catch (YamlLimitException ex)
        {
            errors.Error(ex.At, DocumentPath, ex.Message);
            return Failed(errors.Errors);
        }
        catch (YamlException ex)
        {
            errors.Error(ex.Start, DocumentPath, WithoutMarks(ex.Message));
            return Failed(errors.Errors);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner fails this way on some malformed input (e.g. an unclosed flow list).
            errors.Error(filter.LastEnd, DocumentPath, $"the YAML is malformed after this point ({ex.Message})");
            return Failed(errors.Errors);
        }
        foreach (var (path, start, first) in filter.Duplicates)
        {
            errors.Error(start, path, $"duplicate key (first given on line {first.Line})");
        }
        if (stream.Documents.Count == 0 || YamlFieldReader.IsNull(stream.Documents[0].RootNode))
        {
            errors.Error(Mark.Empty, DocumentPath, "the campaign is empty");
            return Failed(errors.Errors);
        }
        if (stream.Documents.Count > 1)
        {
            errors.Error(stream.Documents[1].RootNode, DocumentPath, "a campaign file holds one YAML document; remove the second '---'");
        }
        var campaign = new CampaignReader(errors, baseDirectory, checkFiles).Read(stream.Documents[0].RootNode, source, text);
        return campaign is not null && errors.Errors.Count == 0 ? new CampaignLoadResult(campaign, []) : Failed(errors.Errors);
    }

    private static CampaignLoadResult Failed(params IReadOnlyList<CampaignError> errors) =>
        new(null, errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the error carries those already.
    private static string WithoutMarks(string message) => MarksPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: [^)]*\) - \(Line: [^)]*\): ", RegexOptions.CultureInvariant)]
    private static partial Regex MarksPrefix();
}
