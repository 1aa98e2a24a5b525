namespace MySqlRender.Tests;

/// <summary><c>mysqlrender validate CASE</c>: diagnostics on stderr, nothing on stdout.</summary>
public sealed class ValidateEntryPoint : EntryPoint
{
    public override string Name => "validate";

    public override EntryPointRun Run(string casePath, IReadOnlyList<string> extraArgs)
    {
        var result = CliRunner.Run(["validate", casePath, .. extraArgs]);
        return new EntryPointRun(result.ExitCode, result.Stderr, result.Stdout);
    }
}

/// <summary><c>mysqlrender render CASE</c>: the manifest stream on stdout, which must stay empty.</summary>
public sealed class RenderStdoutEntryPoint : EntryPoint
{
    public override string Name => "render";

    public override EntryPointRun Run(string casePath, IReadOnlyList<string> extraArgs)
    {
        var result = CliRunner.Run(["render", casePath, .. extraArgs]);
        return new EntryPointRun(result.ExitCode, result.Stderr, result.Stdout);
    }
}

/// <summary>
/// <c>mysqlrender render CASE -o DIR</c> into a folder that already holds a previous render: the output is every
/// change to that folder (it must stay byte-identical) plus stdout.
/// </summary>
public sealed class RenderToFolderEntryPoint : EntryPoint
{
    public override string Name => "render-o";

    public override EntryPointRun Run(string casePath, IReadOnlyList<string> extraArgs)
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "rendered");
        var previous = CliRunner.Run("render", "examples/seed", "-o", target);
        Assert.Equal(0, previous.ExitCode);
        var before = FolderSnapshot.Of(folder.Path);

        var result = CliRunner.Run(["render", casePath, "-o", target, .. extraArgs]);

        var changes = FolderSnapshot.Describe(before, FolderSnapshot.Of(folder.Path));
        return new EntryPointRun(result.ExitCode, result.Stderr, result.Stdout + changes);
    }
}
