using System.Text.RegularExpressions;

namespace MySqlRender.Tests;

/// <summary>
/// Every file under tests/cases/invalid/ is a broken input, run through every entry point of
/// <see cref="EntryPoints.All"/>: exit 1, the located diagnostics of its golden, and no output at all (nothing on
/// stdout, nothing written, a previous -o folder untouched). A <c>NAME.args</c> file adds command-line arguments.
/// </summary>
public sealed partial class InvalidCaseTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var entryPoint in EntryPoints.All)
        {
            foreach (var name in CaseNames().Where(name => entryPoint.Supports(name, ExtraArgs(name))))
            {
                data.Add(entryPoint.Name, name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Broken_input_gives_located_diagnostics_and_no_output(string entryPoint, string name)
    {
        var run = EntryPoints.Named(entryPoint).Run($"tests/cases/invalid/{name}.yaml", ExtraArgs(name));

        Assert.Equal("", run.Output);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Diagnostics}");
        Assert.All(DiagnosticLines(run.Diagnostics), line => Assert.Matches(LocatedDiagnostic(), line));
        Assert.Contains(": error MR", run.Diagnostics);
        Snapshot.Match(EntryPoints.Named(entryPoint).GoldenPath(name), run.Diagnostics);
    }

    [Fact]
    public void Every_case_has_a_golden()
    {
        var goldens = Directory.EnumerateFiles(RepoPaths.Of("tests", "snapshots", "invalid"), "*.txt")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(CaseNames(), goldens);
    }

    public static IEnumerable<string> CaseNames() =>
        Directory.EnumerateFiles(RepoPaths.Of("tests", "cases", "invalid"), "*.yaml")
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>Every line but the closing summary is a diagnostic.</summary>
    public static IEnumerable<string> DiagnosticLines(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("mysqlrender: ", StringComparison.Ordinal));

    internal static string[] ExtraArgs(string name)
    {
        var path = RepoPaths.Of("tests", "cases", "invalid", name + ".args");
        return File.Exists(path) ? File.ReadAllText(path).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
    }

    [GeneratedRegex(@"^[^:\s]+:\d+:\d+: (error|warning) MR\d{4}: \S")]
    public static partial Regex LocatedDiagnostic();
}
