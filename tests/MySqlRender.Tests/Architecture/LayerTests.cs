using MySqlRender.Cli;
using MySqlRender.Rendering;
using MySqlRender.Validation;

namespace MySqlRender.Tests.Architecture;

/// <summary>
/// The folders of src/MySqlRender are the stages of the pipeline, in order (ARCHITECTURE.md, "Dependencies"). A
/// stage may use Shared and the stages before it, never a later one; so plugins use the core and the hosting
/// contract, never the command line. This reads every type of the built assembly (signatures and IL, see
/// <see cref="TypeReferences"/>) and fails on each reference that goes the wrong way, naming both types.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Earlier first. The root namespace holds only Program, which may use everything.</summary>
    public static readonly string[] Stages =
        ["Shared", "Input", "Schema", "Model", "Validation", "Rendering", "Output", "Hosting", "Plugins", "Cli", "(root)"];

    private static readonly System.Reflection.Assembly Tool = typeof(MySqlRender.Cli.CliApp).Assembly;

    [Fact]
    public void No_stage_references_a_later_stage()
    {
        var violations = Edges()
            .Where(e => Array.IndexOf(Stages, e.From) < Array.IndexOf(Stages, e.To))
            .Select(e => $"{e.From} -> {e.To}: {e.Type} uses {e.Used}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(violations.Count == 0, "stages must use only earlier stages and Shared:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void Every_namespace_of_the_tool_is_a_known_stage()
    {
        var unknown = Tool.GetTypes().Select(t => StageOf(t.Namespace)).OfType<string>().Where(s => !Stages.Contains(s)).Distinct();

        Assert.Empty(unknown);
    }

    [Fact]
    public void Shared_uses_no_stage()
    {
        Assert.DoesNotContain(Edges(), e => e.From == "Shared");
    }

    /// <summary>The check itself can fail: it sees the command line's use of the plugins (a later stage using an earlier one).</summary>
    [Fact]
    public void The_reader_sees_references_in_method_bodies()
    {
        Assert.Contains(Edges(), e => e is { From: "Cli", To: "Plugins", Type: "CliApp" });
        Assert.Contains(Edges(), e => e is { From: "Rendering", To: "Validation", Type: "RenderEngine", Used: "ResourceValidator" });
    }

    private sealed record Edge(string From, string To, string Type, string Used);

    private static List<Edge> Edges()
    {
        var edges = new List<Edge>();
        foreach (var type in Tool.GetTypes())
        {
            var from = StageOf(type.Namespace);
            foreach (var used in TypeReferences.Of(type).Where(t => t.Assembly == Tool))
            {
                if (from is not null && StageOf(used.Namespace) is { } to && to != from)
                {
                    edges.Add(new Edge(from, to, Outer(type).Name, Outer(used).Name));
                }
            }
        }
        return edges;
    }

    /// <summary><c>MySqlRender.Plugins.Krm</c> is the stage Plugins; compiler-generated helpers outside MySqlRender count for none.</summary>
    private static string? StageOf(string? ns) =>
        ns == "MySqlRender" ? "(root)"
        : ns is not null && ns.StartsWith("MySqlRender.", StringComparison.Ordinal) ? ns.Split('.')[1]
        : null;

    private static Type Outer(Type type) => type.DeclaringType is { } outer ? Outer(outer) : type;
}
