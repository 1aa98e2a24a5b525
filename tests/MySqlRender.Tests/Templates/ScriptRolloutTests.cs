using System.Text.RegularExpressions;
using MySqlRender.Rendering;

namespace MySqlRender.Tests.Templates;

/// <summary>
/// A mysqlrender upgrade that changes scripts, as Argo CD sees it: the seed rendered with the previous scripts and
/// with changed ones. The Deployment uses <c>strategy: Recreate</c>, so a changed pod template restarts the
/// database (Kubernetes docs, "Deployments": a rollout is triggered if and only if the pod template changes).
/// A change to a script only Jobs run must leave the Deployment byte-identical; a change to one the server runs
/// must change its pod template (a new content-hashed ConfigMap), so that no pod ever runs a script its spec did
/// not name.
/// </summary>
public sealed partial class ScriptRolloutTests
{
    public static TheoryData<string> JobOnlyScripts() => [.. ScriptBundles.JobScripts.Except(ScriptBundles.ServerScripts)];

    public static TheoryData<string> ServerScripts() => [.. ScriptBundles.ServerScripts];

    [Theory]
    [MemberData(nameof(JobOnlyScripts))]
    public void Changing_a_job_script_leaves_the_Deployment_unchanged_and_rolls_the_jobs(string script)
    {
        var (before, after) = RenderWithChanged(script);

        Assert.Equal(Object(before, "Deployment"), Object(after, "Deployment"));
        Assert.Equal(Object(before, "ConfigMap", "-server-scripts-"), Object(after, "ConfigMap", "-server-scripts-"));
        Assert.NotEqual(NameOf(before, "-job-scripts-"), NameOf(after, "-job-scripts-"));
        Assert.NotEqual(Object(before, "CronJob"), Object(after, "CronJob"));
        Assert.Contains($"configMap:\n                name: {NameOf(after, "-job-scripts-")}", Object(after, "CronJob"));
    }

    [Theory]
    [MemberData(nameof(ServerScripts))]
    public void Changing_a_server_script_changes_the_Deployments_pod_template(string script)
    {
        var (before, after) = RenderWithChanged(script);

        Assert.NotEqual(NameOf(before, "-server-scripts-"), NameOf(after, "-server-scripts-"));
        Assert.Contains($"name: {NameOf(after, "-server-scripts-")}", Object(after, "Deployment"));
        Assert.Equal(Object(before, "Deployment").Replace(NameOf(before, "-server-scripts-"), NameOf(after, "-server-scripts-")),
            Object(after, "Deployment"));
    }

    [Fact]
    public void The_same_scripts_give_the_same_names()
    {
        using var templates = new TempFolder();
        templates.Write("scripts/backup.sh", File.ReadAllText(RepoPaths.Of("templates", "scripts", "backup.sh")));

        Assert.Equal(Render(null), Render(templates.Path));
    }

    /// <summary>The seed's objects with the embedded scripts, and with one script changed by an upgrade.</summary>
    private static (string Before, string After) RenderWithChanged(string script)
    {
        using var templates = new TempFolder();
        templates.Write($"scripts/{script}", File.ReadAllText(RepoPaths.Of("templates", "scripts", script)) + "# changed by an upgrade\n");
        return (Render(null), Render(templates.Path));
    }

    private static string Render(string? templates)
    {
        var result = templates is null ? CliRunner.Run("render", "examples/seed") : CliRunner.Run("render", "examples/seed", "--templates", templates);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout;
    }

    /// <summary>The one document of this kind (whose name contains <paramref name="nameContains"/>).</summary>
    private static string Object(string stream, string kind, string nameContains = "") =>
        Assert.Single(stream.Split("---\n"), d => d.Contains($"\nkind: {kind}\n", StringComparison.Ordinal)
            && NameLine().Match(d).Groups[1].Value.Contains(nameContains, StringComparison.Ordinal));

    private static string NameOf(string stream, string nameContains) => NameLine().Match(Object(stream, "ConfigMap", nameContains)).Groups[1].Value;

    [GeneratedRegex(@"\nmetadata:\n  name: (\S+)")]
    private static partial Regex NameLine();
}
