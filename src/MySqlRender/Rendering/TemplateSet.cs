using System.Reflection;
using Scriban;
using MySqlRender.Input;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// The Scriban templates (<c>*.yaml.sbn</c>), their partials (<c>partials/_*.sbn</c>) and the container scripts
/// (<c>scripts/*.sh</c>), each parsed once. Embedded in the binary; a <c>--templates DIR</c> replaces any of them by
/// relative path (the others stay embedded). An override that matches no known file, or is written in the Liquid
/// format of mysqlrender 0.1, is an error.
/// </summary>
public sealed class TemplateSet
{
    private const string ResourcePrefix = "templates/";
    private static readonly Lazy<TemplateSet> EmbeddedSet = new(LoadEmbedded);

    private readonly Dictionary<string, TemplateFile> files;
    private readonly Dictionary<string, Template> parsed = new(StringComparer.Ordinal);

    private TemplateSet(Dictionary<string, TemplateFile> files, bool overridden)
    {
        this.files = files;
        Overridden = overridden;
        Scripts = new Lazy<ScriptBundles>(() => new ScriptBundles(this));
        Statics = new StaticTexts(files.Where(f => f.Key.StartsWith("scripts/", StringComparison.Ordinal)).Select(f => f.Value.Text));
        Runner = new TemplateRunner(this);
    }

    public static TemplateSet Embedded => EmbeddedSet.Value;

    /// <summary>Whether files of a <c>--templates</c> folder replace embedded ones.</summary>
    public bool Overridden { get; }

    /// <summary>The script ConfigMaps' contents and content-hashed names, composed once per set.</summary>
    public Lazy<ScriptBundles> Scripts { get; }

    /// <summary>The scripts' texts, written by the yaml filter as tokens and put back after the parse-back check.</summary>
    public StaticTexts Statics { get; }

    /// <summary>Renders this set's templates (one strict context per thread).</summary>
    public TemplateRunner Runner { get; }

    /// <summary>Every file an override folder may replace, as relative paths (what the error for an unknown one lists).</summary>
    public static IReadOnlyList<string> OverridableNames =>
        [.. Embedded.files.Keys.Where(name => !name.StartsWith("init/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Loads the set, reporting every problem with its file, line and column; null when there is one.</summary>
    public static TemplateSet? Load(string? overrideDirectory, DiagnosticBag diagnostics)
    {
        if (overrideDirectory is null)
        {
            return Embedded;
        }
        var files = new Dictionary<string, TemplateFile>(Embedded.files, StringComparer.Ordinal);
        var ok = true;
        foreach (var path in Directory.EnumerateFiles(overrideDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(overrideDirectory, path).Replace('\\', '/');
            ok &= AcceptOverride(name, path, files, diagnostics);
        }
        var set = new TemplateSet(files, overridden: true);
        return set.ParseAll(diagnostics) && ok ? set : null;
    }

    private static bool AcceptOverride(string name, string path, Dictionary<string, TemplateFile> files, DiagnosticBag diagnostics)
    {
        var text = File.ReadAllText(path, Utf8FileReader.Strict);
        var isTemplate = name.EndsWith(".sbn", StringComparison.Ordinal) || name.EndsWith(".liquid", StringComparison.Ordinal);
        if (isTemplate && LegacyTemplateFormat.Find(name, text) is { } legacy)
        {
            diagnostics.Error(path, legacy.At, DiagnosticCodes.TemplateError, "",
                $"{legacy.What}: the override format changed", LegacyTemplateFormat.Hint);
            return false;
        }
        if (!OverridableNames.Contains(name, StringComparer.Ordinal))
        {
            // Only the names of the same kind (templates and partials, or scripts), so the list stays readable.
            var sameKind = OverridableNames.Where(known => known.StartsWith("scripts/", StringComparison.Ordinal) == name.StartsWith("scripts/", StringComparison.Ordinal));
            var closest = DidYouMean.Closest(name, OverridableNames);
            diagnostics.Error(path, SourcePosition.Start, DiagnosticCodes.TemplateError, "",
                $"'{name}' matches no template, partial or script, so it would never be used; the known names are: {string.Join(", ", sameKind)}",
                closest is null ? "name the file after one of them, by its path relative to the templates folder" : $"did you mean {closest}?");
            return false;
        }
        files[name] = FileOf(name, path, text);
        return true;
    }

    public Template Template(string name) => parsed.TryGetValue(name, out var template) ? template
        : throw new InvalidOperationException($"no template {name}");

    public bool Contains(string name) => files.ContainsKey(name);

    public IEnumerable<string> Names => files.Keys;

    public string Text(string name) =>
        files.TryGetValue(name, out var file) ? file.Text : throw new InvalidOperationException($"missing template file {name}");

    /// <summary>Where a template came from, as shown in diagnostics.</summary>
    public string SourceOf(string name) => files[name].Source;

    /// <summary>The template names (not partials) and partial names, each parsed.</summary>
    public IEnumerable<string> ParsedNames => parsed.Keys;

    private bool ParseAll(DiagnosticBag diagnostics)
    {
        var ok = true;
        foreach (var (name, file) in files.Where(f => f.Key.EndsWith(".sbn", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var template = Scriban.Template.Parse(file.Text, file.Source);
            var errors = template.Messages.Where(m => m.Type == Scriban.Parsing.ParserMessageType.Error).ToList();
            foreach (var error in errors)
            {
                diagnostics.Error(file.Source, TemplateErrors.PositionOf(error.Span), DiagnosticCodes.TemplateError, "",
                    $"template does not parse: {error.Message}", "fix the Scriban syntax (https://github.com/scriban/scriban/blob/master/doc/language.md)");
            }
            var unclosed = errors.Count == 0 ? UnclosedBlock(file.Text) : null;
            if (unclosed is { } at)
            {
                // Scriban accepts an unclosed "{{" at the very end of a template as text.
                diagnostics.Error(file.Source, at, DiagnosticCodes.TemplateError, "",
                    "template does not parse: '{{' is never closed by '}}'", "close the code block");
            }
            ok &= errors.Count == 0 && unclosed is null;
            parsed[name] = template;
        }
        return ok;
    }

    private static SourcePosition? UnclosedBlock(string text)
    {
        var open = text.LastIndexOf("{{", StringComparison.Ordinal);
        if (open < 0 || text.IndexOf("}}", open, StringComparison.Ordinal) >= 0)
        {
            return null;
        }
        var before = text[..open];
        var line = before.Count(c => c == '\n') + 1;
        return new SourcePosition(line, open - (before.LastIndexOf('\n') + 1) + 1);
    }

    private static TemplateSet LoadEmbedded()
    {
        var diagnostics = new DiagnosticBag();
        var set = new TemplateSet(ReadEmbedded(), overridden: false);
        return set.ParseAll(diagnostics) ? set
            : throw new InvalidOperationException("embedded templates do not parse: " + string.Join("; ", diagnostics.Sorted()));
    }

    private static Dictionary<string, TemplateFile> ReadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, TemplateFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Utf8FileReader.Strict);
            var name = resource[ResourcePrefix.Length..];
            files[name] = FileOf(name, resource, reader.ReadToEnd());
        }
        return files;
    }

    /// <summary>A file as the set keeps it: container scripts without their comment lines (<see cref="ScriptComments"/>).</summary>
    private static TemplateFile FileOf(string name, string source, string text) =>
        new(source, name.StartsWith("scripts/", StringComparison.Ordinal) ? ScriptComments.Strip(name, text) : text);

    private sealed record TemplateFile(string Source, string Text);
}
