using System.Collections.Concurrent;
using System.Reflection;
using Fluid;
using MySqlRender.Input;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// The Liquid templates, parsed once. Embedded in the binary; a <c>--templates DIR</c> overrides any of them by
/// file name (the others stay embedded). Also serves the static scripts under <c>templates/scripts/</c>.
/// </summary>
public sealed class TemplateSet
{
    private static readonly FluidParser Parser = new();
    private static readonly Lazy<TemplateSet> EmbeddedSet = new(() => LoadChecked(null));

    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Source, string Text)> files;

    private readonly Lazy<StaticScripts> scripts;

    private TemplateSet(Dictionary<string, (string Source, string Text)> files)
    {
        this.files = files;
        scripts = new Lazy<StaticScripts>(() => StaticScripts.Compose(this));
    }

    /// <summary>The container scripts of this set (lib.sh + each script), composed once.</summary>
    public StaticScripts Scripts => scripts.Value;

    public static TemplateSet Embedded => EmbeddedSet.Value;

    public static readonly TemplateOptions Options = CreateOptions();

    /// <summary>Loads the set, reporting templates that do not parse (with their file, line and column).</summary>
    public static TemplateSet? Load(string? overrideDirectory, DiagnosticBag diagnostics)
    {
        if (overrideDirectory is null)
        {
            return Embedded;
        }
        var files = ReadEmbedded();
        foreach (var path in Directory.EnumerateFiles(overrideDirectory, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(overrideDirectory, path).Replace('\\', '/');
            files[name] = (path, File.ReadAllText(path, Utf8FileReader.Strict));
        }
        var set = new TemplateSet(files);
        return set.ParseAll(diagnostics) ? set : null;
    }

    public IFluidTemplate Template(string name) => parsed[name];

    public string Text(string name) =>
        files.TryGetValue(name, out var file) ? file.Text : throw new InvalidOperationException($"missing template file {name}");

    public string? TextOrNull(string name) => files.TryGetValue(name, out var file) ? file.Text : null;

    /// <summary>Where a template came from, as shown in diagnostics.</summary>
    public string SourceOf(string name) => files[name].Source;

    private bool ParseAll(DiagnosticBag diagnostics)
    {
        var ok = true;
        foreach (var (name, (source, text)) in files.Where(f => f.Key.EndsWith(".liquid", StringComparison.Ordinal)))
        {
            if (Parser.TryParse(text, out var template, out var error))
            {
                parsed[name] = template;
                continue;
            }
            diagnostics.Error(source, TemplateErrors.PositionOf(error), DiagnosticCodes.TemplateError, "",
                $"template does not parse: {error}", "fix the Liquid syntax");
            ok = false;
        }
        return ok;
    }

    private static TemplateSet LoadChecked(string? directory)
    {
        var diagnostics = new DiagnosticBag();
        var set = new TemplateSet(ReadEmbedded());
        return set.ParseAll(diagnostics) ? set
            : throw new InvalidOperationException("embedded templates do not parse: " + string.Join("; ", diagnostics.Sorted()));
    }

    private static Dictionary<string, (string, string)> ReadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("templates/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Utf8FileReader.Strict);
            files[resource["templates/".Length..]] = (resource, reader.ReadToEnd());
        }
        return files;
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.Filters.WithYamlFilters();
        return options;
    }
}
