using System.IO.Compression;
using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Issue 13 defect 5 and its scenario "plain kubectl apply order of the whole output": `kubectl apply -f` creates
/// every object at once and knows nothing of Argo CD's hook annotations (Argo CD docs, "Resource Hooks": hooks are
/// run by Argo CD's sync, an ordinary apply creates them as ordinary resources), so every Job's pod starts as soon as
/// it exists, next to the server pod, and a CronJob's scheduled run may fire at the same moment.
/// </summary>
public sealed class PlainKubectlApplyTests : BackupRestoreScenario
{
    [Fact]
    public void Applying_the_whole_output_at_once_on_a_fresh_server_brings_the_old_rows_back_and_never_dumps_an_empty_database()
    {
        const string name = "apply-db";
        var (_, on) = Prepare(RenderResource(name, options: ["--target", "kubectl"]));
        CreateTestTable(on);
        var before = Rows(on, "test");
        Assert.True(on.RunCronJob($"backup-{name}").Succeeded);
        var history = Dumps(on, name);
        on.StopServer();
        on.Node.Storage.DeleteProvisioned($"{name}-pvc"); // a fresh server: a new, empty data volume; the old dump stays

        var jobs = on.Instance.Objects.OfType<V1Job>().Select(j => j.Metadata.Name).ToList();
        var cronJob = on.Instance.One<V1CronJob>($"backup-{name}");
        var server = on.StartServer(waitReady: false);
        var pods = jobs.Select(on.Node.StartJobPod)
            .Append(on.Node.StartPod($"backup-{name}-scheduled", null, cronJob.Spec.JobTemplate.Spec.Template))
            .ToList();

        Assert.Equal([$"{name}-accounts", $"restore-{name}-job"], jobs.Order(StringComparer.Ordinal)); // no PreDelete backup: kubectl would run it at every apply
        Assert.True(server.WaitReady(TimeSpan.FromSeconds(180)), server.AllLogs());
        foreach (var pod in pods)
        {
            Assert.True(pod.WaitForCompletion(TimeSpan.FromSeconds(240)) == PodPhase.Succeeded, pod.AllLogs());
        }
        Assert.Equal(before, Rows(on, "test"));
        Assert.Contains("restore decision: restored apply-db-", pods[jobs.IndexOf($"restore-{name}-job")].AllLogs());
        var dumps = Dumps(on, name);
        Assert.Equal(history.Count + 1, dumps.Count); // the scheduled run's dump, taken after the restore
        Assert.All(dumps, dump => Assert.Contains("'Grüße 🐬'", Gunzip(dump)));
        Assert.Equal("0", on.Sql("SELECT @@GLOBAL.read_only"));
    }

    [Fact]
    public void The_kubectl_rendering_has_no_hook_annotations_and_no_jobs_that_only_an_argo_cd_phase_can_order()
    {
        const string beforeChange = "    beforeChange: upgrade-1\n"; // continues spec.backup
        var argo = RenderResource("hooks-db", extraSpec: beforeChange);
        var kubectl = RenderResource("hooks-db", extraSpec: beforeChange, options: ["--target", "kubectl"]);

        Assert.Contains("Job/backup-hooks-db-job", argo.Kinds());
        Assert.Contains("Job/backup-hooks-db-before", argo.Kinds());
        Assert.Equal(["Job/hooks-db-accounts", "Job/restore-hooks-db-job"], kubectl.Kinds().Where(k => k.StartsWith("Job/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("argocd.argoproj.io/hook", kubectl.Yaml);
        var warned = CliRunner.Run("render", Path.Combine(work, "input", "hooks-db"), "--target", "kubectl");
        Assert.Contains("mysql.yaml:11:19: warning MR1115: MySQL/hooks-db spec.backup.beforeChange: no before-change backup is rendered under --target kubectl", warned.Stderr);
        Assert.Contains("kubectl create job --from=cronjob/backup-hooks-db hooks-db-before-change", warned.Stderr);
        Assert.Equal(argo.Kinds().Where(k => !k.StartsWith("Job/backup-", StringComparison.Ordinal) && !k.Contains("hook-scripts", StringComparison.Ordinal)),
            kubectl.Kinds());
    }

    [Fact]
    public void A_retired_instance_under_kubectl_still_gets_its_final_backup_as_an_ordinary_job()
    {
        var kubectl = RenderResource("gone-db", extraSpec: "  retired: true\n", options: ["--target", "kubectl"]);

        var job = kubectl.One<V1Job>("backup-gone-db-job");
        Assert.Null(job.Metadata.Annotations);
        Assert.Contains(job.Spec.Template.Spec.Containers[0].Env, e => e.Name == "BACKUP_MODE" && e.Value == "final");
    }

    private static string Gunzip(string file)
    {
        using var input = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        return reader.ReadToEnd();
    }
}
