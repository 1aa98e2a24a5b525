using System.Text;
using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>Restores that must not happen or must fail visibly: a named dump, a broken import, no server. See <see cref="BackupRestoreScenario"/>.</summary>
public sealed class RestoreFailureTests : BackupRestoreScenario
{
    [Fact]
    public void Restore_from_restores_the_named_dump_and_a_bad_name_changes_nothing()
    {
        var (_, on) = Prepare(RenderResource("from-db"));
        CreateTestTable(on);
        Assert.Equal(0, on.RunCronJob("backup-from-db").ExitCode);
        var first = Path.GetFileName(Assert.Single(Dumps(on, "from-db")));
        var rowsOfFirst = Rows(on, "test");
        on.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (20, 'only in the second dump', NULL)");
        Assert.Equal(0, on.RunCronJob("backup-from-db").ExitCode);
        on.NewDataDirectory();

        on.Apply(RenderResource("from-db", extraSpec: "  restore:\n    from: missing.sql.gz\n"));
        var missing = on.RunJob("restore-from-db-job");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("RESTORE_FROM=missing.sql.gz cannot be restored", missing.Output);
        Assert.Equal("0", ObjectCount(on));
        Assert.Equal("0", on.Sql("SELECT COUNT(*) FROM mysqlrender.restore_marker"));

        on.Apply(RenderResource("from-db", extraSpec: $"  restore:\n    from: {first}\n"));
        var named = on.RunJob("restore-from-db-job");

        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Contains("(RESTORE_FROM)", named.Output);
        Assert.Equal(rowsOfFirst, Rows(on, "test"));
    }

    [Fact]
    public void A_failed_import_fails_the_job_and_blocks_further_restores_until_cleaned_up()
    {
        var (_, on) = Prepare(RenderResource("broken-db", extraSpec: "  restore:\n    from: broken.sql.gz\n"));
        var backupFolder = on.ClaimFolder("backup-broken-db-pvc");
        var broken = Path.Combine(backupFolder, "broken.sql.gz");
        using (var file = File.Create(broken))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(
                "CREATE TABLE half (id INT PRIMARY KEY);\nINSERT INTO half VALUES (1);\nTHIS IS NOT SQL;\n-- Dump completed on 2026-01-01  0:00:00\n"));
        }
        File.WriteAllText(broken + ".sha256",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(broken))) + "  broken.sql.gz\n");
        on.NewDataDirectory();

        var failed = on.RunJob("restore-broken-db-job");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"importing {InPod(broken)} into {QuotedDatabase} failed", failed.Output);
        Assert.Equal("failed", on.Sql("SELECT state FROM mysqlrender.restore_marker"));

        var blocked = on.RunJob("restore-broken-db-job");

        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains($"did not complete (failed) and {QuotedDatabase} is not empty", blocked.Output);
        Assert.Equal("1", on.Sql($"SELECT id FROM {QuotedDatabase}.half"));
    }

    [Fact]
    public void An_unreachable_server_or_a_wrong_password_fails_within_the_wait_and_writes_nothing()
    {
        var (_, on) = Prepare(RenderResource("down-db"));
        // Overrides: a 1 s wait instead of the rendered one; a closed port. The password is changed on the server,
        // so the rendered Secret no longer matches.
        var shortWait = new Dictionary<string, string> { ["WAIT_TIMEOUT_SECONDS"] = "1" };
        var closedPort = new Dictionary<string, string>(shortWait) { ["MYSQL_PORT"] = "1" };
        on.Sql("ALTER USER 'root'@'%' IDENTIFIED BY 'not the rendered one'");

        var refused = on.RunCronJob("backup-down-db", overrides: closedPort);
        var denied = on.RunJob("restore-down-db-job", overrides: shortWait);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("did not answer an authenticated SELECT 1 within 1s; last error: ", refused.Output);
        Assert.Contains("no backup taken", refused.Output);
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("Access denied", denied.Output);
        Assert.Contains("nothing restored", denied.Output);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(on.ClaimFolder("backup-down-db-pvc")), f => !f.EndsWith(".status", StringComparison.Ordinal)); // only the status line of the failed run (docs/backup-restore.md)
    }
}
