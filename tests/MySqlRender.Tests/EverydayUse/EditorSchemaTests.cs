namespace MySqlRender.Tests.EverydayUse;

/// <summary>
/// The editor JSON Schema, checked by a real JSON Schema validator (ajv, as used by editors' YAML tooling):
/// every MySQL example is valid, and inputs mysqlrender rejects are rejected by the schema too.
/// </summary>
public sealed class EditorSchemaTests
{
    public static TheoryData<string> Examples() =>
    [
        .. Directory.GetFiles(RepoPaths.Of("examples"), "*.yaml", SearchOption.AllDirectories)
            .Where(path => File.ReadAllText(path).Contains("kind: MySQL"))
            .Select(path => System.IO.Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_valid_against_the_schema(string example)
    {
        var result = ValidateWithAjv(example);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.StartsWith("ok ", result.Stdout);
    }

    [Theory]
    [InlineData("unknown-field", "must NOT have additional properties")]
    [InlineData("missing-required", "must have required property")]
    [InlineData("wrong-types", "must be string")]
    [InlineData("passwords", "must match exactly one schema in oneOf")]
    [InlineData("names", "must NOT have more than 45 characters")]
    [InlineData("bad-values", "must match pattern")]
    public void Input_mysqlrender_rejects_is_rejected_by_the_schema(string invalidCase, string expected)
    {
        var result = ValidateWithAjv($"tests/cases/invalid/{invalidCase}.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stdout);
    }

    [Fact]
    public void Every_example_carries_the_yaml_language_server_modeline_to_the_committed_schema()
    {
        foreach (var example in Examples())
        {
            var firstLine = File.ReadLines(RepoPaths.Of(example)).First();
            const string prefix = "# yaml-language-server: $schema=";
            Assert.StartsWith(prefix, firstLine);
            var target = System.IO.Path.GetFullPath(firstLine[prefix.Length..], System.IO.Path.GetDirectoryName(RepoPaths.Of(example))!);
            Assert.Equal(RepoPaths.Of("schemas", "mysql.schema.json"), target);
        }
    }

    private static CliResult ValidateWithAjv(string file)
    {
        var node = ExternalTool.RequireNodeWithValidators();
        return ProcessRunner.Run(node, ["tests/validators/validate-schema.mjs", "schemas/mysql.schema.json", file]);
    }
}
