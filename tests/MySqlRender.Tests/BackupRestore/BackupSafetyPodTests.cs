using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Issue 14 through the rendered pods on the kubelet model (<see cref="InstanceOnNode"/>: the rendered Deployment's
/// server on Debian's MariaDB, the backup CronJob and hook Jobs as pods that find it through the Service, a Job's
/// failed pods retried up to its backoffLimit, Kubernetes docs "Jobs"): the final backup covers every write, scheduled
/// runs never undo retirement, a lock cannot hold a dump forever, a full volume does not stop backups for good, and a
/// failing hook says what to do. Argo CD behaviour modelled: a retired instance's PreSync hook runs, then the sync waits
/// for Prune=confirm while the CronJob of the previous sync keeps running (Argo CD docs "Sync Options: Prune=confirm";
/// gitops-engine sync waves); a sync applies the new rendering and prunes nothing until confirmed.
/// </summary>
public sealed class BackupSafetyPodTests : IDisposable
{
    private const string Database = "otus-database";
    private const string QuotedDatabase = "`otus-database`";
    private const string AppUser = "shop_app";
    private const string AppPassword = "app-password";
    private readonly TempFolder work = new();
    private InstanceOnNode? on;
    private SmallVolume? volume;

    public void Dispose()
    {
        on?.StopServer(); // no container may hold a small volume when it is unmounted
        volume?.Dispose();
        on?.Dispose();
        work.Dispose();
    }

    /// <summary>
    /// MariaDB's read_only holds every account without the READ ONLY ADMIN privilege (MariaDB docs "read_only"); root
    /// has it, so the writer here is an application account. On MySQL the script sets super_read_only, which holds root too.
    /// </summary>
    [Fact]
    public void The_final_backup_makes_the_server_read_only_first_and_un_retiring_makes_it_writable_again()
    {
        var node = Started("ro-db");
        CreateTestTable();
        Assert.Equal(0, AppWrite("INSERT INTO test VALUES (100, 'written before the final backup', NULL)").ExitCode);
        node.Apply(Render("ro-db", extraSpec: "  retired: true\n")); // the sync of the retirement: its PreSync hook

        var final = node.RunJob("backup-ro-db-job");

        Assert.True(final.Succeeded, final.ToString());
        Assert.Contains("the server is read-only now (read_only = ON;", final.Output);
        var refused = AppWrite("INSERT INTO test VALUES (101, 'written while Argo CD waits for the confirmation', NULL)");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("read-only", refused.Stderr);
        var marker = Path.Combine(BackupFolder("ro-db"), "ro-db.read-only");
        Assert.Contains("final backup of the retired instance ro-db", File.ReadAllText(marker));
        var dump = Assert.Single(Dumps("ro-db"));
        Assert.Contains("written before the final backup", Gunzip(dump));

        // spec.retired: false again: the restore check of the next completed sync calls mark_instance_live.
        node.Apply(Render("ro-db"));
        var live = RunLibrary("ro-db", "write_option_file \"$MYSQL_PASSWORD_FILE\" \"$MYSQL_HOST\" \"$MYSQL_PORT\"; mark_instance_live");

        Assert.True(live.ExitCode == 0, live.Stderr + live.Stdout);
        Assert.Equal(0, AppWrite("INSERT INTO test VALUES (102, 'written after un-retiring', NULL)").ExitCode);
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(Path.Combine(BackupFolder("ro-db"), "ro-db.retired")));
    }

    /// <summary>
    /// A crash, an OOM kill or a failed liveness probe restarts the mysql container alone: the kubelet runs no init
    /// container again (Kubernetes docs, "Init Containers": they run before the app containers start, again only when
    /// the pod restarts), and the config emptyDir keeps what it held. The read-only state follows NAME.read-only at
    /// every start of the container: a server restarted during Argo CD's Prune=confirm wait stays read-only (its
    /// writes would be missing from the final dump), and one restarted after un-retiring stays writable.
    /// </summary>
    [Fact]
    public void A_restarted_mysql_container_is_read_only_exactly_while_the_final_backups_marker_exists()
    {
        var node = Started("crash-db");
        CreateTestTable();
        node.Apply(Render("crash-db", extraSpec: "  retired: true\n"));
        Assert.True(node.RunJob("backup-crash-db-job").Succeeded);

        CrashServer(node.Server);

        var refused = AppWrite("INSERT INTO test VALUES (101, 'written during the confirmation wait', NULL)");
        Assert.True(refused.ExitCode != 0, "a restarted server accepted a write after the final backup");
        Assert.Contains("read-only", refused.Stderr);
        Assert.Contains("the server starts read-only: /backup/crash-db.read-only exists", node.Server.Logs("mysql"));

        node.Apply(Render("crash-db"));
        var live = RunLibrary("crash-db", "write_option_file \"$MYSQL_PASSWORD_FILE\" \"$MYSQL_HOST\" \"$MYSQL_PORT\"; mark_instance_live");
        Assert.True(live.ExitCode == 0, live.Stderr + live.Stdout);
        CrashServer(node.Server);

        Assert.Equal(0, AppWrite("INSERT INTO test VALUES (102, 'written after un-retiring and a crash', NULL)").ExitCode);
        Assert.Contains("the server starts writable: /backup/crash-db.read-only is gone", node.Server.Logs("mysql"));
    }

    /// <summary>mysqld dies as under the OOM killer (SIGKILL); waits for the kubelet's restart of the container to be Ready.</summary>
    private static void CrashServer(KubeletPod server)
    {
        var before = server.Restarts("mysql");
        var kill = server.Exec("mysql", ["/bin/bash", "-c", "kill -KILL \"$(cat /var/run/mysqld/mysqld.pid)\""]);
        Assert.True(kill.ExitCode == 0, kill.Stderr);
        Assert.True(server.WaitFor(() => server.Restarts("mysql") > before && server.Ready, TimeSpan.FromSeconds(120)), server.AllLogs());
        Assert.Equal(0, server.Restarts("server-init")); // the init container did not run again
    }

    /// <summary>
    /// The drill CronJob goes with the retirement, so nothing drills the final dump, while an older scheduled dump may
    /// have passed its drill. Restoring in drill-first order would bring back that older dump and lose every write in
    /// between; a dump taken after the server became read-only holds every write, so it comes first.
    /// </summary>
    [Fact]
    public void Un_retiring_onto_a_new_data_volume_restores_the_final_dump_not_an_older_drilled_one()
    {
        var node = Started("back-db");
        CreateTestTable();
        Assert.True(on!.RunCronJob("backup-back-db").Succeeded);
        var drilled = Assert.Single(Dumps("back-db"));
        ReportDrill(drilled, "passed");
        Assert.Equal(0, AppWrite("INSERT INTO test VALUES (100, 'written after the drilled dump', NULL)").ExitCode);
        Thread.Sleep(1100); // dumps are named by the second
        node.Apply(Render("back-db", extraSpec: "  retired: true\n"));
        var final = node.RunJob("backup-back-db-job");
        Assert.True(final.Succeeded, final.ToString());
        var before = on.Sql($"SELECT COUNT(*), MAX(id) FROM {QuotedDatabase}.test");

        node.Apply(Render("back-db")); // spec.retired: false, and the data volume is new
        on.NewDataDirectory();

        var finalDump = Path.GetFileName(Dumps("back-db").Last());
        Assert.Contains($"using /backup/{finalDump}: taken after a final backup made the server read-only", on.Server.Logs("server-init"));
        Assert.Equal(before, on.Sql($"SELECT COUNT(*), MAX(id) FROM {QuotedDatabase}.test"));
    }

    [Fact]
    public void A_scheduled_backup_during_the_confirmation_wait_keeps_the_instance_retired()
    {
        var node = Started("wait-db");
        CreateTestTable();
        var retired = Render("wait-db", extraSpec: "  retired: true\n");
        node.Apply(retired);
        Assert.True(node.RunJob("backup-wait-db-job").Succeeded);
        var retiredMarker = Path.Combine(BackupFolder("wait-db"), "wait-db.retired");
        var finalDump = File.ReadAllText(retiredMarker);

        // The sync waits for Prune=confirm: the CronJob of the previous sync is still there and fires.
        var scheduled = node.RunCronJob("backup-wait-db");

        Assert.True(scheduled.Succeeded, scheduled.ToString());
        Assert.Equal(finalDump, File.ReadAllText(retiredMarker));
        Assert.True(File.Exists(Path.Combine(BackupFolder("wait-db"), "wait-db.read-only")));

        // Confirmed and pruned (the server, the CronJob, the Secret): the next sync's hook finds the final dump and
        // succeeds at once.
        node.StopServer();
        node.Prune("Deployment", "wait-db");
        node.Prune("CronJob", "backup-wait-db");
        node.Prune("Secret", "wait-db-credentials");
        var later = node.RunJob("backup-wait-db-job");
        Assert.True(later.Succeeded, later.ToString());
        Assert.Contains($"final dump: {finalDump.TrimEnd()}", later.Output);
    }

    [Fact]
    public void A_volume_that_holds_keep_dumps_but_not_one_more_prunes_first_and_keeps_backing_up()
    {
        var node = Started("full-db", keep: 2);
        OnSmallVolume("full-db", dumps: 2.6);
        for (var i = 0; i < 2; i++)
        {
            var filling = node.RunCronJob("backup-full-db");
            Assert.True(filling.Succeeded, filling.ToString());
        }
        var oldest = Dumps("full-db")[0];

        var third = node.RunCronJob("backup-full-db");

        Assert.True(third.Succeeded, third.ToString());
        Assert.Single(third.Pods);
        Assert.Contains("pruning within spec.backup.keep first", third.Output);
        Assert.Contains($"pruned /backup/{Path.GetFileName(oldest)}", third.Output);
        Assert.Equal(2, Dumps("full-db").Count);
        Assert.DoesNotContain(oldest, Dumps("full-db"));
    }

    [Fact]
    public void A_volume_too_small_for_the_next_dump_fails_with_what_to_do_and_keeps_the_newest_dump()
    {
        var node = Started("tiny-db", keep: 2);
        OnSmallVolume("tiny-db", dumps: 1.8);
        Assert.True(node.RunCronJob("backup-tiny-db").Succeeded);
        var only = Assert.Single(Dumps("tiny-db"));

        var second = node.RunCronJob("backup-tiny-db");

        Assert.False(second.Succeeded);
        Assert.All(second.Pods, pod => Assert.Equal(1, pod.ExitCode("backup")));
        Assert.Contains("not enough space on the backup volume", second.Last.TerminationMessage("backup"));
        Assert.Contains("Raise spec.backup.storageSize", second.Last.TerminationMessage("backup"));
        Assert.Equal([only], Dumps("tiny-db"));
        Assert.Empty(Directory.EnumerateFiles(BackupFolder("tiny-db"), "*.partial"));
    }

    [Fact]
    public void A_failing_hook_says_what_it_means_and_what_to_do()
    {
        // Overrides: a closed port and a 1 s wait, so every run fails fast (no server needs to run).
        var closed = new Dictionary<string, string> { ["MYSQL_PORT"] = "1", ["WAIT_TIMEOUT_SECONDS"] = "1" };
        var node = on = new InstanceOnNode(work.Combine("node"), Render("fail-db"));

        var preDelete = node.RunJob("backup-fail-db-job", closed);
        var scheduled = node.RunCronJob("backup-fail-db", closed);
        node.Apply(Render("fail-db", extraSpec: "  retired: true\n"));
        var final = node.RunJob("backup-fail-db-job", closed);

        Assert.False(preDelete.Succeeded);
        Assert.Contains("the Application is not deleted until it succeeds", preDelete.Last.TerminationMessage("backup"));
        Assert.Contains("remove the pre-delete finalizers of the Application", preDelete.Last.TerminationMessage("backup"));
        Assert.False(final.Succeeded);
        Assert.Contains("Argo CD stops this sync here and prunes nothing", final.Last.TerminationMessage("backup"));
        Assert.Contains("set spec.retired: false", final.Last.TerminationMessage("backup"));
        Assert.False(scheduled.Succeeded);
        Assert.Contains("kubectl create job --from=cronjob/backup-fail-db", scheduled.Last.TerminationMessage("backup"));
    }

    [Fact]
    public void A_dump_queued_behind_a_metadata_lock_is_stopped_and_names_the_busy_sessions()
    {
        var node = Started("lock-db");
        CreateTestTable();
        using var holder = HoldWriteLock("test", seconds: 60);

        var started = Stopwatch.StartNew();
        var run = node.RunCronJob("backup-lock-db", new Dictionary<string, string> { ["DUMP_STALL_SECONDS"] = "3" });

        Assert.False(run.Succeeded);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(90), $"took {started.Elapsed} for {run.Pods.Count} attempts");
        Assert.All(run.Pods, pod => Assert.Equal(1, pod.ExitCode("backup")));
        Assert.Contains("wrote nothing for 3s and was stopped: it was waiting for a lock", run.Output);
        Assert.Contains("Waiting for table metadata lock", run.Output);
        Assert.Empty(Dumps("lock-db"));
        Assert.Empty(Directory.EnumerateFiles(BackupFolder("lock-db"), "*.partial"));
        var gone = DateTime.UtcNow.AddSeconds(10); // the server drops the waiting session when its client goes
        while (node.Sql("SHOW PROCESSLIST").Contains("Waiting for table metadata lock", StringComparison.Ordinal) && DateTime.UtcNow < gone)
        {
            Thread.Sleep(100);
        }
        Assert.DoesNotContain("Waiting for table metadata lock", node.Sql("SHOW PROCESSLIST"));
    }

    [Fact]
    public void A_before_change_backup_runs_once_per_value()
    {
        var node = Started("change-db", extraBackup: "    beforeChange: mysql-8.4-upgrade\n");
        CreateTestTable();

        var run = node.RunJob("backup-change-db-before");
        var again = node.RunJob("backup-change-db-before"); // every later sync runs the PreSync hook again
        node.Apply(Render("change-db", extraBackup: "    beforeChange: orders-v2\n"));
        var next = node.RunJob("backup-change-db-before");

        Assert.True(run.Succeeded, run.ToString());
        Assert.True(again.Succeeded, again.ToString());
        Assert.Contains("the backup before the change 'mysql-8.4-upgrade' was already taken", again.Output);
        Assert.True(next.Succeeded, next.ToString());
        var dumps = Dumps("change-db");
        Assert.Equal(2, dumps.Count);
        Assert.Equal($"mysql-8.4-upgrade\t{Path.GetFileName(dumps[0])}\norders-v2\t{Path.GetFileName(dumps[1])}\n",
            File.ReadAllText(Path.Combine(BackupFolder("change-db"), "change-db.before-change")));
        Assert.Equal(0, AppWrite("INSERT INTO test VALUES (200, 'a live instance stays writable', NULL)").ExitCode);
    }

    [Fact]
    public void No_dump_and_no_pruning_while_the_restore_of_the_data_directory_has_not_settled()
    {
        var node = Started("unsettled-db", keep: 1);
        CreateTestTable();
        Assert.True(node.RunCronJob("backup-unsettled-db").Succeeded);
        var good = Assert.Single(Dumps("unsettled-db"));
        // A half-imported database: its dump would rotate the good one out (keep: 1).
        node.Sql("UPDATE mysqlrender.restore_marker SET state = 'failed' WHERE id = 1");

        var run = node.RunCronJob("backup-unsettled-db");

        Assert.False(run.Succeeded);
        Assert.Contains("restore-failed", run.Last.TerminationMessage("backup"));
        Assert.Equal([good], Dumps("unsettled-db"));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /// <summary>The rendered instance on a new node with its server Ready (its init recorded the restore marker), and an application account.</summary>
    /// <summary>
    /// Files a killed pod left (SIGKILL, an OOM kill, a lost node: no EXIT trap runs) are removed by the next backup once
    /// a day old: a backup's own .partial files by the stamp in their name (the time the dump began), the S3 fetch's
    /// .fetch.partial files by their modification time, since they carry the stamp of the dump they copy, which may
    /// be weeks old while a fetch is still writing it.
    /// </summary>
    [Fact]
    public void The_next_backup_removes_files_that_killed_backups_and_fetches_left_a_day_ago()
    {
        var node = Started("left-db");
        var folder = BackupFolder("left-db");
        var old = DateTime.UtcNow.AddDays(-2);
        var stale = new[]
        {
            $"left-db-{old:yyyyMMdd'T'HHmmss'Z'}.sql.gz.partial",
            "left-db-20260101T030000Z.sql.gz.fetch.partial",
            "left-db-20260101T030000Z.sql.gz.sha256.fetch.partial",
        };
        foreach (var file in stale)
        {
            File.WriteAllText(Path.Combine(folder, file), "cut short");
            File.SetLastWriteTimeUtc(Path.Combine(folder, file), old);
        }
        var writing = Path.Combine(folder, "left-db-20260102T030000Z.sql.gz.fetch.partial"); // an old dump, fetched right now
        File.WriteAllText(writing, "still arriving");

        var backup = node.RunCronJob("backup-left-db");

        Assert.True(backup.Succeeded, backup.ToString());
        Assert.All(stale, file => Assert.False(File.Exists(Path.Combine(folder, file)), $"{file} was left: {backup}"));
        Assert.All(stale, file => Assert.Contains($"removed stale /backup/{file}", backup.Output));
        Assert.True(File.Exists(writing));
    }

    private InstanceOnNode Started(string name, int keep = 7, string extraSpec = "", string extraBackup = "")
    {
        on = new InstanceOnNode(work.Combine("node"), Render(name, keep, extraSpec, extraBackup));
        on.StartServer();
        on.Sql($"""
            CREATE USER '{AppUser}'@'%' IDENTIFIED BY '{AppPassword}';
            GRANT SELECT, INSERT, UPDATE, DELETE ON {QuotedDatabase}.* TO '{AppUser}'@'%';
            """);
        return on;
    }

    private RenderedInstance Render(string name, int keep = 7, string extraSpec = "", string extraBackup = "") =>
        RenderedInstance.RenderResource(work.Combine("input", $"{name}-{Guid.NewGuid():N}"), $"""
            {TestResource.Opening(name, Database, "password: e2e-password")}
              backup:
                keep: {keep}

            """ + extraBackup + extraSpec);

    /// <summary>
    /// Adds about 1 MiB of incompressible rows, measures one dump of the database (a probe run), then replaces the
    /// backup volume by a real filesystem of <paramref name="dumps"/> times that size.
    /// </summary>
    private void OnSmallVolume(string name, double dumps)
    {
        on!.Sql($"""
            CREATE TABLE {QuotedDatabase}.noise (id INT PRIMARY KEY, b BLOB);
            INSERT INTO {QuotedDatabase}.noise SELECT seq, RANDOM_BYTES(1024) FROM {QuotedDatabase}.seq_1_to_1000;
            """);
        var probe = on.RunCronJob($"backup-{name}");
        Assert.True(probe.Succeeded, probe.ToString());
        var size = new FileInfo(Assert.Single(Dumps(name))).Length;
        volume = SmallVolume.Mount(BackupFolder(name), (long)(size * dumps)); // hides the probe's files: a new, empty volume
        Assert.Empty(Dumps(name));
    }

    private void CreateTestTable() => on!.Sql($"""
        CREATE TABLE {QuotedDatabase}.test (id INT PRIMARY KEY, name VARCHAR(100), note TEXT) CHARACTER SET utf8mb4;
        INSERT INTO {QuotedDatabase}.test VALUES (1, 'alice', 'plain'), (2, 'bob', NULL);
        """);

    /// <summary>An application account's statement over TCP to the server pod's address, as an app in the cluster would send it.</summary>
    private CliResult AppWrite(string statement) => ProcessRunner.Run("mariadb",
        ["--no-defaults", $"--host={on!.Server.Context.Address}", "--port=3306", $"--user={AppUser}",
            $"--password={AppPassword}", $"--database={Database}", "--batch", "-e", statement]);

    /// <summary>An admin session (root over the server's socket) that holds LOCK TABLES ... WRITE, a metadata lock every reader queues behind.</summary>
    private LockHolder HoldWriteLock(string table, int seconds)
    {
        var options = work.Combine("lock-holder.cnf");
        File.WriteAllText(options, $"[client]\nuser=root\npassword=\"{on!.RenderedPassword()}\"\n");
        var info = new ProcessStartInfo("mariadb")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--defaults-extra-file={options}", $"--socket={Path.Combine(on.Server.VolumeFolder("run"), "mysqld.sock")}", "--batch" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        process.StandardInput.WriteLine($"LOCK TABLES {QuotedDatabase}.`{table}` WRITE; SELECT 'locked'; SELECT SLEEP({seconds});");
        process.StandardInput.Flush();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!on.Sql("SHOW PROCESSLIST").Contains("User sleep", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
        return new LockHolder(process);
    }

    private sealed class LockHolder(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    /// <summary>Runs lib.sh plus a call against the server pod, with the env of the rendered CronJob (as another script of ours would).</summary>
    private CliResult RunLibrary(string instance, string call)
    {
        var library = File.ReadAllText(RepoPaths.Of("templates", "scripts", "lib.sh"));
        var password = work.Combine($"{instance}-password");
        File.WriteAllText(password, on!.RenderedPassword());
        return ProcessRunner.Run("/bin/bash", ["-c", library + "\n" + call], environment: new Dictionary<string, string?>
        {
            ["MYSQL_HOST"] = on.Server.Context.Address,
            ["MYSQL_PORT"] = "3306",
            ["MYSQL_PASSWORD_FILE"] = password,
            ["MYSQL_CLIENT"] = "mariadb",
            ["BACKUP_DIR"] = BackupFolder(instance),
            ["BACKUP_PREFIX"] = instance,
            ["TMPDIR"] = Directory.CreateDirectory(work.Combine("lib-tmp")).FullName,
        });
    }

    /// <summary>A drill verdict in verify.sh's layout (as DrillVerdictTests use).</summary>
    private static void ReportDrill(string dump, string result)
    {
        var sha256 = File.ReadAllText(dump + ".sha256").Split(' ')[0];
        File.WriteAllText(dump + ".verified.json", $"{{\n  \"result\": \"{result}\",\n  \"sha256\": \"{sha256}\",\n  \"dump\": \"{Path.GetFileName(dump)}\"\n}}\n");
    }

    private string BackupFolder(string instance) => on!.ClaimFolder($"backup-{instance}-pvc");

    private static string Gunzip(string file)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private List<string> Dumps(string instance) =>
        Directory.EnumerateFiles(BackupFolder(instance), $"{instance}-*.sql.gz").Order(StringComparer.Ordinal).ToList();
}
