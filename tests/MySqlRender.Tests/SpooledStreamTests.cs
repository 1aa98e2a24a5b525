using System.Text;

namespace MySqlRender.Tests;

/// <summary>
/// The YAML stream is spooled to a temporary file while instances render (in parallel from 32 on), so memory stays
/// flat; output must still be all-or-nothing and in input order (ObjectSpoolTests: the file goes with the spool).
/// </summary>
public sealed class SpooledStreamTests
{
    private const int Instances = 40;

    [Fact]
    public void A_template_error_in_the_last_instance_prints_nothing_after_39_were_spooled()
    {
        using var folder = new TempFolder();
        var inputs = folder.Write("mysql.yaml", Resources(Instances));
        var service = File.ReadAllText(RepoPaths.Of("templates", "service.yaml.sbn"));
        var templates = folder.Write("templates/service.yaml.sbn",
            service + $"{{{{ if name == \"db-{Instances - 1}\" }}}}{{{{ undefined_only_here }}}}{{{{ end }}}}\n");

        var result = CliRunner.RunIn(folder.Path, "render", "mysql.yaml", "--templates", Path.GetDirectoryName(templates)!);

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Contains("undefined_only_here", result.Stderr);
        Assert.True(File.Exists(inputs));
    }

    [Fact]
    public void The_spooled_stream_is_the_in_memory_render_in_input_order()
    {
        using var folder = new TempFolder();
        folder.Write("mysql.yaml", Resources(Instances));

        var stream = CliRunner.RunIn(folder.Path, "render", "mysql.yaml");
        var inMemory = MySqlRender.Output.ManifestStream.Write(
            MySqlRender.Rendering.RenderEngine.Render([folder.Combine("mysql.yaml")], new() { DisplayRoot = folder.Path }).Objects);

        Assert.True(stream.ExitCode == 0, stream.Stderr);
        Assert.Equal(inMemory, stream.Stdout);
        Assert.True(stream.Stdout.IndexOf("name: db-0\n", StringComparison.Ordinal) < stream.Stdout.IndexOf($"name: db-{Instances - 1}\n", StringComparison.Ordinal));
    }

    private static string Resources(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append($"---\napiVersion: otus.homework/v1\nkind: MySQL\nmetadata:\n  name: db-{i}\nspec:\n  image: mysql:8.4\n"
                + $"  database: db{i}\n  passwordSecretRef:\n    name: db-{i}-root\n  storage_size: 1Gi\n");
        }
        return text.ToString();
    }
}
