using System.Text.RegularExpressions;
using MySqlRender.Rendering;
using MySqlRender.Validation;

namespace MySqlRender.Tests.Templates;

/// <summary>
/// The goldens take both sides of every <c>if</c> in every template and partial. Strict mode checks names only on
/// the branches that run, and a golden shows only what ran: a branch no golden takes is untested output. The
/// templates are rendered as overrides with a marker line before each <c>if</c> and at the start of its body.
/// </summary>
public sealed partial class TemplateBranchTests
{
    private static readonly string[] Inputs = [.. ExampleFolders.Rendered.Select(e => $"examples/{e}"), "tests/cases/branches"];

    [Fact]
    public void The_examples_and_cases_take_both_sides_of_every_if()
    {
        using var instrumented = new TempFolder();
        var branches = Instrument(instrumented);
        var set = TemplateSet.Load(instrumented.Path, new DiagnosticBag())!;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in Inputs)
        {
            var options = new RenderOptions { DisplayRoot = RepoPaths.Root };
            var result = RenderEngine.Render([RepoPaths.Of(input.Split('/'))], options);
            Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
            foreach (var resource in result.Instances)
            {
                var model = ViewModelBuilder.Build(resource, options, set);
                foreach (var template in ObjectPlan.For(resource))
                {
                    Record(set.Runner.Render(template, model), taken);
                }
            }
        }

        var untaken = branches.SelectMany(b => new[] { $"{b} then", $"{b} else" }).Where(side => !taken.Contains(side)).ToList();
        Assert.True(untaken.Count == 0, "no example or case in tests/cases/branches takes: " + string.Join(", ", untaken));
    }

    /// <summary>Copies every template and partial with markers; returns each <c>if</c> as <c>file:line</c>.</summary>
    private static List<string> Instrument(TempFolder folder)
    {
        var branches = new List<string>();
        foreach (var name in TemplateSet.Embedded.Names.Where(n => n.EndsWith(".sbn", StringComparison.Ordinal) && !n.StartsWith("init/", StringComparison.Ordinal)))
        {
            var lines = TemplateSet.Embedded.Text(name).Split('\n');
            var output = new List<string>();
            for (var i = 0; i < lines.Length; i++)
            {
                if (LineIf().IsMatch(lines[i]))
                {
                    var id = $"{name}:{i + 1}";
                    branches.Add(id);
                    output.AddRange([$"#@reached {id}", lines[i], $"#@then {id}"]);
                    continue;
                }
                Assert.False(InlineIf().IsMatch(lines[i]), $"{name}:{i + 1}: an `if` inside a larger code block; put it on a line of its own");
                output.Add(lines[i]);
            }
            folder.Write(name, string.Join('\n', output));
        }
        return branches;
    }

    /// <summary>An <c>if</c> whose markers show fewer bodies than arrivals took its other side at least once.</summary>
    private static void Record(string rendered, HashSet<string> taken)
    {
        var marks = Marker().Matches(rendered).Select(m => (Kind: m.Groups[1].Value, Id: m.Groups[2].Value)).ToList();
        foreach (var id in marks.Select(m => m.Id).Distinct())
        {
            var reached = marks.Count(m => m.Id == id && m.Kind == "reached");
            var then = marks.Count(m => m.Id == id && m.Kind == "then");
            if (then > 0)
            {
                taken.Add($"{id} then");
            }
            if (reached > then)
            {
                taken.Add($"{id} else");
            }
        }
    }

    [GeneratedRegex(@"^\{\{~? if .*~?\}\}\s*$")]
    private static partial Regex LineIf();

    [GeneratedRegex(@"\{\{[^}]*\bif\b")]
    private static partial Regex InlineIf();

    [GeneratedRegex(@"#@(reached|then) (\S+)")]
    private static partial Regex Marker();
}
