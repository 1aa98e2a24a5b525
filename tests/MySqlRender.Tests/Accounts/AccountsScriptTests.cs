using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.Accounts;

/// <summary>
/// templates/scripts/accounts.sh against a real MariaDB server on loopback (tests/e2e/mariadb-server.sh): the
/// application users of spec.users, spec.removedUsers, the exporter's user and root's password rotation. Grants
/// follow the MySQL 8.4 reference manual, "GRANT Statement" (database-level '_' and '%' are wildcards) and
/// "Privileges Provided by MySQL"; MariaDB has no dual passwords (RETAIN CURRENT PASSWORD), which only MySQL uses.
/// </summary>
public sealed class AccountsScriptTests(MariaDbServer mariaDb) : IClassFixture<MariaDbServer>
{
    private const string RootPassword = "root-Pa55";

    [Fact]
    public void A_read_write_user_writes_its_database_and_nowhere_else()
    {
        using var script = Prepare("shop_db", "app1");
        mariaDb.Sql("CREATE DATABASE IF NOT EXISTS shopXdb; CREATE DATABASE IF NOT EXISTS other_db");
        script.SetUser("app1", "readWrite", "app-Secret#1");

        var run = script.Run();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Contains("user app1: created with access readWrite on `shop_db`", run.Stdout);
        var migrate = script.SqlAs("app1", "app-Secret#1",
            "CREATE TABLE shop_db.orders (id INT PRIMARY KEY); INSERT INTO shop_db.orders VALUES (1); "
            + "ALTER TABLE shop_db.orders ADD COLUMN note TEXT; SELECT COUNT(*) FROM shop_db.orders;");
        Assert.True(migrate.ExitCode == 0, migrate.Stderr);
        Assert.Equal("1", migrate.Stdout.Trim());
        // '_' in a database-level grant is a wildcard: a grant on `shop_db` unescaped would also cover `shopXdb`.
        foreach (var elsewhere in new[] { "shopXdb", "other_db", "mysql" })
        {
            var denied = script.SqlAs("app1", "app-Secret#1", $"CREATE TABLE {elsewhere}.intruder (id INT)");
            Assert.True(denied.ExitCode != 0, $"app1 could write to {elsewhere}");
            Assert.Contains("denied", denied.Stderr);
        }
        var grant = script.SqlAs("app1", "app-Secret#1", "CREATE USER sneaky@'%'; GRANT SELECT ON shop_db.* TO sneaky@'%'");
        Assert.True(grant.ExitCode != 0, "app1 could create users or grant");
    }

    /// <summary>
    /// The passwords reach the server inside statements (a hex literal for a prepared CREATE/ALTER USER), which the
    /// server's statement logs would keep in the clear: the general log a DBA turns on through spec.config (MySQL 8.4
    /// manual, "The General Query Log": statements as received), the slow log, and on MySQL performance_schema's
    /// statement history, which the exporter's monitor account may read. The accounts session keeps itself out of
    /// all three (sql_log_off, a session long_query_time no statement reaches, an uninstrumented thread).
    /// </summary>
    [Fact]
    public void No_password_reaches_the_general_query_log_or_the_slow_log()
    {
        using var script = Prepare("logged_db", "logged1");
        const string password = "Sekr1t-in-the-log";
        script.SetUser("logged1", "readWrite", password);
        var general = Path.Combine(script.TmpFolder, "..", "general.log");
        var slow = Path.Combine(script.TmpFolder, "..", "slow.log");
        mariaDb.Sql($"SET GLOBAL general_log_file = '{Path.GetFullPath(general)}'; SET GLOBAL general_log = ON; "
            + $"SET GLOBAL slow_query_log_file = '{Path.GetFullPath(slow)}'; SET GLOBAL slow_query_log = ON; SET GLOBAL long_query_time = 0");
        CliResult run;
        try
        {
            run = script.Run();
        }
        finally
        {
            mariaDb.Sql("SET GLOBAL general_log = OFF; SET GLOBAL slow_query_log = OFF; SET GLOBAL long_query_time = 10");
        }

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Equal("1", script.SqlAs("logged1", password, "SELECT 1").Stdout.Trim());
        var hex = Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(password));
        foreach (var log in new[] { general, slow })
        {
            var text = File.ReadAllText(log);
            Assert.DoesNotContain(hex, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(RootPassword, text, StringComparison.Ordinal);
        }
        Assert.Contains("SET SESSION sql_log_off", File.ReadAllText(general), StringComparison.Ordinal); // logged until then
    }

    [Fact]
    public void A_read_only_user_reads_but_cannot_write()
    {
        using var script = Prepare("report_db", "reader1");
        mariaDb.Sql("CREATE TABLE report_db.sales (id INT); INSERT INTO report_db.sales VALUES (7)");
        script.SetUser("reader1", "readOnly", "ro-Secret");

        var run = script.Run();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Equal("7", script.SqlAs("reader1", "ro-Secret", "SELECT id FROM report_db.sales").Stdout.Trim());
        foreach (var write in new[] { "INSERT INTO report_db.sales VALUES (8)", "DELETE FROM report_db.sales",
                     "CREATE TABLE report_db.t (id INT)", "DROP TABLE report_db.sales" })
        {
            var denied = script.SqlAs("reader1", "ro-Secret", write);
            Assert.True(denied.ExitCode != 0, $"readOnly could run: {write}");
        }
    }

    [Fact]
    public void A_password_change_and_an_access_change_are_applied_on_the_next_run()
    {
        using var script = Prepare("change_db", "changer");
        script.SetUser("changer", "readWrite", "first-password");
        Assert.Equal(0, script.Run().ExitCode);
        mariaDb.Sql("CREATE TABLE change_db.t (id INT); GRANT SELECT ON mysql.* TO changer@'%'"); // granted by hand

        script.SetUser("changer", "readOnly", "second-password");
        var run = script.Run();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Contains("user changer: password and access readOnly applied", run.Stdout);
        Assert.Contains("removed 1 privilege(s) granted beyond its access readOnly", run.Stdout);
        Assert.True(script.SqlAs("changer", "first-password", "SELECT 1").ExitCode != 0, "the old password still works");
        Assert.Equal(0, script.SqlAs("changer", "second-password", "SELECT COUNT(*) FROM change_db.t").ExitCode);
        Assert.True(script.SqlAs("changer", "second-password", "INSERT INTO change_db.t VALUES (1)").ExitCode != 0,
            "write access survived the change to readOnly");
        Assert.True(script.SqlAs("changer", "second-password", "SELECT COUNT(*) FROM mysql.user").ExitCode != 0,
            "a privilege granted by hand outside spec.users survived");

        var again = script.Run();
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.DoesNotContain("removed", again.Stdout); // idempotent: nothing left to fix
    }

    [Fact]
    public void A_user_is_dropped_only_when_listed_under_removed_users()
    {
        using var script = Prepare("keep_db", "kept", "dropped");
        script.SetUser("kept", "readWrite", "kept-pw");
        script.SetUser("dropped", "readOnly", "dropped-pw");
        Assert.Equal(0, script.Run().ExitCode);

        script.Users.Clear(); // both left spec.users (a typo, or on purpose): nothing is dropped
        var forgotten = script.Run();
        Assert.True(forgotten.ExitCode == 0, forgotten.Stderr);
        Assert.Equal("2", mariaDb.Sql("SELECT COUNT(*) FROM mysql.user WHERE User IN ('kept', 'dropped')"));

        script.Removed.Add("dropped");
        var removed = script.Run();

        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.Contains("user dropped: dropped (listed in removedUsers)", removed.Stdout);
        Assert.Equal("kept", mariaDb.Sql("SELECT User FROM mysql.user WHERE User IN ('kept', 'dropped')"));
        Assert.Contains("already absent", script.Run().Stdout);
    }

    [Fact]
    public void Root_rotation_applies_the_new_password_with_the_previous_one_and_says_what_to_do_without_it()
    {
        using var script = Prepare("rotate_db");
        const string rotated = "n3w'root\\pass\"#x";
        script.SetRootPassword(rotated); // the Secret changed, the server still has the old password

        var refused = script.Run();

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("put the password the server still has under the key 'previous-password'", refused.Stderr);

        script.SetRootPassword(rotated, previous: RootPassword);
        var rotation = script.Run();

        Assert.True(rotation.ExitCode == 0, rotation.Stderr + rotation.Stdout);
        Assert.Contains("root logged in with its previous-password", rotation.Stdout);
        Assert.Equal("1", script.SqlAs("root", rotated, "SELECT 1").Stdout.Trim());
        Assert.True(script.SqlAs("root", RootPassword, "SELECT 1").ExitCode != 0, "MariaDB kept the old root password");
        Assert.Contains("the password in the Secret is in use", script.Run().Stdout); // the next sync: nothing to do
    }

    [Fact]
    public void Passwords_never_reach_argv_or_the_log_and_hostile_ones_work()
    {
        using var script = Prepare("hostile_db", "hostile");
        const string password = "p'a\"s\\s`$(id) #;\u00e9\u4e2d --x";
        script.SetUser("hostile", "readWrite", password);
        // The script sends the password as an SQL hex literal: neither form may appear in any process's argv.
        var hex = Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(password));
        using var sampler = new ArgvSampler("\u00e9\u4e2d --x");
        using var hexSampler = new ArgvSampler(hex[..24]);

        var run = script.Run();

        sampler.Dispose();
        hexSampler.Dispose();
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Empty(sampler.Hits);
        Assert.Empty(hexSampler.Hits);
        Assert.True(sampler.Rounds > 0 && hexSampler.Rounds > 0);
        Assert.DoesNotContain("\u4e2d", run.Stdout + run.Stderr);
        Assert.Equal("1", script.SqlAs("hostile", password, "SELECT 1").Stdout.Trim());
    }

    [Fact]
    public void The_server_init_path_applies_the_accounts_over_the_socket()
    {
        using var script = Prepare("socket_db", "viasocket");
        script.SetUser("viasocket", "readOnly", "socket-pw");
        script.Socket = mariaDb.Socket; // root@localhost of the test server: socket, no password (like --initialize-insecure)

        var run = script.Run();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Equal("1", script.SqlAs("viasocket", "socket-pw", "SELECT 1").Stdout.Trim());
    }

    [Fact]
    public void The_exporter_user_gets_only_what_mysqld_exporter_needs_from_the_shared_socket()
    {
        using var script = Prepare("metrics_db", "exporter1");
        script.SetUser("exporter1", "monitor", "exp-pw");

        var run = script.Run();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var grants = mariaDb.Sql("SHOW GRANTS FOR exporter1@localhost");
        Assert.Contains("GRANT PROCESS, BINLOG MONITOR ON *.*", grants);
        Assert.Contains("WITH MAX_USER_CONNECTIONS 3", grants);
        Assert.Contains("GRANT SELECT ON `performance_schema`.*", grants);
        Assert.Equal("0", mariaDb.Sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'exporter1' AND Host <> 'localhost'"));
    }

    /// <summary>
    /// The exporter sends MYSQLD_EXPORTER_PASSWORD byte for byte (mysqld_exporter config/config.go expands the
    /// variable into its client options with os.ExpandEnv); a Secret value ending in a newline is what it offers, so
    /// that is the password its account gets. Every other password file loses its trailing newlines, as the mysql
    /// image's entrypoint reads them (docker-library/mysql 8.4/docker-entrypoint.sh, file_env).
    /// </summary>
    [Fact]
    public void The_exporter_user_gets_its_secret_byte_for_byte_and_an_application_user_without_trailing_newlines()
    {
        using var script = Prepare("newline_db", "exporter2", "app2");
        script.SetUser("exporter2", "monitor", "exp-pw\n");
        script.SetUser("app2", "readWrite", "app-pw\n\n");

        var run = script.Run();

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Equal("1", mariaDb.Sql("SELECT authentication_string = PASSWORD('exp-pw\\n') FROM mysql.user WHERE User = 'exporter2'"));
        Assert.Equal("1", script.SqlAs("app2", "app-pw", "SELECT 1").Stdout.Trim());
    }

    [Fact]
    public void A_user_both_declared_and_removed_is_refused_before_anything_changes()
    {
        using var script = Prepare("both_db", "twice");
        script.SetUser("twice", "readWrite", "pw");
        script.Removed.Add("twice");

        var run = script.Run();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("user 'twice' is both declared and listed as removed", run.Stderr);
        Assert.Equal("0", mariaDb.Sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'twice'"));
    }

    [Fact]
    public void A_user_whose_secret_is_missing_fails_the_job_by_name_and_is_skipped_by_the_server_init()
    {
        using var script = Prepare("missing_db", "present", "absent");
        script.SetUser("present", "readWrite", "present-pw");
        script.Users.Add("absent:readOnly"); // declared, but its (optional) Secret source left no file

        var job = script.Run();

        Assert.Equal(1, job.ExitCode);
        Assert.Contains("user absent: no password file", job.Stderr);
        Assert.Contains("Create the Secret (or fix spec.users[].passwordSecretRef) and sync again", job.Stderr);

        script.ExtraEnv["ACCOUNTS_MISSING_PASSWORDS"] = "skip"; // what server-init.sh sets
        var init = script.Run();

        Assert.True(init.ExitCode == 0, init.Stderr + init.Stdout);
        Assert.Contains("user absent: no password file", init.Stdout);
        Assert.Equal("1", script.SqlAs("present", "present-pw", "SELECT 1").Stdout.Trim());
        Assert.Equal("0", mariaDb.Sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'absent'"));
    }

    /// <summary>A database and root password of a freshly initialised instance; the named users do not exist yet.</summary>
    private AccountsScript Prepare(string database, params string[] users)
    {
        mariaDb.Start();
        var script = new AccountsScript(mariaDb.Port, database);
        script.SetRootPassword(RootPassword);
        mariaDb.SetRootPassword(script.PasswordFile);
        foreach (var user in users)
        {
            mariaDb.Sql($"DROP USER IF EXISTS {user}@'%', {user}@localhost");
        }
        mariaDb.Sql($"DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}");
        return script;
    }
}
