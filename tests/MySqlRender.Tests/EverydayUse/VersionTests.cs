namespace MySqlRender.Tests.EverydayUse;

public sealed class VersionTests
{
    [Fact]
    public void Version_prints_the_package_version_without_a_commit_suffix()
    {
        var result = CliRunner.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", result.Stdout);
    }
}
