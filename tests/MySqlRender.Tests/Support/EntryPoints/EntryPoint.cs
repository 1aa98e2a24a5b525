namespace MySqlRender.Tests;

/// <summary>
/// One way of running mysqlrender on a broken input (a CLI command, a plugin mode). The invalid-case table runs
/// every case under tests/cases/invalid/ through every entry point in <see cref="EntryPoints.All"/>.
/// </summary>
public abstract class EntryPoint
{
    /// <summary>Short, file-name safe; shown in test names and used for per-entry-point goldens.</summary>
    public abstract string Name { get; }

    /// <summary>Runs the case file (path relative to the repository root) with the case's extra arguments.</summary>
    public abstract EntryPointRun Run(string casePath, IReadOnlyList<string> extraArgs);

    /// <summary>
    /// The golden the diagnostics must match, under tests/snapshots/. Entry points that print the same diagnostics
    /// share <c>invalid/NAME.txt</c>; one that reports differently (e.g. a KRM results list) overrides this.
    /// </summary>
    public virtual string GoldenPath(string caseName) => $"invalid/{caseName}.txt";

    /// <summary>
    /// Whether the case applies: a plugin call has no command-line options (a case with a <c>.args</c> file), and
    /// kustomize never hands a plugin a dangling symlink as its config.
    /// </summary>
    public virtual bool Supports(string caseName, IReadOnlyList<string> extraArgs) => true;

    public override string ToString() => Name;
}

/// <summary>What an entry point did: exit code, the diagnostics text, and whether it produced any output at all.</summary>
/// <param name="Output">Everything it emitted as output (stdout, files written); must be empty for a broken input.</param>
public sealed record EntryPointRun(int ExitCode, string Diagnostics, string Output);
