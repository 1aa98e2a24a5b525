using System.Text;
using k8s.Models;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// The rendered backup and restore containers, run on this machine against a real MariaDB server (see
/// <see cref="PodSandbox"/>): the five scenarios, plus retirement and a brand-new instance.
/// </summary>
public sealed class BackupRestoreTests(MariaDbServer mariaDb) : IClassFixture<MariaDbServer>, IDisposable
{
    private const string Database = "otus-database";
    private const string QuotedDatabase = "`otus-database`";
    private readonly string work = Directory.CreateTempSubdirectory("mysqlrender-backup-e2e-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public void Seed_scenario_rows_survive_backup_and_restore_into_a_fresh_instance()
    {
        var (instance, pods) = Prepare(RenderedInstance.Render("examples/seed"));
        FreshInstance();
        CreateTestTable();
        var before = Rows("test");

        var backup = pods.Run("CronJob", "backup-mysql-instance");

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var dump = Assert.Single(Dumps(pods, "mysql-instance"));
        Assert.Contains($"wrote {dump} (", backup.Output);
        Assert.True(File.Exists(dump + ".sha256"), backup.ToString());
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(dump)!, "*.partial"));
        Assert.Empty(backup.LeftInTmp);

        FreshInstance();
        var restore = pods.Run("Job", "restore-mysql-instance-job");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains($"restored {dump} into {QuotedDatabase}", restore.Output);
        Assert.Equal(before, Rows("test"));
        Assert.Empty(restore.LeftInTmp);
        Assert.NotNull(instance.Find<V1Job>("backup-mysql-instance-job")); // the PreDelete hook is rendered by default
    }

    [Fact]
    public void Restore_runs_once_per_data_directory_and_never_into_a_database_with_data()
    {
        var (_, pods) = Prepare(RenderResource("again-db"));
        FreshInstance();
        CreateTestTable();
        Assert.Equal(0, pods.Run("CronJob", "backup-again-db").ExitCode);
        FreshInstance();
        Assert.Equal(0, pods.Run("Job", "restore-again-db-job").ExitCode);
        mariaDb.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (4, 'written after the restore', NULL)");
        var afterInsert = Rows("test");

        var again = pods.Run("Job", "restore-again-db-job");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already handled", again.Output);
        Assert.Equal(afterInsert, Rows("test"));

        // Emptied a month later: the marker still keeps month-old data out.
        mariaDb.Sql($"DROP DATABASE {QuotedDatabase}; CREATE DATABASE {QuotedDatabase}");
        var emptied = pods.Run("Job", "restore-again-db-job");
        Assert.True(emptied.ExitCode == 0, emptied.ToString());
        Assert.Equal("0", ObjectCount());

        // A new data directory (no marker) whose database already holds data: refused, untouched.
        mariaDb.Sql("DROP DATABASE mysqlrender");
        CreateTestTable();
        mariaDb.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (5, 'live data', NULL)");
        var live = Rows("test");
        var refused = pods.Run("Job", "restore-again-db-job");

        Assert.True(refused.ExitCode == 0, refused.ToString());
        Assert.Contains("is not empty (1 tables/views, 0 routines, 0 events); not restoring", refused.Output);
        Assert.Equal(live, Rows("test"));
    }

    [Fact]
    public void A_brand_new_instance_has_nothing_to_restore()
    {
        var (_, pods) = Prepare(RenderResource("new-db"));
        FreshInstance();

        var restore = pods.Run("Job", "restore-new-db-job");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("nothing to restore: no dump of new-db", restore.Output);
        Assert.Equal("0", ObjectCount());
    }

    [Fact]
    public void A_hostile_password_works_and_appears_in_no_argv_and_no_log()
    {
        const string password = " lead ' \" $HOME $(id) `id` \\ \\\\ \\n # ; [client] trail ";
        var (_, pods) = Prepare(RenderResource("quoting-db", password: password));
        FreshInstance();
        CreateTestTable();
        var before = Rows("test");

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

        ContainerRun backup, restore;
        using var sampler = new ArgvSampler(password);
        backup = pods.Run("CronJob", "backup-quoting-db");
        FreshInstance();
        restore = pods.Run("Job", "restore-quoting-db-job");
        Thread.Sleep(50);
        sampler.Dispose();

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(before, Rows("test"));
        Assert.True(sampler.Rounds > 10, $"the argv sampler ran only {sampler.Rounds} rounds");
        Assert.Empty(sampler.Hits);
        Assert.DoesNotContain(password.Trim(), backup.Output + restore.Output);
    }

    [Fact]
    public void Retention_keeps_exactly_keep_dumps_and_a_truncated_newest_dump_is_skipped()
    {
        var (_, pods) = Prepare(RenderResource("keep-db", keep: 2));
        FreshInstance();
        CreateTestTable();
        Assert.Equal(0, pods.Run("CronJob", "backup-keep-db").ExitCode);
        var oldest = Assert.Single(Dumps(pods, "keep-db"));
        mariaDb.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (10, 'in the second dump', NULL)");
        Assert.Equal(0, pods.Run("CronJob", "backup-keep-db").ExitCode);
        var rowsOfSecond = Rows("test");
        mariaDb.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (11, 'only in the third dump', NULL)");

        var third = pods.Run("CronJob", "backup-keep-db");

        Assert.True(third.ExitCode == 0, third.ToString());
        var dumps = Dumps(pods, "keep-db");
        Assert.Equal(2, dumps.Count);
        Assert.DoesNotContain(oldest, dumps);
        Assert.False(File.Exists(oldest + ".sha256"));
        Assert.Contains($"pruned {oldest}", third.Output);
        Assert.Equal(2, Directory.EnumerateFiles(Path.GetDirectoryName(oldest)!, "*.sha256").Count());

        var newest = dumps[^1];
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]);
        FreshInstance();
        var restore = pods.Run("Job", "restore-keep-db-job");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains($"skipping {newest}: sha256 mismatch", restore.Output);
        Assert.Contains($"restored {dumps[0]} into", restore.Output);
        Assert.Equal(rowsOfSecond, Rows("test"));
    }

    [Fact]
    public void Routines_triggers_events_views_and_binary_data_round_trip()
    {
        var (_, pods) = Prepare(RenderResource("objects-db"));
        FreshInstance();
        var allBytes = Convert.ToHexString(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        mariaDb.Sql($"""
            USE {QuotedDatabase};
            CREATE TABLE blobs (id INT PRIMARY KEY, b LONGBLOB, t TEXT CHARACTER SET utf8mb4, touched INT DEFAULT 0);
            INSERT INTO blobs (id, b, t) VALUES (1, UNHEX('{allBytes}'), 'all 256 byte values'), (2, UNHEX('00'), 'NUL'),
                (3, '', 'empty'), (4, NULL, 'NULL'), (5, UNHEX(REPEAT('{allBytes}', 4096)), '1 MiB'), (6, UNHEX('5C27220A0D1A'), 'Grüße 🐬');
            CREATE VIEW big_blobs AS SELECT id, LENGTH(b) AS size FROM blobs WHERE LENGTH(b) > 255;
            DELIMITER //
            CREATE FUNCTION blob_size(p_id INT) RETURNS BIGINT READS SQL DATA COMMENT 'size of a blob'
            BEGIN
                RETURN (SELECT LENGTH(b) FROM blobs WHERE id = p_id);
            END//
            CREATE PROCEDURE add_blob(IN p_id INT, IN p_hex TEXT)
            BEGIN
                INSERT INTO blobs (id, b, t) VALUES (p_id, UNHEX(p_hex), 'added by add_blob');
            END//
            CREATE TRIGGER blobs_before_insert BEFORE INSERT ON blobs FOR EACH ROW
            BEGIN
                SET NEW.touched = NEW.touched + 1;
            END//
            DELIMITER ;
            CREATE EVENT purge_nothing ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE COMMENT 'never runs'
                DO DELETE FROM blobs WHERE id < 0;
            """);
        var before = SchemaSnapshot();
        Assert.Equal(0, pods.Run("CronJob", "backup-objects-db").ExitCode);
        FreshInstance();

        var restore = pods.Run("Job", "restore-objects-db-job");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("now 2 tables/views, 2 routines, 1 events", restore.Output);
        Assert.Equal(before, SchemaSnapshot());
        Assert.Equal("256\t1048576", mariaDb.Sql($"SELECT {QuotedDatabase}.blob_size(1), {QuotedDatabase}.blob_size(5)"));
        mariaDb.Sql($"CALL {QuotedDatabase}.add_blob(7, 'FF00')");
        Assert.Equal("FF00\tadded by add_blob\t1", mariaDb.Sql($"SELECT HEX(b), t, touched FROM {QuotedDatabase}.blobs WHERE id = 7"));
    }

    [Fact]
    public void A_retired_instance_renders_only_its_final_backup_which_runs_once()
    {
        var (instance, pods) = Prepare(RenderResource("old-db", extraSpec: "  retired: true\n"));
        var scripts = Assert.Single(instance.Objects.OfType<V1ConfigMap>()).Metadata.Name;
        Assert.Equal(["Secret/old-db-credentials", "PersistentVolumeClaim/backup-old-db-pvc", $"ConfigMap/{scripts}", "Job/backup-old-db-job"], instance.Kinds());
        Assert.Equal("PreSync", instance.One<V1Job>("backup-old-db-job").Metadata.Annotations["argocd.argoproj.io/hook"]);
        FreshInstance();
        CreateTestTable();

        var final = pods.Run("Job", "backup-old-db-job");

        Assert.True(final.ExitCode == 0, final.ToString());
        var dump = Assert.Single(Dumps(pods, "old-db"));
        Assert.Contains("final backup of the retired instance", final.Output);
        Assert.Equal(Path.GetFileName(dump) + "\n", File.ReadAllText(Path.Combine(Path.GetDirectoryName(dump)!, "old-db.retired")));

        // The next sync: Argo CD has pruned the server and its Secret; the hook finds the final dump and succeeds.
        pods.MissingSecrets.Add("old-db-credentials");
        var later = pods.Run("Job", "backup-old-db-job");

        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Contains($"the instance is retired and its server is gone; final dump: {Path.GetFileName(dump)}", later.Output);
        Assert.Single(Dumps(pods, "old-db"));
    }

    [Fact]
    public void Restore_from_restores_the_named_dump_and_a_bad_name_changes_nothing()
    {
        var (_, pods) = Prepare(RenderResource("from-db"));
        FreshInstance();
        CreateTestTable();
        Assert.Equal(0, pods.Run("CronJob", "backup-from-db").ExitCode);
        var first = Path.GetFileName(Assert.Single(Dumps(pods, "from-db")));
        var rowsOfFirst = Rows("test");
        mariaDb.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (20, 'only in the second dump', NULL)");
        Assert.Equal(0, pods.Run("CronJob", "backup-from-db").ExitCode);
        FreshInstance();

        var missing = Sandbox(RenderResource("from-db", extraSpec: "  restore:\n    from: missing.sql.gz\n"))
            .Run("Job", "restore-from-db-job");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("RESTORE_FROM=missing.sql.gz cannot be restored", missing.Output);
        Assert.Equal("0", ObjectCount());
        Assert.Equal("0", mariaDb.Sql("SELECT COUNT(*) FROM mysqlrender.restore_marker"));

        var named = Sandbox(RenderResource("from-db", extraSpec: $"  restore:\n    from: {first}\n")).Run("Job", "restore-from-db-job");

        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Contains("(RESTORE_FROM)", named.Output);
        Assert.Equal(rowsOfFirst, Rows("test"));
    }

    [Fact]
    public void A_failed_import_fails_the_job_and_blocks_further_restores_until_cleaned_up()
    {
        var (_, pods) = Prepare(RenderResource("broken-db", extraSpec: "  restore:\n    from: broken.sql.gz\n"));
        var backupFolder = pods.ClaimFolder("backup-broken-db-pvc");
        var broken = Path.Combine(backupFolder, "broken.sql.gz");
        using (var file = File.Create(broken))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(
                "CREATE TABLE half (id INT PRIMARY KEY);\nINSERT INTO half VALUES (1);\nTHIS IS NOT SQL;\n-- Dump completed on 2026-01-01  0:00:00\n"));
        }
        File.WriteAllText(broken + ".sha256",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(broken))) + "  broken.sql.gz\n");
        FreshInstance();

        var failed = pods.Run("Job", "restore-broken-db-job");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"importing {broken} into {QuotedDatabase} failed", failed.Output);
        Assert.Equal("failed", mariaDb.Sql("SELECT state FROM mysqlrender.restore_marker"));

        var blocked = pods.Run("Job", "restore-broken-db-job");

        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains($"did not complete (failed) and {QuotedDatabase} is not empty", blocked.Output);
        Assert.Equal("1", mariaDb.Sql($"SELECT id FROM {QuotedDatabase}.half"));
    }

    [Fact]
    public void An_unreachable_server_or_a_wrong_password_fails_within_the_wait_and_writes_nothing()
    {
        var (_, pods) = Prepare(RenderResource("down-db"));
        // Overrides: a 1 s wait instead of the rendered one; a closed port. The password is changed on the server,
        // so the rendered Secret no longer matches.
        var shortWait = new Dictionary<string, string> { ["WAIT_TIMEOUT_SECONDS"] = "1" };
        var closedPort = new Dictionary<string, string>(shortWait) { ["MYSQL_PORT"] = "1" };
        mariaDb.SetRootPassword(WriteFile("other-password", "not the rendered one"));

        var refused = pods.Run("CronJob", "backup-down-db", overrides: closedPort);
        var denied = pods.Run("Job", "restore-down-db-job", overrides: shortWait);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("did not answer an authenticated SELECT 1 within 1s; last error: ", refused.Output);
        Assert.Contains("no backup taken", refused.Output);
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("Access denied", denied.Output);
        Assert.Contains("nothing restored", denied.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(pods.ClaimFolder("backup-down-db-pvc")));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private (RenderedInstance, PodSandbox) Prepare(RenderedInstance instance)
    {
        mariaDb.Start();
        var secret = instance.Objects.OfType<V1Secret>().Single();
        var passwordFile = Path.Combine(work, "root-password");
        File.WriteAllBytes(passwordFile, secret.Data["password"]);
        mariaDb.SetRootPassword(passwordFile);
        return (instance, Sandbox(instance));
    }

    /// <summary>Every instance of a test shares the claim folders: a re-rendered instance sees the same backup volume.</summary>
    private PodSandbox Sandbox(RenderedInstance instance) => new(instance, mariaDb, Path.Combine(work, "pods"));

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(work, name);
        File.WriteAllText(path, text);
        return path;
    }

    private RenderedInstance RenderResource(string name, string password = "e2e-password", int keep = 7, string extraSpec = "") =>
        RenderedInstance.RenderResource(Path.Combine(work, "input", name), $"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: {name}
            spec:
              database: {Database}
              password: {YamlDoubleQuoted(password)}
              storage_size: 1Gi
              backup:
                keep: {keep}

            """ + extraSpec);

    private static string YamlDoubleQuoted(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>A new data directory: the image created the (empty) database; no restore marker exists.</summary>
    private void FreshInstance() => mariaDb.Sql(
        $"DROP DATABASE IF EXISTS {QuotedDatabase}; CREATE DATABASE {QuotedDatabase} CHARACTER SET utf8mb4; DROP DATABASE IF EXISTS mysqlrender;");

    private void CreateTestTable() => mariaDb.Sql($"""
        CREATE TABLE {QuotedDatabase}.test (id INT PRIMARY KEY, name VARCHAR(100), note TEXT) CHARACTER SET utf8mb4;
        INSERT INTO {QuotedDatabase}.test VALUES (1, 'alice', 'plain'), (2, 'Grüße 🐬', 'tab\there; quote '' " \\\\ back'),
            (3, 'null note', NULL);
        """);

    private string Rows(string table) => mariaDb.Sql($"SELECT * FROM {QuotedDatabase}.`{table}` ORDER BY 1");

    private string ObjectCount() => mariaDb.Sql($"""
        SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{Database}')
            + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{Database}')
            + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '{Database}')
        """);

    private string SchemaSnapshot() => mariaDb.Sql($"""
        SELECT id, LENGTH(b), SHA2(b, 256), t FROM {QuotedDatabase}.blobs ORDER BY id;
        SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE,
            SQL_MODE, ROUTINE_COMMENT, DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{Database}' ORDER BY ROUTINE_NAME;
        SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_STATEMENT, SQL_MODE, DEFINER
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '{Database}' ORDER BY TRIGGER_NAME;
        SELECT EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, STATUS, ON_COMPLETION, EVENT_COMMENT, DEFINER
            FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '{Database}' ORDER BY EVENT_NAME;
        SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '{Database}';
        """);

    /// <summary>Complete dumps of an instance in its backup claim's folder, oldest first.</summary>
    private static List<string> Dumps(PodSandbox pods, string instance) =>
        Directory.EnumerateFiles(pods.ClaimFolder($"backup-{instance}-pvc"), $"{instance}-*.sql.gz")
            .Order(StringComparer.Ordinal).ToList();
}
