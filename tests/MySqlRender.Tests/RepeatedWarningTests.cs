using MySqlRender.Cli;
using MySqlRender.Hosting;
using MySqlRender.Plugins.Krm;

namespace MySqlRender.Tests;

/// <summary>
/// 1,000 resources with a plaintext password: the text report prints the first few warnings of that code and
/// one exact count of the rest; GitHub annotations and a KRM function's results keep every item (tools need
/// each file and line).
/// </summary>
public sealed class RepeatedWarningTests
{
    private const int Instances = 1000;

    private static string ManyPlaintextPasswords() => string.Join("---\n", Enumerable.Range(0, Instances).Select(i => $"""
        apiVersion: otus.homework/v1
        kind: MySQL
        metadata:
          name: db-{i}
        spec:
          database: app
          password: secret
          storage_size: 1Gi

        """));

    [Fact]
    public void Text_shows_the_first_three_and_counts_the_rest_exactly()
    {
        using var folder = new TempFolder();
        var input = folder.Write("many.yaml", ManyPlaintextPasswords());

        var result = CliRunner.Run("validate", input);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RepeatedWarnings.Shown, lines.Count(l => l.Contains(": warning MR1109: ", StringComparison.Ordinal)));
        Assert.Contains($"mysqlrender: and {Instances - RepeatedWarnings.Shown} more warnings MR1109 like these ({Instances} in all;", result.Stderr);
        Assert.Contains("many.yaml:7:13: warning MR1109: MySQL/db-0 spec.password", result.Stderr);
    }

    [Fact]
    public void GitHub_annotations_keep_every_warning()
    {
        using var folder = new TempFolder();
        var input = folder.Write("many.yaml", ManyPlaintextPasswords());

        var result = CliRunner.Run("validate", input, "--diagnostics-format", "github");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Instances, result.Stderr.Split('\n').Count(l => l.StartsWith("::warning ", StringComparison.Ordinal) && l.Contains("MR1109", StringComparison.Ordinal)));
        Assert.DoesNotContain("more warnings", result.Stderr);
    }

    [Fact]
    public void KRM_results_keep_every_warning_while_stderr_is_summarised()
    {
        var items = string.Join("", ManyPlaintextPasswords().Split("---\n").Select((doc, i) =>
            "  - " + doc.TrimEnd().Replace("\n", "\n    ").Replace("  name: db-" + i, $"  name: db-{i}\n      annotations:\n        config.kubernetes.io/path: 'db-{i}.yaml'") + "\n"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr) { WorkingDirectory = RepoPaths.Root, In = new StringReader("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + items) };

        var code = CliApp.Run(["fn"], console);

        Assert.True(code == 0, stderr.ToString());
        Assert.Equal(Instances, stdout.ToString().Split('\n').Count(l => l.Contains("message: ", StringComparison.Ordinal) && l.Contains("plaintext password", StringComparison.Ordinal)));
        Assert.Contains($"and {Instances - RepeatedWarnings.Shown} more warnings MR1109", stderr.ToString());
    }
}
