using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Issue 14 defect 8: terminating a running Argo CD sync deletes the running hook Job, so its pod is killed mid-work
/// (Argo CD docs, "Sync Options"/"Terminate"; gitops-engine deletes running hooks of a terminated operation). Here
/// the kubelet model terminates the hook's pod (SIGTERM, then SIGKILL after the grace period) at the worst moment,
/// and the next sync must recover cleanly or fail visibly, never report a success it did not have.
/// </summary>
public sealed class TerminatedSyncTests : BackupRestoreScenario
{
    [Fact]
    public void A_sync_terminated_during_a_long_import_kills_only_the_waiting_check_and_the_next_check_reports_the_restore()
    {
        var on = Deploy(RenderResource("long-db"));
        on.StartServer();
        CreateBigTable(on, rows: 60000);
        var before = on.Sql($"SELECT COUNT(*), SUM(id) FROM {QuotedDatabase}.big");
        Assert.True(on.RunCronJob("backup-long-db").Succeeded);
        on.StopServer();
        on.Node.Storage.DeleteProvisioned("long-db-pvc");

        var server = on.StartServer(waitReady: false);
        var check = on.Node.StartJobPod("restore-long-db-job");
        Assert.True(server.WaitFor(() => server.Logs("server-init").Contains("restoring /backup/", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), server.AllLogs());
        check.Terminate(); // the terminated sync deletes its hook

        Assert.NotEqual(PodPhase.Succeeded, check.WaitForCompletion(TimeSpan.FromSeconds(60)));
        Assert.True(server.WaitReady(TimeSpan.FromSeconds(180)), server.AllLogs()); // the import is the server pod's, not the hook's
        var next = on.RunJob("restore-long-db-job");
        Assert.True(next.Succeeded, next.ToString());
        Assert.Contains("restore decision: restored long-db-", next.Output);
        Assert.Equal(before, on.Sql($"SELECT COUNT(*), SUM(id) FROM {QuotedDatabase}.big"));
    }

    [Fact]
    public void A_final_backup_killed_mid_dump_leaves_no_dump_and_no_retired_marker_and_the_next_sync_takes_it()
    {
        var on = Deploy(RenderResource("final-db"));
        on.StartServer();
        CreateBigTable(on, rows: 150000);
        var before = on.Sql($"SELECT COUNT(*), SUM(id) FROM {QuotedDatabase}.big");
        on.Apply(RenderResource("final-db", extraSpec: "  retired: true\n")); // PreSync runs while the server still does
        var folder = on.ClaimFolder("backup-final-db-pvc");

        var hook = on.Node.StartJobPod("backup-final-db-job");
        Assert.True(hook.WaitFor(() => Directory.EnumerateFiles(folder, "*.sql.gz.partial").Any(), TimeSpan.FromSeconds(120)), hook.AllLogs());
        hook.Terminate();

        Assert.NotEqual(PodPhase.Succeeded, hook.WaitForCompletion(TimeSpan.FromSeconds(60)));
        Assert.Empty(Dumps(on, "final-db"));
        Assert.False(File.Exists(Path.Combine(folder, "final-db.retired")), "a killed final backup must not mark the instance retired");
        var next = on.RunJob("backup-final-db-job"); // the next sync re-creates the hook
        Assert.True(next.Succeeded, next.ToString());
        var dump = Assert.Single(Dumps(on, "final-db"));
        Assert.True(File.Exists(dump + ".sha256"));
        Assert.Contains(Path.GetFileName(dump), File.ReadAllText(Path.Combine(folder, "final-db.retired")));
        Assert.Empty(Directory.EnumerateFiles(folder, "*.partial"));
        Assert.Equal(before, on.Sql($"SELECT COUNT(*), SUM(id) FROM {QuotedDatabase}.big"));
    }
}
