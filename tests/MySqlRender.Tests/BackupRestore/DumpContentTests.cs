using System.Text;
using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>What dumps hold and keep: retention, every object kind, the retired instance's final dump. See <see cref="BackupRestoreScenario"/>.</summary>
public sealed class DumpContentTests : BackupRestoreScenario
{
    [Fact]
    public void Retention_keeps_exactly_keep_dumps_and_a_truncated_newest_dump_is_skipped()
    {
        var (_, on) = Prepare(RenderResource("keep-db", keep: 2));
        CreateTestTable(on);
        Assert.Equal(0, on.RunCronJob("backup-keep-db").ExitCode);
        var oldest = Assert.Single(Dumps(on, "keep-db"));
        on.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (10, 'in the second dump', NULL)");
        Assert.Equal(0, on.RunCronJob("backup-keep-db").ExitCode);
        var rowsOfSecond = Rows(on, "test");
        on.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (11, 'only in the third dump', NULL)");

        var third = on.RunCronJob("backup-keep-db");

        Assert.True(third.ExitCode == 0, third.ToString());
        var dumps = Dumps(on, "keep-db");
        Assert.Equal(2, dumps.Count);
        Assert.DoesNotContain(oldest, dumps);
        Assert.False(File.Exists(oldest + ".sha256"));
        Assert.Contains($"pruned {InPod(oldest)}", third.Output);
        Assert.Equal(2, Directory.EnumerateFiles(Path.GetDirectoryName(oldest)!, "*.sha256").Count());

        var newest = dumps[^1];
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]);
        on.NewDataDirectory();
        var restore = on.RunJob("restore-keep-db-job");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        var init = on.Server.Logs("server-init"); // the server pod's init restores before mysqld starts
        Assert.Contains($"skipping {InPod(newest)}: sha256 mismatch", init);
        Assert.Contains($"restored {InPod(dumps[0])} into", init);
        Assert.Equal(rowsOfSecond, Rows(on, "test"));
    }

    /// <summary>
    /// A table with an INVISIBLE or a generated column is dumped with its column list (mariadb-dump, and MySQL 8
    /// client/mysqldump.cc: complete_insert); the backup's manifest must read that form, or no backup is ever taken.
    /// </summary>
    [Fact]
    public void Tables_with_invisible_and_generated_columns_are_backed_up_and_restored()
    {
        var (_, on) = Prepare(RenderResource("columns-db"));
        on.Sql($"""
            CREATE TABLE {QuotedDatabase}.accounts (id INT PRIMARY KEY, name VARCHAR(20),
                secret INT INVISIBLE DEFAULT 7, upper_name VARCHAR(20) AS (UPPER(name)) VIRTUAL);
            INSERT INTO {QuotedDatabase}.accounts (id, name, secret) VALUES (1, 'a(b)', 1), (2, 'c', 2), (3, 'd', 3);
            """);
        var before = on.Sql($"SELECT id, name, secret, upper_name FROM {QuotedDatabase}.accounts ORDER BY id");

        var backup = on.RunCronJob("backup-columns-db");

        Assert.True(backup.Succeeded, backup.ToString());
        var manifest = File.ReadAllText(Assert.Single(Dumps(on, "columns-db")) + ".manifest");
        Assert.Contains("table\t3\t" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes("accounts")), manifest);
        on.NewDataDirectory();
        Assert.Equal(before, on.Sql($"SELECT id, name, secret, upper_name FROM {QuotedDatabase}.accounts ORDER BY id"));
    }

    /// <summary>
    /// Stored bodies are dumped as written, line breaks included, between <c>DELIMITER ;;</c> and <c>DELIMITER ;</c>
    /// (mysqldump.cc and mariadb-dump: routines, triggers and events). An INSERT line in a body is not table data: the
    /// manifest used to count its tuples (every drill then failed on the row counts) or, with a string spanning lines,
    /// to refuse the dump (no backup was ever taken again).
    /// </summary>
    [Fact]
    public void Insert_statements_inside_triggers_and_routines_are_not_counted_as_rows()
    {
        var (_, on) = Prepare(RenderResource("bodies-db"));
        on.Sql($"""
            USE {QuotedDatabase};
            CREATE TABLE t (id INT PRIMARY KEY);
            CREATE TABLE audit (id INT, note VARCHAR(100));
            DELIMITER ;;
            CREATE TRIGGER t_audit AFTER INSERT ON t FOR EACH ROW
            BEGIN
            INSERT INTO `audit` VALUES (NEW.id, 'added');
            END;;
            CREATE PROCEDURE first_audit() BEGIN
            INSERT INTO `audit` VALUES (0, 'first line
            second line'); END;;
            DELIMITER ;
            INSERT INTO t VALUES (1);
            """);

        var backup = on.RunCronJob("backup-bodies-db");

        Assert.True(backup.Succeeded, backup.ToString());
        var manifest = File.ReadAllText(Assert.Single(Dumps(on, "bodies-db")) + ".manifest");
        Assert.Contains("table\t1\t" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes("audit")), manifest);
        Assert.Contains("table\t1\t" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes("t")), manifest);
        on.NewDataDirectory();
        Assert.Equal("1\tadded", on.Sql($"SELECT id, note FROM {QuotedDatabase}.audit"));
    }

    [Fact]
    public void The_default_character_set_and_collation_and_a_20_MB_blob_survive_a_round_trip()
    {
        // Issue 13 defect 8. The client limits are the dump's and the import's own (--max-allowed-packet=1G); the
        // server accepts the 20 MB row (and a ~40 MB hex INSERT) through the rendered NAME-config (64M).
        var (_, on) = Prepare(RenderResource("charset-db"));
        Assert.Equal("67108864", on.Sql("SELECT @@GLOBAL.max_allowed_packet"));
        on.Sql($"""
            ALTER DATABASE {QuotedDatabase} CHARACTER SET latin1 COLLATE latin1_german1_ci;
            CREATE TABLE {QuotedDatabase}.big_blob (id INT PRIMARY KEY, b LONGBLOB);
            INSERT INTO {QuotedDatabase}.big_blob VALUES (1, REPEAT(UNHEX('00FF27225C0A'), 20 * 1024 * 1024 DIV 6));
            """);
        var blob = on.Sql($"SELECT LENGTH(b), SHA2(b, 256) FROM {QuotedDatabase}.big_blob");
        Assert.StartsWith("20971518\t", blob);
        Assert.True(on.RunCronJob("backup-charset-db").Succeeded);

        on.NewDataDirectory();

        Assert.Equal("latin1\tlatin1_german1_ci", on.Sql($"SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{Database}'"));
        Assert.Equal(blob, on.Sql($"SELECT LENGTH(b), SHA2(b, 256) FROM {QuotedDatabase}.big_blob"));
    }

    [Fact]
    public void Routines_triggers_events_views_and_binary_data_round_trip()
    {
        var (_, on) = Prepare(RenderResource("objects-db"));
        var allBytes = Convert.ToHexString(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        on.Sql($"""
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
        var before = SchemaSnapshot(on);
        Assert.Equal(0, on.RunCronJob("backup-objects-db").ExitCode);
        on.NewDataDirectory();

        var restore = on.RunJob("restore-objects-db-job");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("restored /backup/objects-db-", on.Server.Logs("server-init")); // the server pod's init restores
        Assert.Equal(before, SchemaSnapshot(on));
        Assert.Equal("256\t1048576", on.Sql($"SELECT {QuotedDatabase}.blob_size(1), {QuotedDatabase}.blob_size(5)"));
        on.Sql($"CALL {QuotedDatabase}.add_blob(7, 'FF00')");
        Assert.Equal("FF00\tadded by add_blob\t1", on.Sql($"SELECT HEX(b), t, touched FROM {QuotedDatabase}.blobs WHERE id = 7"));
    }

    [Fact]
    public void A_retired_instance_renders_only_its_final_backup_which_runs_once()
    {
        var (_, on) = Prepare(RenderResource("old-db"));
        var instance = RenderResource("old-db", extraSpec: "  retired: true\n");
        on.Apply(instance); // the retiring sync: PreSync runs while the old server still serves
        // The final backup's scripts come from a PreSync hook ConfigMap (content-hashed name) of an earlier wave.
        Assert.Equal(["Secret/old-db-credentials", "PersistentVolumeClaim/backup-old-db-pvc", "ConfigMap/old-db-hook-scripts-", "Job/backup-old-db-job"],
            instance.Kinds().Select(k => k.StartsWith("ConfigMap/old-db-hook-scripts-", StringComparison.Ordinal) ? "ConfigMap/old-db-hook-scripts-" : k));
        Assert.Equal("PreSync", instance.One<V1Job>("backup-old-db-job").Metadata.Annotations["argocd.argoproj.io/hook"]);
        CreateTestTable(on);

        var final = on.RunJob("backup-old-db-job");

        Assert.True(final.ExitCode == 0, final.ToString());
        var dump = Assert.Single(Dumps(on, "old-db"));
        Assert.Contains("final backup of the retired instance", final.Output);
        Assert.Equal(Path.GetFileName(dump) + "\n", File.ReadAllText(Path.Combine(Path.GetDirectoryName(dump)!, "old-db.retired")));

        // The next sync: Argo CD has pruned the server and its Secret; the hook finds the final dump and succeeds.
        on.StopServer();
        on.Prune("Secret", "old-db-credentials");
        var later = on.RunJob("backup-old-db-job");

        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Contains($"the instance is retired and its server is gone; final dump: {Path.GetFileName(dump)}", later.Output);
        Assert.Single(Dumps(on, "old-db"));
    }

    /// <summary>
    /// NAME.retired outlives a retirement when nothing makes the instance live again (spec.restore.enabled: false
    /// renders no restore check; an operator removed only NAME.read-only). A later retirement whose server does not
    /// answer at once (a rotated password, a pod not Ready) must not take that stale marker for its own final dump:
    /// the hook fails, and nothing is pruned on the strength of a dump that lacks every later write.
    /// </summary>
    [Fact]
    public void A_final_backup_never_trusts_the_retired_marker_of_an_earlier_retirement()
    {
        var (_, on) = Prepare(RenderResource("again-db"));
        on.Apply(RenderResource("again-db", extraSpec: "  retired: true\n"));
        Assert.Equal(0, on.RunJob("backup-again-db-job").ExitCode);
        var folder = Path.GetDirectoryName(Assert.Single(Dumps(on, "again-db")))!;
        File.Delete(Path.Combine(folder, "again-db.read-only")); // lived again by hand; NAME.retired stays
        on.Apply(RenderResource("again-db", extraSpec: "  retired: true\n"));
        on.StopServer(); // the second retirement's server does not answer

        var second = on.RunJob("backup-again-db-job", new Dictionary<string, string> { ["WAIT_TIMEOUT_SECONDS"] = "5" });

        Assert.True(second.ExitCode != 0, second.ToString());
        Assert.DoesNotContain("its server is gone", second.Output);
    }
}
