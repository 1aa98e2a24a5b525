using System.Text;
using k8s;

namespace MySqlRender.Tests.Fuzz;

/// <summary>
/// Seeded property test: thousands of random mutations of valid MySQL resources. Every run must end either in
/// exit 0 with output that parses and loads strictly into the Kubernetes client's models, or in exit 1 with located
/// diagnostics and no output: never exit 70, never an exception, never a hang (a per-case timeout, not a timing
/// assertion). MYSQLRENDER_FUZZ_SEED and MYSQLRENDER_FUZZ_CASES reproduce a failing run or scale it up.
/// </summary>
public sealed class FuzzTests
{
    private const int DefaultSeed = 20261124;
    private const int DefaultCases = 3000;
    private const int OutOfProcessSamples = 12;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("MYSQLRENDER_FUZZ_SEED"), out var s) ? s : DefaultSeed;

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("MYSQLRENDER_FUZZ_CASES"), out var n) ? n : DefaultCases;

    [Fact]
    public async Task Mutated_resources_render_or_fail_with_located_diagnostics_in_process()
    {
        using var folder = new TempFolder();
        var failures = new List<string>();
        var outcomes = new int[2];
        for (var index = 0; index < Cases && failures.Count < 5; index++)
        {
            var fuzzCase = FuzzCase.Make(Seed, index);
            File.WriteAllBytes(folder.Combine("case.yaml"), fuzzCase.Bytes);
            var run = Task.Run(() => CliRunner.RunIn(folder.Path, "render", "case.yaml"), TestContext.Current.CancellationToken);
            var finished = await Task.WhenAny(run, Task.Delay(CaseTimeout, TestContext.Current.CancellationToken)) == run;
            string? problem;
            try
            {
                problem = finished ? Check(await run) : $"no result within {CaseTimeout.TotalSeconds} s (a hang)";
            }
            catch (Exception e)
            {
                problem = "exception: " + e;
            }
            if (problem is not null)
            {
                failures.Add(fuzzCase.Describe(problem));
                if (!run.IsCompleted)
                {
                    break; // a hung render keeps the temp file busy
                }
            }
            else
            {
                outcomes[(await run).ExitCode]++;
            }
        }

        Assert.True(failures.Count == 0, $"fuzz seed {Seed} ({Cases} cases; reproduce with MYSQLRENDER_FUZZ_SEED={Seed}):\n\n"
            + string.Join("\n\n", failures));
        // Both outcomes must occur, or the mutations are too weak (or too destructive) to test anything.
        Assert.True(outcomes[0] > Cases / 50 && outcomes[1] > Cases / 50, $"exit 0: {outcomes[0]}, exit 1: {outcomes[1]}");
    }

    [Fact]
    public void A_sample_of_mutations_behaves_the_same_out_of_process()
    {
        using var folder = new TempFolder();
        var failures = new List<string>();
        var step = Math.Max(1, Cases / OutOfProcessSamples);
        for (var index = 0; index < Cases; index += step)
        {
            var fuzzCase = FuzzCase.Make(Seed, index);
            File.WriteAllBytes(folder.Combine("case.yaml"), fuzzCase.Bytes);
            var inProcess = CliRunner.RunIn(folder.Path, "render", "case.yaml");

            CliResult binary;
            try
            {
                binary = ProcessRunner.Run(MySqlRenderBinary.Path, ["render", "case.yaml"], folder.Path, timeout: CaseTimeout);
            }
            catch (TimeoutException e)
            {
                failures.Add(fuzzCase.Describe(e.Message));
                continue;
            }
            var problem = Check(binary) ?? (binary == inProcess ? null
                : $"the binary differs from the in-process run: exit {binary.ExitCode} vs {inProcess.ExitCode}\n{binary.Stderr}");
            if (problem is not null)
            {
                failures.Add(fuzzCase.Describe(problem));
            }
        }

        Assert.True(failures.Count == 0, $"fuzz seed {Seed} (reproduce with MYSQLRENDER_FUZZ_SEED={Seed}):\n\n" + string.Join("\n\n", failures));
    }

    [Fact]
    public void The_same_seed_gives_the_same_cases()
    {
        Assert.Equal(FuzzCase.Make(7, 42).Bytes, FuzzCase.Make(7, 42).Bytes);
        Assert.NotEqual(FuzzCase.Make(7, 42).Bytes, FuzzCase.Make(8, 42).Bytes);
    }

    /// <summary>Null when the run ended acceptably; else what is wrong with it.</summary>
    private static string? Check(CliResult result) => result.ExitCode switch
    {
        0 => CheckOutput(result),
        1 => CheckDiagnostics(result),
        _ => $"exit {result.ExitCode}\n{result.Stderr}",
    };

    private static string? CheckDiagnostics(CliResult result)
    {
        if (result.Stdout.Length > 0)
        {
            return "exit 1 with output on stdout";
        }
        if (!result.Stderr.Contains(": error MR", StringComparison.Ordinal))
        {
            return "exit 1 without an error diagnostic:\n" + result.Stderr;
        }
        var unlocated = InvalidCaseTests.DiagnosticLines(result.Stderr)
            .FirstOrDefault(line => !line.StartsWith("case.yaml:", StringComparison.Ordinal) || !InvalidCaseTests.LocatedDiagnostic().IsMatch(line));
        return unlocated is null ? null : "a diagnostic line without file:line:col: " + unlocated;
    }

    private static string? CheckOutput(CliResult result)
    {
        try
        {
            var documents = Yaml.Documents(result.Stdout);
            if (documents.Count == 0 && result.Stdout.Length > 0)
            {
                return "output without documents";
            }
            foreach (var document in documents)
            {
                if (Yaml.Text(document, "apiVersion") is not { } apiVersion || Yaml.Text(document, "kind") is not { } kind
                    || Yaml.Text(document, "metadata", "name") is null)
                {
                    return "an output document without apiVersion, kind or metadata.name";
                }
                if (RenderedKinds.Contains((apiVersion, kind)))
                {
                    var text = new StringWriter();
                    new YamlDotNet.RepresentationModel.YamlStream(new YamlDotNet.RepresentationModel.YamlDocument(document)).Save(text, assignAnchors: false);
                    KubernetesYaml.LoadAllFromString(text.ToString(), strict: true);
                }
            }
            return null;
        }
        catch (Exception e)
        {
            return $"exit 0 but the output does not load: {e.GetType().Name}: {e.Message}\n{result.Stdout}";
        }
    }

    /// <summary>The built-in kinds mysqlrender renders (pass-through objects of unknown kinds are not loaded).</summary>
    private static readonly HashSet<(string, string)> RenderedKinds =
    [
        ("v1", "Secret"), ("v1", "PersistentVolume"), ("v1", "PersistentVolumeClaim"), ("v1", "Service"),
        ("apps/v1", "Deployment"), ("batch/v1", "CronJob"), ("batch/v1", "Job"), ("v1", "ConfigMap"),
    ];
}

/// <summary>One generated input: which corpus file, which mutations, and the bytes.</summary>
public sealed record FuzzCase(int Seed, int Index, string Source, IReadOnlyList<string> Steps, byte[] Bytes)
{
    private static readonly string[] CorpusFiles =
    [
        "examples/seed/mysql.yaml", "examples/multi/legacy.yaml", "examples/multi/teams.yaml",
        "examples/production/orders-db.yaml", "tests/cases/fuzz/full.yaml",
    ];

    private static readonly Lazy<string[]> Corpus = new(() => [.. CorpusFiles.Select(f => File.ReadAllText(RepoPaths.Of(f)))]);

    public static FuzzCase Make(int seed, int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var source = random.Next(CorpusFiles.Length);
        var (bytes, steps) = new Mutator(random).Mutate(Corpus.Value[source]);
        return new FuzzCase(seed, index, CorpusFiles[source], steps, bytes);
    }

    public string Describe(string problem)
    {
        var text = Encoding.UTF8.GetString(Bytes);
        var shown = text.Length > 3000 ? text[..3000] + "..." : text;
        return $"case {Index} (seed {Seed}): {Source} with {string.Join("; ", Steps)}\n{problem}\n--- input ---\n{Mutator.Escape(shown).Replace("\\u000a", "\n")}";
    }
}
