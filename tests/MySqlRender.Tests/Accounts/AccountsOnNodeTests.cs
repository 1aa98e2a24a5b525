using System.Text;
using k8s.Models;
using MySqlRender.Tests.BackupRestore;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.Accounts;

/// <summary>
/// Issue 17 item 1 and issue 14 item 7 end to end: the rendered server pod (its init applies spec.users to a new
/// data directory) and the rendered NAME-accounts Job, run by the kubelet model against the mysql image's
/// entrypoint model on MariaDB. The Secrets are the user's (passwordSecretRef), applied as the cluster holds them;
/// the kubelet puts a Secret's current keys into a pod's volume when the pod starts
/// (https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod).
/// </summary>
public sealed class AccountsOnNodeTests : BackupRestoreScenario
{
    [Fact]
    public void An_application_user_exists_when_the_server_first_answers_without_waiting_for_a_sync()
    {
        var on = OnNode("first-db", """
              users:
                - name: shop_app
                  passwordSecretRef: {name: shop-app}
                - name: shop_reports
                  access: readOnly
                  passwordSecretRef: {name: shop-reports, key: token}

            """);
        on.Node.Cluster.Apply([Secret("first-db-root", ("password", "root-pw")), Secret("shop-app", ("password", "app pw 'quoted' #1")),
            Secret("shop-reports", ("token", "reports-pw"))]);

        var server = on.StartServer(); // no Job has run: only the server pod

        Assert.Contains("user shop_app: created with access readWrite", server.Logs("server-init"));
        Assert.Contains("user shop_reports: created with access readOnly", server.Logs("server-init"));
        Assert.Equal((0, ""), Outcome(SqlAs(on, "shop_app", "app pw 'quoted' #1",
            $"CREATE TABLE {QuotedDatabase}.orders (id INT PRIMARY KEY); INSERT INTO {QuotedDatabase}.orders VALUES (1);")));
        Assert.Contains("denied", SqlAs(on, "shop_app", "app pw 'quoted' #1", "CREATE DATABASE elsewhere").Stderr);
        Assert.Equal("1", SqlAs(on, "shop_reports", "reports-pw", $"SELECT id FROM {QuotedDatabase}.orders").Stdout.Trim());
        Assert.Contains("denied", SqlAs(on, "shop_reports", "reports-pw", $"INSERT INTO {QuotedDatabase}.orders VALUES (2)").Stderr);
        Assert.DoesNotContain("app pw", server.AllLogs());
        Assert.DoesNotContain(server.EmptyDirLeftovers(), f => f.Contains("mysqlrender-accounts", StringComparison.Ordinal));
    }

    [Fact]
    public void The_accounts_job_of_a_first_sync_waits_for_the_server_init_and_finds_its_users_applied()
    {
        var on = OnNode("sync-db", """
              users:
                - name: sync_app
                  passwordSecretRef: {name: sync-app}

            """);
        on.Node.Cluster.Apply([Secret("sync-db-root", ("password", "root-pw")), Secret("sync-app", ("password", "app-pw"))]);

        // Argo CD applies the Deployment and starts the Sync hook in the same wave: the Job runs while the init works.
        on.StartServer(waitReady: false);
        var run = on.RunJob("sync-db-accounts");

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("user sync_app: password and access readWrite applied", run.Output); // the init created it first
        Assert.True(on.Server.WaitReady(TimeSpan.FromSeconds(60)), on.Server.AllLogs());
        Assert.Equal("1", SqlAs(on, "sync_app", "app-pw", "SELECT 1").Stdout.Trim());
    }

    [Fact]
    public void Rotating_roots_password_in_git_only_is_applied_by_the_accounts_job_and_the_server_stays_ready()
    {
        var on = OnNode("rot-db", "");
        on.Node.Cluster.Apply([Secret("rot-db-root", ("password", "old-root"))]);
        on.StartServer();

        // The rotation as docs/platform.md says: the new password under the key, the current one under previous-password.
        on.Node.Cluster.Apply([Secret("rot-db-root", ("password", "new-root"), ("previous-password", "old-root"))]);
        var rotation = on.RunJob("rot-db-accounts");

        Assert.True(rotation.Succeeded, rotation.ToString());
        Assert.Contains("root logged in with its previous-password", rotation.Output);
        Assert.Contains("root: the new password from the Secret is applied", rotation.Output);
        Assert.Equal("1", on.Sql("SELECT 1", "new-root"));
        Assert.DoesNotContain("old-root", rotation.Output);
        Assert.DoesNotContain("new-root", rotation.Output);

        // A restarted server pod reads the new key: readiness (an authenticated login) passes, and so do the Jobs.
        on.StopServer();
        on.StartServer();
        var backup = on.RunCronJob("backup-rot-db");
        Assert.True(backup.Succeeded, backup.ToString());

        // The key can go once the Job succeeded: the next sync's run finds the new password in use.
        on.Node.Cluster.Apply([Secret("rot-db-root", ("password", "new-root"))]);
        var after = on.RunJob("rot-db-accounts");
        Assert.True(after.Succeeded, after.ToString());
        Assert.Contains("root: the password in the Secret is in use", after.Output);
    }

    [Fact]
    public void A_server_that_restarted_after_the_rotation_is_not_ready_and_the_accounts_job_still_reaches_it()
    {
        var on = OnNode("late-db", "");
        on.Node.Cluster.Apply([Secret("late-db-root", ("password", "old-root"))]);
        on.StartServer();

        // The Secret is rotated and the server pod restarts (a node drain) before the accounts Job has run: the new pod
        // reads the new password, its readiness login fails, and the instance's Service publishes no address.
        on.Node.Cluster.Apply([Secret("late-db-root", ("password", "new-root"), ("previous-password", "old-root"))]);
        on.StopServer();
        var server = on.StartServer(waitReady: false);
        Assert.False(server.WaitReady(TimeSpan.FromSeconds(15)));
        Assert.Null(on.Node.Resolve("late-db"));

        var run = on.RunJob("late-db-accounts"); // through late-db-unready, which publishes the not-ready address

        Assert.True(run.Succeeded, run.ToString());
        Assert.True(server.WaitReady(TimeSpan.FromSeconds(60)), server.AllLogs());
        Assert.NotNull(on.Node.Resolve("late-db"));
    }

    [Fact]
    public void A_rotation_without_the_previous_password_fails_the_job_saying_what_to_do_and_changes_nothing()
    {
        var on = OnNode("lost-db", "");
        on.Node.Cluster.Apply([Secret("lost-db-root", ("password", "server-root"))]);
        on.StartServer();

        on.Node.Cluster.Apply([Secret("lost-db-root", ("password", "edited-root"))]);
        var run = on.RunJob("lost-db-accounts");

        Assert.False(run.Succeeded);
        // The log's end, which terminationMessagePolicy FallbackToLogsOnError makes the pod's message.
        Assert.Contains("put the password the server still has under the key 'previous-password'", run.Last.Logs("accounts"));
        Assert.Equal("FallbackToLogsOnError", run.Last.Spec.Containers.Single().TerminationMessagePolicy);
        Assert.Equal("1", on.Sql("SELECT 1", "server-root"));
    }

    /// <summary>An instance whose root password is the Secret NAME-root (the user's), on its own node; not started.</summary>
    /// <summary>
    /// A Secret made with <c>kubectl create secret --from-file</c> from an editor's file ends in newlines. The image's
    /// entrypoint reads <c>*_FILE</c> with <c>$(&lt; file)</c>, dropping every trailing newline (docker-library/mysql
    /// 8.4/docker-entrypoint.sh, <c>file_env</c>); the init, the readiness probe and the Jobs read it the same way, or the
    /// init sets one root password and the probe logs in with another and the server never becomes ready.
    /// </summary>
    [Fact]
    public void Passwords_ending_in_newlines_are_read_without_them_by_the_init_the_probe_and_the_jobs()
    {
        var on = OnNode("newline-db", """
              users:
                - name: nl_app
                  passwordSecretRef: {name: nl-app}

            """);
        on.Node.Cluster.Apply([Secret("newline-db-root", ("password", "root-pw\n\n")), Secret("nl-app", ("password", "app-pw\n\n\n"))]);

        var server = on.StartServer(); // the readiness probe logs in as root

        Assert.Equal("1", SqlAs(on, "root", "root-pw", "SELECT 1").Stdout.Trim());
        Assert.Equal("1", SqlAs(on, "nl_app", "app-pw", "SELECT 1").Stdout.Trim());
        var accounts = on.RunJob("newline-db-accounts");
        Assert.True(accounts.Succeeded, accounts.ToString() + server.AllLogs());
        Assert.True(on.RunCronJob("backup-newline-db").Succeeded);
        Assert.Equal("1", SqlAs(on, "nl_app", "app-pw", "SELECT 1").Stdout.Trim());
    }

    private InstanceOnNode OnNode(string name, string extraSpec)
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "input", name), TestResource.Opening(name, Database, $"passwordSecretRef: {{name: {name}-root}}") + "\n" + extraSpec);
        var on = new InstanceOnNode(Path.Combine(work, "node-" + name), instance);
        Track(on);
        on.Node.Storage.Provisioner = NodeStorage.Kind.LocalPathFolder;
        return on;
    }

    private static V1Secret Secret(string name, params (string Key, string Value)[] data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name },
        Data = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)),
    };

    /// <summary>SQL as an application user over the server's socket ('user'@'%' also matches there).</summary>
    private CliResult SqlAs(InstanceOnNode on, string user, string password, string statements)
    {
        var options = Path.Combine(work, $"app-{Guid.NewGuid():N}.cnf");
        File.WriteAllText(options, $"[client]\nuser={user}\npassword=\"{password.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"\n");
        try
        {
            var socket = Path.Combine(on.Server.VolumeFolder("run"), "mysqld.sock");
            return ProcessRunner.Run("mariadb", [$"--defaults-extra-file={options}", $"--socket={socket}", "--batch", "--skip-column-names"],
                stdin: statements, timeout: TimeSpan.FromSeconds(60));
        }
        finally
        {
            File.Delete(options);
        }
    }

    private static (int, string) Outcome(CliResult result) => (result.ExitCode, result.Stderr);
}
