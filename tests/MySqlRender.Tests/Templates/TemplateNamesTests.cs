using MySqlRender.Rendering;
using Scriban;

namespace MySqlRender.Tests.Templates;

/// <summary>
/// Every name a template (or a partial it includes) reads exists in the view model, on every branch: strict mode
/// catches an undefined name only where rendering passes, so a misspelling in a rarely taken branch would wait
/// for the one user who takes it.
/// </summary>
public sealed class TemplateNamesTests
{
    public static TheoryData<string> ObjectTemplates() =>
        [.. TemplateSet.Embedded.ParsedNames.Where(n => n.EndsWith(".yaml.sbn", StringComparison.Ordinal) && !n.StartsWith("init/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ObjectTemplates))]
    public void Every_name_a_template_reads_is_in_the_view_model(string template)
    {
        var unknown = UnknownNames(TemplateSet.Embedded.Template(template), SeedModel());

        Assert.True(unknown.Count == 0, $"{template} reads names the view model does not have: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void A_misspelt_name_in_a_branch_that_does_not_run_is_found()
    {
        var template = Template.Parse("{{ if backup.suspend }}{{ names.servce | yaml }}{{ end }}{{ x = 1; x }}{{ for e in labels.backup }}{{ e.key }}{{ end }}");

        Assert.Equal(["names.servce"], UnknownNames(template, SeedModel()));
    }

    /// <summary>Paths read from the view model (not from what the templates assign) that do not resolve in it.</summary>
    private static List<string> UnknownNames(Template template, IReadOnlyDictionary<string, object?> model)
    {
        var collector = new TemplateNameCollector();
        template.Page!.Accept(collector);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (collector.Includes.Except(visited).FirstOrDefault() is { } partial)
        {
            visited.Add(partial);
            TemplateSet.Embedded.Template(partial).Page!.Accept(collector); // what the template's partials read, too
        }
        var builtins = new TemplateContext().BuiltinObject;
        return [.. collector.ReadPaths
            .Where(path => !collector.Assigned.Contains(Root(path)) && !builtins.ContainsKey(Root(path)) && !Filters.Contains(Root(path)))
            .Where(path => !Resolves(model, path))
            .Order(StringComparer.Ordinal)];
    }

    private static readonly string[] Filters = ["yaml", "json", "b64"];

    private static string Root(string path) => path.Split('.')[0];

    /// <summary>True when every step of the path is a key of the map before it (a null value ends the walk).</summary>
    private static bool Resolves(IReadOnlyDictionary<string, object?> model, string path)
    {
        object? current = model;
        foreach (var step in path.Split('.'))
        {
            switch (current)
            {
                case null:
                    return true;
                case IReadOnlyDictionary<string, object?> map when map.TryGetValue(step, out var next):
                    current = next;
                    break;
                case IDictionary<string, object?> map when map.TryGetValue(step, out var next):
                    current = next;
                    break;
                case System.Collections.IList when step == "size":
                    return true;
                default:
                    return false;
            }
        }
        return true;
    }

    private static Dictionary<string, object?> SeedModel()
    {
        var options = new RenderOptions { DisplayRoot = RepoPaths.Root };
        var result = RenderEngine.Render([RepoPaths.Of("examples", "seed")], options);
        return ViewModelBuilder.Build(Assert.Single(result.Instances), options, TemplateSet.Embedded);
    }
}
