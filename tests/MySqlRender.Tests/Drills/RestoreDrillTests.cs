using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using k8s.Models;
using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.Drills;

/// <summary>
/// The restore drill end to end: the rendered backup CronJob dumps a real MariaDB server (PodSandbox), then the
/// rendered drill CronJob's container (DrillRunner: uid 999, its own throwaway mariadbd on a socket, never the live
/// server) imports the dump and compares row counts with the manifest the backup wrote. Damaged dumps fail the drill with a message naming
/// the dump, and the verdict keeps them out of the automatic restore.
/// </summary>
public sealed class RestoreDrillTests(MariaDbServer mariaDb) : IClassFixture<MariaDbServer>, IDisposable
{
    private const string Database = "otus-database";
    private const string Q = "`otus-database`";
    private readonly string work = Directory.CreateTempSubdirectory("mysqlrender-drill-e2e-").FullName;

    public void Dispose()
    {
        mariaDb.Sql($"DROP DATABASE IF EXISTS {Q}");
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public void A_backup_taken_under_concurrent_writes_counts_its_own_snapshot_and_the_drill_confirms_it()
    {
        var (pods, drills) = Prepare("busy-db");
        // Every writer transaction adds one row to each table; mariadb-dump dumps order_lines before orders, so a dump
        // (or a count) that is not one consistent snapshot sees more orders than order lines.
        mariaDb.Sql($"""
            CREATE TABLE {Q}.orders (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(200));
            CREATE TABLE {Q}.order_lines (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT, note VARCHAR(200));
            INSERT INTO {Q}.orders (note) SELECT REPEAT('x', 150) FROM {Q}.seq_1_to_60000;
            INSERT INTO {Q}.order_lines (order_id, note) SELECT id, note FROM {Q}.orders;
            CREATE TABLE {Q}.stop_writer (x INT);
            CREATE VIEW {Q}.open_orders AS SELECT id FROM {Q}.orders;
            DELIMITER //
            CREATE PROCEDURE {Q}.writer() BEGIN
                WHILE NOT EXISTS (SELECT 1 FROM stop_writer) DO
                    START TRANSACTION;
                    INSERT INTO orders (note) VALUES ('written during the backup');
                    INSERT INTO order_lines (order_id, note) VALUES (LAST_INSERT_ID(), 'written during the backup');
                    COMMIT;
                END WHILE;
            END //
            """);
        using var writer = StartWriter();
        WaitUntil(() => long.Parse(mariaDb.Sql($"SELECT COUNT(*) FROM {Q}.orders")) > 60100, "the writer to start");

        var backup = pods.Run("CronJob", "backup-busy-db");
        var liveAfter = long.Parse(mariaDb.Sql($"SELECT COUNT(*) FROM {Q}.orders"));
        mariaDb.Sql($"INSERT INTO {Q}.stop_writer VALUES (1)");
        Assert.True(writer.WaitForExit(TimeSpan.FromSeconds(30)), "the writer did not stop");

        Assert.True(backup.ExitCode == 0, backup.ToString());
        var dump = Assert.Single(Dumps(pods, "busy-db"));
        var manifest = ShellLibrary.ParseManifest(File.ReadAllText(dump + ".manifest"));
        var orders = long.Parse(manifest.Single(m => m.Name == "orders").Rows);
        Assert.Equal(orders.ToString(), manifest.Single(m => m.Name == "order_lines").Rows);
        Assert.True(orders > 60100, $"the snapshot holds rows committed before it ({orders})");
        Assert.True(liveAfter > orders, $"the writer kept writing during the dump (live {liveAfter}, dump {orders})");
        Assert.Contains(("view", "-", "open_orders"), manifest);
        Assert.Contains(("table", "0", "stop_writer"), manifest);
        AssertStatus(File.ReadAllText(Path.Combine(pods.ClaimFolder("backup-busy-db-pvc"), "busy-db.backup.status")),
            "backup", "succeeded", Path.GetFileName(dump));

        var drill = drills.Run("verify-busy-db");

        Assert.True(drill.ExitCode == 0, drill.Stdout + drill.Stderr);
        Assert.Contains($"the drill of {Path.GetFileName(dump)} passed: 3 tables with the rows the backup counted, 1 views", drill.Stdout);
        var report = JsonDocument.Parse(File.ReadAllText(dump + ".verified.json")).RootElement;
        Assert.Equal("passed", report.GetProperty("result").GetString());
        Assert.Equal(File.ReadAllText(dump + ".sha256")[..64], report.GetProperty("sha256").GetString());
        Assert.Contains("MariaDB", report.GetProperty("server").GetString());
        foreach (var table in report.GetProperty("tables").EnumerateArray())
        {
            var name = table.GetProperty("name").GetString();
            Assert.Equal(long.Parse(manifest.Single(m => m.Name == name).Rows), table.GetProperty("rows").GetInt64());
            Assert.Equal(table.GetProperty("expectedRows").GetInt64(), table.GetProperty("rows").GetInt64());
            Assert.Equal(JsonValueKind.Number, table.GetProperty("checksum").ValueKind);
        }
        Assert.Equal(orders, report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "orders")
            .GetProperty("rows").GetInt64());
        Assert.Equal(["open_orders"], report.GetProperty("views").EnumerateArray().Select(v => v.GetString()));
        AssertStatus(drills.LastTerminationMessage(), "verify", "succeeded", Path.GetFileName(dump));
        Assert.Equal("passed", Verdict(dump));
    }

    public static TheoryData<string, string> Damage => new()
    {
        { "flip-middle", "sha256 mismatch (recorded " },
        { "flip-middle-resummed", "it is not a valid gzip file: the dump is corrupt or truncated" },
        { "truncate", "sha256 mismatch (recorded " },
        { "truncate-resummed", "it is not a valid gzip file: the dump is corrupt or truncated" },
        { "drop-row-resummed", "table \"test\" has 2 rows after the import, the dump's manifest says 3" },
        { "garble-statement-resummed", "the import failed: ERROR 1064 (42000) at line " },
        { "no-manifest", "its manifest " },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_damaged_dump_fails_its_drill_by_name_and_is_never_restored_automatically(string damage, string reason)
    {
        var prefix = "dmg-" + damage.Split('-')[0];
        var (pods, drills) = Prepare(prefix);
        mariaDb.Sql($"""
            CREATE TABLE {Q}.test (id INT PRIMARY KEY, name VARCHAR(100));
            INSERT INTO {Q}.test VALUES (1, 'alice'), (2, 'Grüße 🐬'), (3, 'carol');
            """);
        Assert.Equal(0, pods.Run("CronJob", $"backup-{prefix}").ExitCode);
        var good = Assert.Single(Dumps(pods, prefix));
        Thread.Sleep(1100); // the next dump gets the next second's name
        Assert.Equal(0, pods.Run("CronJob", $"backup-{prefix}").ExitCode);
        var newest = Dumps(pods, prefix)[^1];
        DamageDump(newest, damage);

        var drill = drills.Run($"verify-{prefix}");

        Assert.True(drill.ExitCode == 1, drill.Stdout + drill.Stderr);
        Assert.Contains($"the drill of {Path.GetFileName(newest)} FAILED: ", drill.Stderr);
        Assert.True(drill.Stderr.Contains(reason, StringComparison.Ordinal), drill.Stderr);
        var report = JsonDocument.Parse(File.ReadAllText(newest + ".verified.json")).RootElement;
        Assert.Equal("failed", report.GetProperty("result").GetString());
        Assert.Contains(reason, report.GetProperty("reason").GetString());
        AssertStatus(drills.LastTerminationMessage(), "verify", "failed", Path.GetFileName(newest));
        Assert.Equal("failed", Verdict(newest));
        var order = ShellLibrary.Run($"dumps_in_restore_order \"{Path.GetDirectoryName(newest)}\" {prefix}");
        Assert.Equal([good], order.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Every_backup_ends_with_a_status_line_and_a_failure_keeps_the_time_of_the_last_success()
    {
        var (pods, _) = Prepare("status-db");
        var statusFile = Path.Combine(pods.ClaimFolder("backup-status-db-pvc"), "status-db.backup.status");

        var ok = pods.Run("CronJob", "backup-status-db");
        var okStatus = File.ReadAllText(statusFile);
        Thread.Sleep(1100);
        // Overrides: a closed port and a 1 s wait, so the backup fails fast.
        var failed = pods.Run("CronJob", "backup-status-db",
            overrides: new Dictionary<string, string> { ["MYSQL_PORT"] = "1", ["WAIT_TIMEOUT_SECONDS"] = "1" });

        Assert.True(ok.ExitCode == 0, ok.ToString());
        var dump = Path.GetFileName(Assert.Single(Dumps(pods, "status-db")));
        Assert.Contains(" backup: status " + okStatus.TrimEnd('\n'), ok.Output);
        var success = JsonDocument.Parse(okStatus).RootElement;
        Assert.Equal("succeeded", success.GetProperty("result").GetString());
        Assert.Equal(dump, success.GetProperty("dump").GetString());
        Assert.Equal(new FileInfo(Path.Combine(pods.ClaimFolder("backup-status-db-pvc"), dump)).Length, success.GetProperty("size").GetInt64());
        Assert.False(success.GetProperty("verified").GetBoolean());
        Assert.Equal(1, failed.ExitCode);
        var failure = JsonDocument.Parse(File.ReadAllText(statusFile)).RootElement;
        Assert.Equal("failed", failure.GetProperty("result").GetString());
        Assert.Equal(success.GetProperty("at").GetString(), failure.GetProperty("lastSuccess").GetString());
        Assert.StartsWith("no backup taken: MySQL did not answer", failure.GetProperty("error").GetString());
        Assert.Contains(" backup: status {\"mysqlrender\":\"backup\",\"result\":\"failed\"", failed.Output);

        var restore = pods.Run("Job", "restore-status-db-job"); // the restore check: the marker Prepare seeded

        Assert.True(restore.ExitCode == 0, restore.ToString());
        var restored = JsonDocument.Parse(File.ReadAllText(Path.Combine(pods.ClaimFolder("backup-status-db-pvc"), "status-db.restore.status"))).RootElement;
        Assert.Equal("succeeded", restored.GetProperty("result").GetString());
        Assert.Equal("nothing-to-restore", restored.GetProperty("decision").GetString());
        Assert.Contains(" restore-check: status {\"mysqlrender\":\"restore\",\"result\":\"succeeded\"", restore.Output);
    }

    /// <summary>
    /// An import that fails for want of room in the drill's own server (here ERROR 1114: a MEMORY table larger than
    /// the scratch server's max_heap_table_size; a full scratch volume gives the same code or errno 28) says nothing
    /// about the dump. A "failed" verdict would keep a good dump out of every automatic restore, for good: the drill
    /// fails without a verdict and says what to give it.
    /// </summary>
    [Fact]
    public void A_drill_that_runs_out_of_room_judges_nothing_and_leaves_the_dump_restorable()
    {
        var (pods, drills) = Prepare("room-db");
        try
        {
            mariaDb.Sql($"""
                SET SESSION max_heap_table_size = 67108864;
                CREATE TABLE {Q}.hot (id INT PRIMARY KEY, pad CHAR(200)) ENGINE=MEMORY;
                INSERT INTO {Q}.hot SELECT seq, REPEAT('x', 200) FROM mysql.seq_1_to_30000;
                """);
            Assert.Equal(0, pods.Run("CronJob", "backup-room-db").ExitCode);
        }
        finally
        {
            mariaDb.Sql($"DROP TABLE IF EXISTS {Q}.hot"); // the other drills of this server must not meet it
        }
        var dump = Assert.Single(Dumps(pods, "room-db"));

        var drill = drills.Run("verify-room-db");

        Assert.True(drill.ExitCode == 1, drill.Stdout + drill.Stderr);
        Assert.Contains($"the drill could not judge {Path.GetFileName(dump)}: the scratch server ran out of room (ERROR 1114", drill.Stderr);
        Assert.DoesNotContain("FAILED", drill.Stderr);
        Assert.False(File.Exists(dump + ".verified.json"));
        Assert.Equal("none", Verdict(dump));
        Assert.Contains("\"verdict\":\"none\"", drills.LastTerminationMessage());
    }

    [Fact]
    public void With_no_dump_yet_the_drill_has_nothing_to_judge_and_says_so()
    {
        var (pods, drills) = Prepare("empty-db");

        var drill = drills.Run("verify-empty-db");

        Assert.True(drill.ExitCode == 0, drill.Stderr);
        Assert.Contains("no dump of empty-db in ", drill.Stdout);
        Assert.Contains("\"result\":\"skipped\"", drills.LastTerminationMessage());
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private (PodSandbox, DrillRunner) Prepare(string name)
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "input", name), TestResource.Opening(name, Database, "password: drill-e2e-password") + "\n");
        mariaDb.Start();
        var passwordFile = Path.Combine(work, "root-password");
        File.WriteAllBytes(passwordFile, instance.Objects.OfType<V1Secret>().Single().Data["password"]);
        mariaDb.SetRootPassword(passwordFile);
        // What the server's init container records on a new data directory (server-init.sh): backups run only on
        // an instance whose restore decision is final (lib.sh require_restore_settled).
        mariaDb.Sql("""
            CREATE DATABASE IF NOT EXISTS mysqlrender;
            CREATE TABLE IF NOT EXISTS mysqlrender.restore_marker (id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
                state VARCHAR(32) NOT NULL, database_name VARCHAR(64) NOT NULL, dump_file VARCHAR(255) NULL,
                dump_sha256 CHAR(64) NULL, attempts INT UNSIGNED NOT NULL DEFAULT 1, first_handled_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL);
            INSERT IGNORE INTO mysqlrender.restore_marker (id, state, database_name, first_handled_at, updated_at)
                VALUES (1, 'nothing-to-restore', 'drill', UTC_TIMESTAMP(), UTC_TIMESTAMP());
            """);
        mariaDb.Sql($"DROP DATABASE IF EXISTS {Q}; CREATE DATABASE {Q} CHARACTER SET utf8mb4;");
        var root = Path.Combine(work, "pods");
        var drills = new DrillRunner(instance, root);
        drills.BackupFolder($"backup-{name}-pvc"); // fsGroup ownership before the first pod writes
        return (new PodSandbox(instance, mariaDb, root), drills);
    }

    private Process StartWriter()
    {
        var info = new ProcessStartInfo("mariadb")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--no-defaults", "--user=root", $"--socket={mariaDb.Socket}", $"--database={Database}", "-e", "CALL writer()" })
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(100);
        }
    }

    private static void AssertStatus(string line, string kind, string result, string dump)
    {
        var status = JsonDocument.Parse(line).RootElement;
        Assert.Equal(kind, status.GetProperty("mysqlrender").GetString());
        Assert.Equal(result, status.GetProperty("result").GetString());
        Assert.Equal(dump, status.GetProperty("dump").GetString());
    }

    private static string Verdict(string dump) => ShellLibrary.Run($"drill_verdict \"{dump}\"").Stdout.TrimEnd('\n');

    private static List<string> Dumps(PodSandbox pods, string instance) =>
        Directory.EnumerateFiles(pods.ClaimFolder($"backup-{instance}-pvc"), $"{instance}-*.sql.gz")
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Damage as it happens: bytes flipped or lost on the volume after the checksum was written, or (…-resummed)
    /// before it was, so only deeper checks (gzip CRC, the import, the row counts) can notice.
    /// </summary>
    private static void DamageDump(string dump, string damage)
    {
        var bytes = File.ReadAllBytes(dump);
        switch (damage.Replace("-resummed", ""))
        {
            case "flip-middle":
                for (var i = bytes.Length / 2; i < bytes.Length / 2 + 16; i++)
                {
                    bytes[i] ^= 0x5A;
                }
                File.WriteAllBytes(dump, bytes);
                break;
            case "truncate":
                File.WriteAllBytes(dump, bytes[..(bytes.Length / 2)]);
                break;
            case "drop-row":
                RewriteSql(dump, sql => sql.Replace("(2,'Grüße 🐬'),\n", ""));
                break;
            case "garble-statement":
                RewriteSql(dump, sql => sql.Replace("INSERT INTO `test` VALUES", "INSERT INTO `test` VALEUS"));
                break;
            case "no-manifest":
                File.Delete(dump + ".manifest");
                break;
            default:
                throw new ArgumentException(damage, nameof(damage));
        }
        if (damage.EndsWith("-resummed", StringComparison.Ordinal))
        {
            var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(dump)));
            File.WriteAllText(dump + ".sha256", $"{sha256}  {Path.GetFileName(dump)}\n");
        }
    }

    private static void RewriteSql(string dump, Func<string, string> edit)
    {
        string sql;
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(dump), CompressionMode.Decompress)))
        {
            sql = reader.ReadToEnd();
        }
        var edited = edit(sql);
        Assert.NotEqual(sql, edited);
        using var writer = new StreamWriter(new GZipStream(File.Create(dump), CompressionLevel.Optimal));
        writer.Write(edited);
    }
}
