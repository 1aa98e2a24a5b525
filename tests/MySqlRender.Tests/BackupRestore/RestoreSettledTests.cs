using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Issue 13 defect 4: lib.sh's require_restore_settled, which backup.sh calls before it dumps or prunes, run in the
/// rendered backup CronJob's pod (its env, mounts and user) against the server on the kubelet model.
/// </summary>
public sealed class RestoreSettledTests : BackupRestoreScenario
{
    private const string Caller = """
        SCRIPT=settled
        trap remove_client_files EXIT
        check_backup_env
        write_option_file "$MYSQL_PASSWORD_FILE" "$MYSQL_HOST" "$MYSQL_PORT"
        wait_for_server 60 || die "no server"
        require_restore_settled
        log "the restore state is settled"
        """;

    [Fact]
    public void A_database_with_data_and_dumps_but_no_recorded_restore_stops_backups_with_what_to_do()
    {
        var on = new InstanceOnNode(Path.Combine(work, "skipped"), RenderResource("skipped-db"), asRelease01: true);
        Track(on);
        on.Node.Storage.Provisioner = NodeStorage.Kind.LocalPathFolder;
        on.StartServer(); // 0.1's server: nothing restores at start, no marker
        CreateTestTable(on);
        Assert.True(on.RunCronJob("backup-skipped-db").Succeeded);
        on.NewDataDirectory(); // a new, empty data directory while the dump exists: the restore is pending
        var pending = RunSettled(on, "skipped-db");
        CreateTestTable(on); // an application wrote before any restore: the restore was skipped

        var skipped = RunSettled(on, "skipped-db");

        Assert.False(pending.Succeeded);
        Assert.Contains("restore-pending: 1 dumps of skipped-db exist in /backup", pending.Output);
        Assert.False(skipped.Succeeded);
        Assert.Contains("restore-skipped: `otus-database` holds 1 objects, 1 dumps of skipped-db exist", skipped.Output);
        Assert.Contains("Accepting the live data", skipped.Output);
    }

    [Fact]
    public void Restored_and_new_instances_are_settled_and_a_failed_marker_is_not()
    {
        var on = new InstanceOnNode(Path.Combine(work, "settled"), RenderResource("settled-db"));
        Track(on);
        on.StartServer();

        var fresh = RunSettled(on, "settled-db");
        on.Sql("UPDATE mysqlrender.restore_marker SET state = 'failed'");
        var failed = RunSettled(on, "settled-db");

        Assert.True(fresh.Succeeded, fresh.ToString());
        Assert.Contains("the restore state is settled", fresh.Output);
        Assert.False(failed.Succeeded);
        Assert.Contains("restore-failed: the last restore into this data directory failed", failed.Output);
    }

    /// <summary>The backup CronJob's pod with lib.sh and a caller of require_restore_settled as its command.</summary>
    private static JobRun RunSettled(InstanceOnNode on, string name)
    {
        var cronJob = on.Instance.One<V1CronJob>($"backup-{name}");
        var template = k8s.KubernetesJson.Deserialize<V1PodTemplateSpec>(k8s.KubernetesJson.Serialize(cronJob.Spec.JobTemplate.Spec.Template));
        var container = template.Spec.Containers.Single();
        container.Command = ["/bin/bash", "-c", File.ReadAllText(RepoPaths.Of("templates", "scripts", "lib.sh")) + "\n" + Caller];
        var pod = on.Node.StartPod($"settled-{KubeletPod.Suffix()}", null, template);
        pod.WaitForCompletion(TimeSpan.FromSeconds(120));
        return new JobRun([pod], DeadlineExceeded: false);
    }
}
