using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using k8s.Models;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Issue 14: the rendered backup containers (run as their pods would, see <see cref="PodSandbox"/>) against a real
/// MariaDB server: the final backup covers every write, scheduled runs never undo retirement, a lock cannot hold a
/// dump forever, a full volume does not stop backups for good, and a failing hook says what to do.
/// Argo CD behaviour modelled: a retired instance's PreSync hook runs, then the sync waits for Prune=confirm while the
/// CronJob keeps running (Argo CD docs "Sync Options: Prune=confirm"; gitops-engine sync waves).
/// </summary>
public sealed class BackupSafetyTests(MariaDbServer mariaDb) : IClassFixture<MariaDbServer>, IDisposable
{
    private const string Database = "otus-database";
    private const string QuotedDatabase = "`otus-database`";
    private const string AppUser = "shop_app";
    private const string AppPassword = "app-password";
    private readonly string work = Directory.CreateTempSubdirectory("mysqlrender-backup-safety-").FullName;
    private readonly List<IDisposable> volumes = [];

    public void Dispose()
    {
        foreach (var volume in volumes)
        {
            volume.Dispose();
        }
        if (mariaDb.Port != 0)
        {
            mariaDb.Sql("SET GLOBAL read_only = OFF");
        }
        Directory.Delete(work, recursive: true);
    }

    /// <summary>
    /// MariaDB's read_only holds every account without the READ ONLY ADMIN privilege (MariaDB docs "read_only"); root
    /// has it, so the writer here is an application account. On MySQL the script sets super_read_only, which holds root too.
    /// </summary>
    [Fact]
    public void The_final_backup_makes_the_server_read_only_first_and_un_retiring_makes_it_writable_again()
    {
        var (_, pods) = Prepare(RenderResource("ro-db", extraSpec: "  retired: true\n"));
        CreateTestTable();
        Assert.Equal(0, AppWrite("INSERT INTO test VALUES (100, 'written before the final backup', NULL)").ExitCode);

        var final = pods.Run("Job", "backup-ro-db-job");

        Assert.True(final.ExitCode == 0, final.ToString());
        Assert.Contains("the server is read-only now (read_only = ON;", final.Output);
        var refused = AppWrite("INSERT INTO test VALUES (101, 'written while Argo CD waits for the confirmation', NULL)");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("read-only", refused.Stderr);
        var marker = Path.Combine(pods.ClaimFolder("backup-ro-db-pvc"), "ro-db.read-only");
        Assert.Contains("final backup of the retired instance ro-db", File.ReadAllText(marker));
        var dump = Assert.Single(Dumps(pods, "ro-db"));
        Assert.Contains("written before the final backup", Gunzip(dump));

        // spec.retired: false again: the restore check of the next completed sync calls mark_instance_live.
        var live = RunLibrary(pods, "ro-db", "write_option_file \"$MYSQL_PASSWORD_FILE\" \"$MYSQL_HOST\" \"$MYSQL_PORT\"; mark_instance_live");

        Assert.True(live.ExitCode == 0, live.Stderr + live.Stdout);
        Assert.Equal(0, AppWrite("INSERT INTO test VALUES (102, 'written after un-retiring', NULL)").ExitCode);
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(Path.Combine(pods.ClaimFolder("backup-ro-db-pvc"), "ro-db.retired")));
    }

    [Fact]
    public void A_scheduled_backup_during_the_confirmation_wait_keeps_the_instance_retired()
    {
        var (_, retired) = Prepare(RenderResource("wait-db", extraSpec: "  retired: true\n"));
        CreateTestTable();
        Assert.Equal(0, retired.Run("Job", "backup-wait-db-job").ExitCode);
        var retiredMarker = Path.Combine(retired.ClaimFolder("backup-wait-db-pvc"), "wait-db.retired");
        var finalDump = File.ReadAllText(retiredMarker);

        // The sync waits for Prune=confirm: the CronJob of the previous sync is still there and fires.
        var scheduled = Sandbox(RenderResource("wait-db")).Run("CronJob", "backup-wait-db");

        Assert.True(scheduled.ExitCode == 0, scheduled.ToString());
        Assert.Equal(finalDump, File.ReadAllText(retiredMarker));
        Assert.True(File.Exists(Path.Combine(retired.ClaimFolder("backup-wait-db-pvc"), "wait-db.read-only")));

        // Confirmed and pruned: the next sync's hook finds the final dump and succeeds at once.
        retired.MissingSecrets.Add("wait-db-credentials");
        var later = retired.Run("Job", "backup-wait-db-job");
        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Contains($"final dump: {finalDump.TrimEnd()}", later.Output);
    }

    [Fact]
    public void A_volume_that_holds_keep_dumps_but_not_one_more_prunes_first_and_keeps_backing_up()
    {
        var (_, pods) = Prepare(RenderResource("full-db", keep: 2));
        var dumpSize = ProbeDumpSize();
        volumes.Add(SmallVolume.Mount(pods.ClaimFolder("backup-full-db-pvc"), dumpSize * 26 / 10));
        for (var i = 0; i < 2; i++)
        {
            var filling = pods.Run("CronJob", "backup-full-db");
            Assert.True(filling.ExitCode == 0, filling.ToString());
        }
        var oldest = Dumps(pods, "full-db")[0];

        var third = pods.Run("CronJob", "backup-full-db");

        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("pruning within spec.backup.keep first", third.Output);
        Assert.Contains($"pruned {oldest}", third.Output);
        Assert.Equal(2, Dumps(pods, "full-db").Count);
        Assert.DoesNotContain(oldest, Dumps(pods, "full-db"));
    }

    [Fact]
    public void A_volume_too_small_for_the_next_dump_fails_with_what_to_do_and_keeps_the_newest_dump()
    {
        var (_, pods) = Prepare(RenderResource("tiny-db", keep: 2));
        var dumpSize = ProbeDumpSize();
        var folder = pods.ClaimFolder("backup-tiny-db-pvc");
        volumes.Add(SmallVolume.Mount(folder, dumpSize * 18 / 10));
        Assert.Equal(0, pods.Run("CronJob", "backup-tiny-db").ExitCode);
        var only = Assert.Single(Dumps(pods, "tiny-db"));

        var second = pods.Run("CronJob", "backup-tiny-db");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("not enough space on the backup volume", second.Output);
        Assert.Contains("Raise spec.backup.storageSize", second.Output);
        Assert.Equal([only], Dumps(pods, "tiny-db"));
        Assert.Empty(Directory.EnumerateFiles(folder, "*.partial"));
    }

    [Fact]
    public void A_failing_hook_says_what_it_means_and_what_to_do()
    {
        var closed = new Dictionary<string, string> { ["MYSQL_PORT"] = "1", ["WAIT_TIMEOUT_SECONDS"] = "1" };
        var (_, live) = Prepare(RenderResource("fail-db"));
        var retired = Sandbox(RenderResource("fail-db", extraSpec: "  retired: true\n"));

        var preDelete = live.Run("Job", "backup-fail-db-job", overrides: closed);
        var final = retired.Run("Job", "backup-fail-db-job", overrides: closed);
        var scheduled = live.Run("CronJob", "backup-fail-db", overrides: closed);

        Assert.Equal(1, preDelete.ExitCode);
        Assert.Contains("the Application is not deleted until it succeeds", preDelete.Output);
        Assert.Contains("remove the pre-delete finalizers of the Application", preDelete.Output);
        Assert.Equal(1, final.ExitCode);
        Assert.Contains("Argo CD stops this sync here and prunes nothing", final.Output);
        Assert.Contains("set spec.retired: false", final.Output);
        Assert.Equal(1, scheduled.ExitCode);
        Assert.Contains("kubectl create job --from=cronjob/backup-fail-db", scheduled.Output);
    }

    [Fact]
    public void A_dump_queued_behind_a_metadata_lock_is_stopped_and_names_the_busy_sessions()
    {
        var (_, pods) = Prepare(RenderResource("lock-db"));
        CreateTestTable();
        using var holder = HoldWriteLock("test", seconds: 60);

        var started = Stopwatch.StartNew();
        var run = pods.Run("CronJob", "backup-lock-db", overrides: new Dictionary<string, string> { ["DUMP_STALL_SECONDS"] = "3" });

        Assert.Equal(1, run.ExitCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
        Assert.Contains("wrote nothing for 3s and was stopped: it was waiting for a lock", run.Output);
        Assert.Contains("Waiting for table metadata lock", run.Output);
        Assert.Empty(Dumps(pods, "lock-db"));
        Assert.Empty(Directory.EnumerateFiles(pods.ClaimFolder("backup-lock-db-pvc"), "*.partial"));
        Assert.Empty(run.LeftInTmp);
        var gone = DateTime.UtcNow.AddSeconds(10); // the server drops the waiting session when its client goes
        while (mariaDb.Sql("SHOW PROCESSLIST").Contains("Waiting for table metadata lock", StringComparison.Ordinal) && DateTime.UtcNow < gone)
        {
            Thread.Sleep(100);
        }
        Assert.DoesNotContain("Waiting for table metadata lock", mariaDb.Sql("SHOW PROCESSLIST"));
    }

    [Fact]
    public void A_before_change_backup_runs_once_per_value()
    {
        var (_, first) = Prepare(RenderResource("change-db", extraBackup: "    beforeChange: mysql-8.4-upgrade\n"));
        CreateTestTable();

        var run = first.Run("Job", "backup-change-db-before");
        var again = first.Run("Job", "backup-change-db-before"); // every later sync runs the PreSync hook again
        var next = Sandbox(RenderResource("change-db", extraBackup: "    beforeChange: orders-v2\n"))
            .Run("Job", "backup-change-db-before");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("the backup before the change 'mysql-8.4-upgrade' was already taken", again.Output);
        Assert.True(next.ExitCode == 0, next.ToString());
        var dumps = Dumps(first, "change-db");
        Assert.Equal(2, dumps.Count);
        Assert.Equal($"mysql-8.4-upgrade\t{Path.GetFileName(dumps[0])}\norders-v2\t{Path.GetFileName(dumps[1])}\n",
            File.ReadAllText(Path.Combine(first.ClaimFolder("backup-change-db-pvc"), "change-db.before-change")));
        Assert.Equal(0, AppWrite("INSERT INTO test VALUES (200, 'a live instance stays writable', NULL)").ExitCode);
    }

    [Fact]
    public void No_dump_and_no_pruning_while_the_restore_of_the_data_directory_has_not_settled()
    {
        var (_, pods) = Prepare(RenderResource("unsettled-db", keep: 1));
        CreateTestTable();
        Assert.Equal(0, pods.Run("CronJob", "backup-unsettled-db").ExitCode);
        var good = Assert.Single(Dumps(pods, "unsettled-db"));
        RecordRestoreOutcome("failed"); // a half-imported database: its dump would rotate the good one out (keep: 1)

        var run = pods.Run("CronJob", "backup-unsettled-db");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("restore-failed", run.Output);
        Assert.Equal([good], Dumps(pods, "unsettled-db"));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private (RenderedInstance, PodSandbox) Prepare(RenderedInstance instance)
    {
        mariaDb.Start();
        mariaDb.Sql("SET GLOBAL read_only = OFF");
        var secret = instance.Objects.OfType<V1Secret>().Single();
        var passwordFile = Path.Combine(work, "root-password");
        File.WriteAllBytes(passwordFile, secret.Data["password"]);
        mariaDb.SetRootPassword(passwordFile);
        mariaDb.Sql($"""
            DROP DATABASE IF EXISTS {QuotedDatabase}; CREATE DATABASE {QuotedDatabase} CHARACTER SET utf8mb4;
            DROP USER IF EXISTS '{AppUser}'@'%'; CREATE USER '{AppUser}'@'%' IDENTIFIED BY '{AppPassword}';
            GRANT SELECT, INSERT, UPDATE, DELETE ON {QuotedDatabase}.* TO '{AppUser}'@'%';
            """);
        RecordRestoreOutcome("nothing-to-restore");
        return (instance, Sandbox(instance));
    }

    /// <summary>
    /// The restore marker of the server's data directory (schema <c>mysqlrender</c>, as restore.sh writes it): a
    /// backup runs only on an instance whose restore has settled.
    /// </summary>
    private void RecordRestoreOutcome(string state)
    {
        mariaDb.Sql($"""
            DROP DATABASE IF EXISTS mysqlrender; CREATE DATABASE mysqlrender;
            CREATE TABLE mysqlrender.restore_marker (id TINYINT UNSIGNED NOT NULL PRIMARY KEY, state VARCHAR(32) NOT NULL,
                database_name VARCHAR(64) NOT NULL, dump_file VARCHAR(255) NULL, dump_sha256 CHAR(64) NULL,
                attempts INT UNSIGNED NOT NULL DEFAULT 1, first_handled_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
            INSERT INTO mysqlrender.restore_marker (id, state, database_name, first_handled_at, updated_at)
                VALUES (1, '{state}', '{Database}', UTC_TIMESTAMP(), UTC_TIMESTAMP());
            """);
    }

    private PodSandbox Sandbox(RenderedInstance instance) => new(instance, mariaDb, Path.Combine(work, "pods"));

    private RenderedInstance RenderResource(string name, int keep = 7, string extraSpec = "", string extraBackup = "") =>
        RenderedInstance.RenderResource(Path.Combine(work, "input", name), $"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: {name}
            spec:
              database: {Database}
              password: e2e-password
              storage_size: 1Gi
              backup:
                keep: {keep}

            """ + extraBackup + extraSpec);

    private void CreateTestTable() => mariaDb.Sql($"""
        CREATE TABLE {QuotedDatabase}.test (id INT PRIMARY KEY, name VARCHAR(100), note TEXT) CHARACTER SET utf8mb4;
        INSERT INTO {QuotedDatabase}.test VALUES (1, 'alice', 'plain'), (2, 'bob', NULL);
        """);

    /// <summary>Adds about 1 MiB of incompressible rows; returns the size of one dump of the database (by another instance).</summary>
    private long ProbeDumpSize()
    {
        var pods = Sandbox(RenderResource("probe-db"));
        mariaDb.Sql($"""
            CREATE TABLE {QuotedDatabase}.noise (id INT PRIMARY KEY, b BLOB);
            INSERT INTO {QuotedDatabase}.noise
                WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT i, RANDOM_BYTES(1024) FROM n;
            """);
        Assert.Equal(0, pods.Run("CronJob", "backup-probe-db").ExitCode);
        return new FileInfo(Assert.Single(Dumps(pods, "probe-db"))).Length;
    }

    /// <summary>An application account's statement over TCP, as an app in the cluster would send it.</summary>
    private CliResult AppWrite(string statement) => ProcessRunner.Run("mariadb",
        ["--no-defaults", "--host=127.0.0.1", $"--port={mariaDb.Port.ToString(CultureInfo.InvariantCulture)}", $"--user={AppUser}",
            $"--password={AppPassword}", $"--database={Database}", "--batch", "-e", statement]);

    /// <summary>An admin session that holds LOCK TABLES ... WRITE (a metadata lock every reader queues behind).</summary>
    private LockHolder HoldWriteLock(string table, int seconds)
    {
        var info = new ProcessStartInfo("mariadb")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--no-defaults", "--user=root", $"--socket={mariaDb.Socket}", "--batch" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        process.StandardInput.WriteLine($"LOCK TABLES {QuotedDatabase}.`{table}` WRITE; SELECT 'locked'; SELECT SLEEP({seconds});");
        process.StandardInput.Flush();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!mariaDb.Sql("SHOW PROCESSLIST").Contains("User sleep", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
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

    /// <summary>Runs lib.sh plus a call, with the env of the instance's rendered CronJob (as another script of ours would).</summary>
    private CliResult RunLibrary(PodSandbox pods, string instance, string call)
    {
        var library = File.ReadAllText(RepoPaths.Of("templates", "scripts", "lib.sh"));
        var password = Path.Combine(work, $"{instance}-password");
        File.WriteAllText(password, "e2e-password");
        return ProcessRunner.Run("/bin/bash", ["-c", library + "\n" + call], environment: new Dictionary<string, string?>
        {
            ["MYSQL_HOST"] = "127.0.0.1",
            ["MYSQL_PORT"] = mariaDb.Port.ToString(CultureInfo.InvariantCulture),
            ["MYSQL_PASSWORD_FILE"] = password,
            ["MYSQL_CLIENT"] = "mariadb",
            ["BACKUP_DIR"] = pods.ClaimFolder($"backup-{instance}-pvc"),
            ["BACKUP_PREFIX"] = instance,
            ["TMPDIR"] = Directory.CreateDirectory(Path.Combine(work, "lib-tmp")).FullName,
        });
    }

    private static string Gunzip(string file)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<string> Dumps(PodSandbox pods, string instance) =>
        Directory.EnumerateFiles(pods.ClaimFolder($"backup-{instance}-pvc"), $"{instance}-*.sql.gz")
            .Order(StringComparer.Ordinal).ToList();
}
