namespace MySqlRender.Tests;

/// <summary>
/// No Docker engine runs here, so the image's build stage is replayed as closely as the machine allows: the files
/// its COPY lines name (minus what .dockerignore excludes) go to a fresh folder standing in for WORKDIR, its
/// `dotnet` RUN lines run there as written (only the output folder moves), and the binary it produces must render
/// the seed example to its golden file. Catches a build that works in the repository but not in the image
/// (a file the context leaves out, a warning that fails the AOT publish).
/// </summary>
public sealed class DockerfileBuildStageTests
{
    [Fact]
    public void The_build_stage_publishes_a_binary_that_renders_the_goldens()
    {
        var dotnet = ExternalTool.Require("dotnet", "install the .NET 10 SDK");
        ExternalTool.Require("clang", "apt-get install clang zlib1g-dev (Native AOT)");
        using var work = new TempFolder();
        var output = work.Combine("out");
        var stage = BuildStage(File.ReadAllLines(RepoPaths.Of("Dockerfile")));

        foreach (var line in stage)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words[0] == "COPY")
            {
                Copy(words[1..^1], words[^1], work.Combine("src"));
            }
            else if (words[0] == "RUN" && words[1] == "dotnet")
            {
                var args = words[2..].Select(w => w == "/out" ? output : w).ToArray();
                var run = ProcessRunner.Run(dotnet, args, work.Combine("src"), timeout: TimeSpan.FromMinutes(10));
                Assert.True(run.ExitCode == 0, $"{line}\n{run.Stdout}{run.Stderr}");
            }
        }

        var render = ProcessRunner.Run(Path.Combine(output, "mysqlrender"), ["render", "examples/seed"]);
        Assert.Equal(0, render.ExitCode);
        Snapshot.AssertMatches("render/seed.yaml", render.Stdout);
    }

    /// <summary>The instructions between the first FROM and the next one, with continuation lines joined.</summary>
    private static List<string> BuildStage(string[] dockerfile)
    {
        var joined = string.Join('\n', dockerfile.Where(l => !l.TrimStart().StartsWith('#'))).Replace("\\\n", " ");
        var lines = joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var from = lines.FindIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var next = lines.FindIndex(from + 1, l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var stage = lines[(from + 1)..next];
        Assert.Contains(stage, l => l.Contains("-p:PublishAot=true", StringComparison.Ordinal));
        return stage;
    }

    private static void Copy(string[] sources, string destination, string workdir)
    {
        foreach (var source in sources)
        {
            var from = RepoPaths.Of(source.TrimEnd('/'));
            var to = Path.Combine(workdir, destination.TrimEnd('/'));
            if (File.Exists(from))
            {
                var target = destination.EndsWith('/') || destination == "./" ? Path.Combine(to, Path.GetFileName(from)) : to;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(from, target, overwrite: true);
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !IgnoredByDockerignore(f)))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }
    }

    // .dockerignore keeps build outputs (**/bin/, **/obj/) and node_modules out of the context.
    private static bool IgnoredByDockerignore(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules");
}
