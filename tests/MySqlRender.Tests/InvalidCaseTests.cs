namespace MySqlRender.Tests;

/// <summary>
/// Every file under tests/cases/invalid/ is a broken input: validate and render must both exit 1 with located
/// diagnostics (golden) and print nothing on stdout. A <c>NAME.args</c> file adds command-line arguments.
/// </summary>
public sealed class InvalidCaseTests
{
    public static TheoryData<string> Cases() =>
    [
        .. Directory.EnumerateFiles(RepoPaths.Of("tests", "cases", "invalid"), "*.yaml")
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_reports_located_diagnostics_and_exits_1(string name)
    {
        var result = CliRunner.Run(["validate", $"tests/cases/invalid/{name}.yaml", .. ExtraArgs(name)]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Matches(@"^tests/cases/invalid/[^:]+:\d+:\d+: error MR\d{4}: ", result.Stderr);
        Snapshot.Match($"invalid/{name}.txt", result.Stderr);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_prints_nothing_and_writes_nothing(string name)
    {
        var output = Directory.CreateTempSubdirectory("mysqlrender-test-").FullName;
        var target = Path.Combine(output, "rendered");

        var toStdout = CliRunner.Run(["render", $"tests/cases/invalid/{name}.yaml", .. ExtraArgs(name)]);
        var toFolder = CliRunner.Run(["render", $"tests/cases/invalid/{name}.yaml", "-o", target, .. ExtraArgs(name)]);

        Assert.Equal((1, ""), (toStdout.ExitCode, toStdout.Stdout));
        Assert.Equal(1, toFolder.ExitCode);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    internal static string[] ExtraArgs(string name)
    {
        var path = RepoPaths.Of("tests", "cases", "invalid", name + ".args");
        return File.Exists(path) ? File.ReadAllText(path).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
    }
}
