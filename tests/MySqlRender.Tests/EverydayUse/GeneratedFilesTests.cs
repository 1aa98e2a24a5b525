using MySqlRender.Output;
using MySqlRender.Schema;
using MySqlRender.Shared;

namespace MySqlRender.Tests.EverydayUse;

/// <summary>The committed JSON Schema and field reference are generated from Schema/MySqlSchema.cs and must be current.</summary>
public sealed class GeneratedFilesTests
{
    [Theory]
    [InlineData("schemas/mysql.schema.json", "json")]
    [InlineData("docs/reference.md", "markdown")]
    public void Committed_file_is_what_the_schema_command_generates(string file, string format)
    {
        var generated = CliRunner.Run("schema", "--format", format).Stdout;
        var committed = File.ReadAllText(RepoPaths.Of(file));

        Assert.True(committed == generated,
            $"{file} is stale; regenerate it with: dotnet run --project src/MySqlRender -- schema --format {format} -o {file}\n"
            + UnifiedDiff.Create(committed, generated, "committed", "generated"));
    }

    [Fact]
    public void The_readme_embeds_the_current_field_reference()
    {
        var readme = File.ReadAllText(RepoPaths.Of("README.md"));

        Assert.True(readme.Contains(ReferenceDocGenerator.Table(), StringComparison.Ordinal),
            "README.md's resource reference table is stale: replace it with the table of docs/reference.md "
            + "(dotnet run --project src/MySqlRender -- schema --format markdown)");
    }

    [Fact]
    public void Every_schema_field_reaches_the_json_schema_the_crd_and_the_reference()
    {
        var jsonSchema = JsonSchemaGenerator.Generate();
        var crdRoot = (YMapping)Path(CrdGenerator.Generate(), "spec", "versions", "0", "schema", "openAPIV3Schema")!;
        var reference = ReferenceDocGenerator.Generate();

        foreach (var (path, _) in Fields(MySqlSchema.Spec, ["spec"]))
        {
            Assert.True(PropertyAt(jsonSchema, path) is not null, $"{string.Join('.', path)} missing from the JSON Schema");
            Assert.True(PropertyAt(crdRoot, path) is not null, $"{string.Join('.', path)} missing from the CRD");
            Assert.Contains($"| `{string.Join('.', path)}`", reference);
        }
    }

    private static IEnumerable<(string[] Path, SchemaField Field)> Fields(SchemaField field, string[] path) =>
        field.Fields.SelectMany(child => Fields(child, [.. path, child.Name]).Prepend(([.. path, child.Name], child)));

    private static YNode? PropertyAt(YMapping schema, string[] path)
    {
        YNode? node = schema;
        foreach (var name in path)
        {
            node = Path(node, "properties", name);
        }
        return node;
    }

    private static YNode? Path(YNode? node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = node switch
            {
                YMapping mapping => mapping[key],
                YSequence sequence when int.TryParse(key, out var index) => sequence.Items[index],
                _ => null,
            };
        }
        return node;
    }
}
