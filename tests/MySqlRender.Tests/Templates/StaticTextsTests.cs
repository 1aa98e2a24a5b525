using MySqlRender.Rendering;
using k8s.Models;
using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.Templates;

/// <summary>
/// The scripts reach templates as tokens and are put back after the parse-back check (Rendering/StaticTexts.cs):
/// what a ConfigMap carries must still be each script file byte for byte (without its comment lines), and a template that makes a script part
/// of a larger value gets an error instead of a token in its output.
/// </summary>
public sealed class StaticTextsTests
{
    [Theory]
    [InlineData("examples/seed")]
    [InlineData("examples/offsite")]
    [InlineData("examples/retired")]
    public void Every_scripts_ConfigMap_carries_the_script_files_exactly(string example)
    {
        var instance = RenderedInstance.Render(example);

        var maps = instance.Objects.OfType<V1ConfigMap>().Where(m => m.Metadata.Name.Contains("-scripts-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(maps);
        foreach (var (key, text) in maps.SelectMany(m => m.Data))
        {
            Assert.Equal(ScriptComments.Strip("scripts/" + key, File.ReadAllText(RepoPaths.Of("templates", "scripts", key))), text);
        }
        Assert.DoesNotContain("mysqlrender-static-", instance.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_inside_a_larger_value_is_an_error_not_a_token_in_the_output()
    {
        using var templates = new TempFolder();
        var original = File.ReadAllText(RepoPaths.Of("templates", "job-scripts.yaml.sbn"));
        templates.Write("job-scripts.yaml.sbn", original.Replace("data: {{ scripts.job.files | yaml }}",
            "data:\n  backup.sh: {{ scripts.job.files[\"backup.sh\"] | yaml }}-and-more", StringComparison.Ordinal));

        var result = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("job-scripts.yaml.sbn", result.Stderr);
        Assert.Contains("a container script is part of a larger value", result.Stderr);
        Assert.DoesNotContain("mysqlrender-static-", result.Stderr, StringComparison.Ordinal);
    }
}
