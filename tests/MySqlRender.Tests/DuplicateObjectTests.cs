namespace MySqlRender.Tests;

/// <summary>
/// Two instances of one name in two namespaces with hostPath volumes and no node keep 0.1's PersistentVolume names,
/// and PersistentVolumes are cluster-scoped: applied together, the second would silently take over the first's
/// volume. The render refuses, names both documents, and prints nothing, whether the objects are kept (`-o DIR`)
/// or spooled (stdout), and when the instances render in parallel.
/// </summary>
public sealed class DuplicateObjectTests
{
    private static string Instance(string name, string ns) => $"""
        apiVersion: otus.homework/v1
        kind: MySQL
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          database: app
          passwordSecretRef: {"{"}name: {name}-pw, key: password{"}"}
          storage_size: 1Gi
          hostPath:
            path: /srv/{name}

        """;

    [Fact]
    public void Same_cluster_scoped_volume_from_two_namespaces_is_an_error_naming_both_files()
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", Instance("shop", "team-a"));
        folder.Write("b.yaml", Instance("shop", "team-b"));

        var result = CliRunner.RunIn(folder.Path, "render", ".");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("b.yaml:1:1: error MR1203: PersistentVolume/shop-pv: this object is produced twice (also from a.yaml:1:1)", result.Stderr);
        Assert.Contains("b.yaml:1:1: error MR1203: PersistentVolume/backup-shop-pv: this object is produced twice (also from a.yaml:1:1)", result.Stderr);
    }

    [Fact]
    public void Written_to_a_directory_the_same_check_holds_and_nothing_is_written()
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", Instance("shop", "team-a"));
        folder.Write("b.yaml", Instance("shop", "team-b"));

        var result = CliRunner.RunIn(folder.Path, "render", ".", "-o", "out");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error MR1203: PersistentVolume/shop-pv", result.Stderr);
        Assert.False(Directory.Exists(folder.Of("out")));
    }

    [Fact]
    public void Rendered_in_parallel_the_first_is_always_the_earlier_document()
    {
        // 40 documents: more than the engine renders one by one, so they render on all cores in any order.
        var documents = Enumerable.Range(0, 40).Select(i => Instance(i is 5 or 37 ? "shop" : $"db-{i}", i == 37 ? "team-b" : "team-a"));
        using var folder = new TempFolder();
        folder.Write("many.yaml", string.Join("---\n", documents));
        var line = (int i) => 1 + i * (Instance("x", "y").Split('\n').Length);

        var runs = Enumerable.Range(0, 5).Select(_ => CliRunner.RunIn(folder.Path, "render", ".")).ToList();

        Assert.All(runs, r => Assert.Equal(1, r.ExitCode));
        Assert.All(runs, r => Assert.Equal(runs[0].Stderr, r.Stderr));
        Assert.Contains($"many.yaml:{line(37)}:1: error MR1203: PersistentVolume/shop-pv: this object is produced twice (also from many.yaml:{line(5)}:1)", runs[0].Stderr);
        Assert.Equal(2, runs[0].Stderr.Split('\n').Count(l => l.Contains("error MR1203", StringComparison.Ordinal)));
    }
}
