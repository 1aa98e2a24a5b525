namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>
/// <c>mysqlrender cmp discover</c> over tests/argocd/discovery (folders named match-* / nomatch-*), run as the sidecar
/// runs it. Argo CD reads non-empty stdout as a match and any non-zero exit as a failure, so every case exits 0.
/// </summary>
public sealed class CmpDiscoverTests
{
    private const string Cases = "tests/argocd/discovery";

    public static TheoryData<string> CaseFolders() =>
    [
        .. Directory.GetDirectories(RepoPaths.Of(Cases)).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(name => name!),
    ];

    [Theory]
    [MemberData(nameof(CaseFolders))]
    public void Discovery_matches_exactly_the_match_folders(string folder)
    {
        using var repository = RepositoryCopy.Of(Cases);

        var result = CmpSidecar.Run("discover", repository, new CmpRequest($"{Cases}/{folder}"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        if (folder.StartsWith("match-", StringComparison.Ordinal))
        {
            var files = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(files);
            Assert.All(files, file => Assert.Contains("otus.homework/", File.ReadAllText(repository.PathOf($"{Cases}/{folder}/{file}"))));
        }
        else
        {
            Assert.StartsWith("nomatch-", folder);
            Assert.Equal("", result.Stdout);
        }
    }

    [Fact]
    public void The_example_app_folder_matches()
    {
        using var repository = RepositoryCopy.Of("examples/argocd");

        var result = CmpSidecar.Run("discover", repository, new CmpRequest("examples/argocd/apps/shop-db"));

        Assert.Equal((0, "mysql.yaml\n"), (result.ExitCode, result.Stdout));
    }

    [Fact]
    public void Junk_files_and_bad_symlinks_never_make_discovery_fail()
    {
        using var outside = RepositoryCopy.Of();
        var leaked = outside.Write("mysql.yaml", File.ReadAllText(RepoPaths.Of(Cases, "match-plain", "mysql.yaml")));
        using var repository = RepositoryCopy.Of();
        var app = "apps/db";
        repository.Write($"{app}/mysql.yaml", File.ReadAllText(RepoPaths.Of(Cases, "match-plain", "mysql.yaml")));
        File.WriteAllBytes(repository.PathOf($"{app}/binary.yaml"), [0xff, 0xfe, .. "apiVersion: otus.homework/v1\n"u8.ToArray(), 0x00, 0xc3]);
        repository.Write($"{app}/deep.yaml", "apiVersion: otus.homework/v1\nkind: MySQL\nspec: " + new string('[', 5000));
        repository.Write($"{app}/tabs.yml", "\tkind: MySQL\n\tapiVersion: otus.homework/v1\n: : :\n");
        File.CreateSymbolicLink(repository.PathOf($"{app}/leak.yaml"), leaked);
        File.CreateSymbolicLink(repository.PathOf($"{app}/dangling.yaml"), repository.PathOf("nowhere.yaml"));
        Directory.CreateSymbolicLink(repository.PathOf($"{app}/loop"), ".");

        var result = CmpSidecar.Run("discover", repository, new CmpRequest(app));

        Assert.Equal((0, "mysql.yaml\n"), (result.ExitCode, result.Stdout));
    }
}
