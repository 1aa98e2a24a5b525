using System.Text;
using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>The first scenarios: a seed round trip, once per data directory, a new instance, a hostile password. See <see cref="BackupRestoreScenario"/>.</summary>
public sealed class BackupRestoreTests : BackupRestoreScenario
{
    [Fact]
    public void Seed_scenario_rows_survive_backup_and_restore_into_a_fresh_instance()
    {
        var (instance, on) = Prepare(RenderedInstance.Render("examples/seed"));
        CreateTestTable(on);
        var before = Rows(on, "test");

        var backup = on.RunCronJob("backup-mysql-instance");

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var dump = Assert.Single(Dumps(on, "mysql-instance"));
        Assert.Contains($"wrote {InPod(dump)} (", backup.Output);
        Assert.True(File.Exists(dump + ".sha256"), backup.ToString());
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(dump)!, "*.partial"));
        Assert.Empty(backup.Last.EmptyDirLeftovers());

        on.NewDataDirectory(); // the server pod's init restores before mysqld starts (docs/backup-restore.md)
        var restore = on.RunJob("restore-mysql-instance-job");

        Assert.Contains($"restored {InPod(dump)} into {QuotedDatabase}", on.Server.Logs("server-init"));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(before, Rows(on, "test"));
        Assert.Empty(restore.Last.EmptyDirLeftovers());
        Assert.NotNull(instance.Find<V1Job>("backup-mysql-instance-job")); // the PreDelete hook is rendered by default
    }

    [Fact]
    public void The_restore_check_reports_the_decision_once_per_data_directory_and_fails_when_dumps_were_never_restored()
    {
        var (_, on) = Prepare(RenderResource("again-db"));
        CreateTestTable(on);
        Assert.Equal(0, on.RunCronJob("backup-again-db").ExitCode);
        on.NewDataDirectory();
        var first = on.RunJob("restore-again-db-job");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("restore decision: restored again-db-", first.Output);
        on.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (4, 'written after the restore', NULL)");
        var afterInsert = Rows(on, "test");

        var again = on.RunJob("restore-again-db-job");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(afterInsert, Rows(on, "test"));

        // Emptied a month later: the marker still keeps month-old data out (only a new data directory restores).
        on.Sql($"DROP DATABASE {QuotedDatabase}; CREATE DATABASE {QuotedDatabase}");
        var emptied = on.RunJob("restore-again-db-job");
        Assert.True(emptied.ExitCode == 0, emptied.ToString());
        Assert.Equal("0", ObjectCount(on));

        // Issue 13 defect 4: a database with data, dumps on the volume, and no restore ever recorded (the marker was
        // dropped): a visible failure that says what to do, and nothing is touched.
        on.Sql("DROP DATABASE mysqlrender");
        CreateTestTable(on);
        var live = Rows(on, "test");
        var refused = on.RunJob("restore-again-db-job");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("restore-skipped: `otus-database` holds 1 objects, 1 dumps of again-db exist in /backup", refused.Output);
        Assert.Contains("Accepting the live data", refused.Output);
        Assert.Contains("\"result\":\"failed\"", refused.Last.TerminationMessage("restore-check"));
        Assert.Equal(live, Rows(on, "test"));
    }

    [Theory]
    [InlineData("restoring", "restore-pending: a restore into this data directory started and never finished")]
    [InlineData("failed", "restore-failed: the last restore into this data directory failed")]
    public void A_restore_marker_that_is_not_final_fails_the_restore_check_with_what_to_do(string state, string message)
    {
        var (_, on) = Prepare(RenderResource($"{state}-db"));
        on.Sql($"UPDATE mysqlrender.restore_marker SET state = '{state}'"); // what 0.1's restore job left behind

        var check = on.RunJob($"restore-{state}-db-job");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains(message, check.Output);
        Assert.Contains("docs/backup-restore.md", check.Output);
    }

    [Fact]
    public void A_brand_new_instance_has_nothing_to_restore()
    {
        var (_, on) = Prepare(RenderResource("new-db"));

        var restore = on.RunJob("restore-new-db-job");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("nothing to restore: no dump of new-db", on.Server.Logs("server-init"));
        Assert.Equal("0", ObjectCount(on));
    }

    [Fact]
    public void A_hostile_password_works_and_appears_in_no_argv_and_no_log()
    {
        const string password = " lead ' \" $HOME $(id) `id` \\ \\\\ \\n # ; [client] trail ";
        // Through the server's own init (issue 13 defect 2): the image's entrypoint would paste it into SQL unescaped.
        var (_, on) = Prepare(RenderResource("quoting-db", password: password));
        CreateTestTable(on);
        var before = Rows(on, "test");

        using (var control = new ArgvSampler(password))
        using (var planted = System.Diagnostics.Process.Start("/bin/bash", ["-c", "sleep 30; exit 0", password]))
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (control.Hits.Count == 0 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
            planted.Kill();
            planted.WaitForExit(); // gone before the real sampler starts, or it would count as a hit
            Assert.NotEmpty(control.Hits); // the sampler does see a password placed in an argv
        }

        JobRun backup, restore;
        using var sampler = new ArgvSampler(password);
        backup = on.RunCronJob("backup-quoting-db");
        on.NewDataDirectory();
        restore = on.RunJob("restore-quoting-db-job");
        Thread.Sleep(50);
        sampler.Dispose();

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(before, Rows(on, "test"));
        Assert.True(sampler.Rounds > 10, $"the argv sampler ran only {sampler.Rounds} rounds");
        Assert.Empty(sampler.Hits);
        Assert.DoesNotContain(password.Trim(), backup.Output + restore.Output);
    }
}
