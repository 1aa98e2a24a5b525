using System.Text;
using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>Restores that must fail visibly: no server or a wrong password (a broken import: ServerInitTests). See <see cref="BackupRestoreScenario"/>.</summary>
public sealed class RestoreFailureTests : BackupRestoreScenario
{
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
        Assert.Contains("MySQL did not answer: the server's init container may still be restoring", denied.Output);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(on.ClaimFolder("backup-down-db-pvc")), f => !f.EndsWith(".status", StringComparison.Ordinal)); // only the status line of the failed run (docs/backup-restore.md)
    }
}
