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
    /// <summary>Each script with an example that carries it: the seed, and the offsite example for the S3 scripts.</summary>
    private static string ExampleOf(string script) => script.StartsWith("s3-", StringComparison.Ordinal) ? "examples/offsite" : "examples/seed";

    public static TheoryData<string, string> JobOnlyScripts() =>
        [.. ScriptBundles.Uses.Where(u => u.Home == ScriptHome.Job).Select(u => (ExampleOf(u.File), u.File))];

    public static TheoryData<string, string> ServerScripts() =>
        [.. ScriptBundles.Uses.Where(u => u.Home == ScriptHome.Server).Select(u => (ExampleOf(u.File), u.File))];

    [Theory]
    [MemberData(nameof(JobOnlyScripts))]
    public void Changing_a_job_script_leaves_the_Deployment_unchanged_and_rolls_the_jobs(string example, string script)
    {
        var (before, after) = RenderWithChanged(example, script);

        Assert.Equal(Object(before, "Deployment"), Object(after, "Deployment"));
        Assert.Equal(Object(before, "ConfigMap", "-server-scripts-"), Object(after, "ConfigMap", "-server-scripts-"));
        Assert.NotEqual(NameOf(before, "-job-scripts-"), NameOf(after, "-job-scripts-"));
        Assert.NotEqual(Object(before, "CronJob", "backup-"), Object(after, "CronJob", "backup-"));
        // The Jobs' scripts volume shows the server's ConfigMap (its libraries) and the new job scripts ConfigMap.
        var sources = $"sources:\n{Indent(18)}- configMap:\n{Indent(22)}name: {NameOf(after, "-server-scripts-")}\n{Indent(18)}- configMap:\n{Indent(22)}name: {NameOf(after, "-job-scripts-")}\n";
        Assert.Contains(sources, Object(after, "CronJob", "backup-"));
        Assert.Contains(sources, Object(after, "CronJob", "verify-")); // i16
    }

    [Theory]
    [MemberData(nameof(ServerScripts))]
    public void Changing_a_server_script_changes_the_Deployments_pod_template(string example, string script)
    {
        var (before, after) = RenderWithChanged(example, script);

        Assert.NotEqual(NameOf(before, "-server-scripts-"), NameOf(after, "-server-scripts-"));
        Assert.Contains($"name: {NameOf(after, "-server-scripts-")}", Object(after, "Deployment"));
        Assert.Equal(Object(before, "Deployment").Replace(NameOf(before, "-server-scripts-"), NameOf(after, "-server-scripts-")),
            Object(after, "Deployment"));
        // The libraries are the server's: a Job sees the changed one under the new name, never a stale copy.
        Assert.Equal(NameOf(before, "-job-scripts-"), NameOf(after, "-job-scripts-"));
        Assert.Contains($"name: {NameOf(after, "-server-scripts-")}", Object(after, "CronJob", "backup-"));
    }

    [Fact]
    public void The_same_scripts_give_the_same_names()
    {
        using var templates = new TempFolder();
        templates.Write("scripts/backup.sh", File.ReadAllText(RepoPaths.Of("templates", "scripts", "backup.sh")));

        Assert.Equal(Render(null), Render(templates.Path));
    }

    /// <summary>The seed's objects with the embedded scripts, and with one script changed by an upgrade.</summary>
    private static (string Before, string After) RenderWithChanged(string example, string script)
    {
        using var templates = new TempFolder();
        templates.Write($"scripts/{script}", File.ReadAllText(RepoPaths.Of("templates", "scripts", script)) + ": changed by an upgrade\n"); // code: a comment-only edit changes nothing (ScriptCommentsTests)
        return (Render(null, example), Render(templates.Path, example));
    }

    private static string Indent(int width) => new(' ', width);

    private static string Render(string? templates, string example = "examples/seed")
    {
        var result = templates is null ? CliRunner.Run("render", example) : CliRunner.Run("render", example, "--templates", templates);
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
