namespace MySqlRender.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData("render", "--no-such-option")]
    [InlineData("no-such-command")]
    [InlineData("render", "--label", "not a label")]
    public void Usage_errors_exit_2_with_a_message(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("usage error", result.Stderr);
    }

    [Fact]
    public void A_missing_path_is_located_invalid_input()
    {
        var result = CliRunner.Run("render", "no/such/folder");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("no/such/folder:1:1: error MR1005: no such file or folder", result.Stderr);
    }

    [Fact]
    public void A_folder_without_mysql_resources_renders_its_objects_and_says_so()
    {
        var folder = Directory.CreateTempSubdirectory("mysqlrender-test-").FullName;
        File.WriteAllText(Path.Combine(folder, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

        var result = CliRunner.RunIn(folder, "render", ".");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("kind: ConfigMap", result.Stdout);
        Assert.Contains("no MySQL resource found", result.Stderr);
    }
}
