using MySqlRender.Model;
using MySqlRender.Rendering;

namespace MySqlRender.Tests.Accounts;

/// <summary>
/// spec.config reaches the server: the rendered option file is the defaults file of a real MariaDB start, and
/// <c>SELECT @@option</c> shows each value, quoting included (MySQL reference manual, "Using Option Files": '#'
/// starts a comment outside quotes; the last setting of an option wins).
/// </summary>
public sealed class ServerConfigTests
{
    private static readonly (string, string)[] Defaults = [("max_allowed_packet", "64M"), ("max_connections", "100"), ("skip-log-bin", "")];

    [Fact]
    public void User_settings_win_over_the_defaults_and_odd_values_are_quoted()
    {
        var config = ServerConfig.Build(Defaults, Platform(("max-connections", "250"), ("init_connect", "SET @a = '#1' \\ \"x\"")));

        Assert.Equal(
            "# Rendered by mysqlrender: defaults, then spec.tls, then spec.config (the last setting wins).\n[mysqld]\n"
            + "max_allowed_packet = 64M\nskip-log-bin\nmax-connections = 250\ninit_connect = \"SET @a = '#1' \\\\ \\\"x\\\"\"\n",
            config.Text);
        Assert.NotEqual(ServerConfig.Build(Defaults, Platform()).Checksum, config.Checksum);
        Assert.Equal(ServerConfig.Build(Defaults, Platform()).Checksum, ServerConfig.Build(Defaults, Platform()).Checksum);
    }

    [Fact]
    public void Rendered_options_reach_a_started_server()
    {
        var init = "SET @note = 'a # is no comment; \\\\ stays', @quote = \"'\"";
        var config = ServerConfig.Build(PlatformViewModel.ServerDefaults, Platform(
            ("max_connections", "123"), ("character-set-server", "utf8mb4"), ("sql_mode", "STRICT_ALL_TABLES,NO_ZERO_DATE"),
            ("init_connect", init), ("long_query_time", "2.5"), ("skip-name-resolve", "ON")));
        using var folder = new TempFolder();
        // The server's tmpdir is the data volume's tmp/ folder, mounted there; mapped to a folder of the test.
        var tmp = Directory.CreateDirectory(folder.Combine("server-tmp")).FullName;
        var file = folder.Write("my.cnf", config.Text.Replace(PlatformViewModel.ServerTmpDir, tmp, StringComparison.Ordinal));
        using var server = StartedServer.With(file, folder.Combine("server"));

        var values = server.Sql("SELECT @@max_connections, @@character_set_server, @@sql_mode, @@long_query_time, "
            + "@@skip_name_resolve, @@max_allowed_packet, @@log_bin;\nSELECT @@init_connect;\nSELECT @@tmpdir;").Split('\n');

        Assert.Equal("123\tutf8mb4\tSTRICT_ALL_TABLES,NO_ZERO_DATE\t2.500000\t1\t67108864\t0", values[0]);
        Assert.Equal(init, values[1].Replace("\\\\", "\\"));
        Assert.Equal(tmp, values[2]); // issue 13 item 9: big sorts and ALTERs go to the data volume
    }

    [Fact]
    public void With_tls_the_server_refuses_plain_clients_and_the_scripts_connect_encrypted()
    {
        using var folder = new TempFolder();
        var tls = Certificates(folder.Combine("tls"));
        var config = ServerConfig.Build(PlatformViewModel.ServerDefaults, Platform(new TlsSpec("shop-tls", RequireSecureTransport: true)));
        // The Secret's mount path, mapped to this folder as the kubelet model maps mounts.
        var tmp = Directory.CreateDirectory(folder.Combine("server-tmp")).FullName;
        var file = folder.Write("my.cnf", config.Text.Replace(ServerConfig.TlsMountPath, tls, StringComparison.Ordinal)
            .Replace(PlatformViewModel.ServerTmpDir, tmp, StringComparison.Ordinal));
        using var server = StartedServer.With(file, folder.Combine("server"), FreePort());
        using var script = new AccountsScript(server.Port, "tls_db");
        script.SetRootPassword("tls-root");
        // As tests/e2e/mariadb-server.sh: only root@localhost (socket) stays besides the TCP account root@'%'.
        server.Sql("DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '%')); FLUSH PRIVILEGES;"
            + "CREATE DATABASE tls_db; CREATE USER root@'%' IDENTIFIED BY 'tls-root'; GRANT ALL ON *.* TO root@'%' WITH GRANT OPTION;");
        script.SetUser("tls_app", "readWrite", "tls-app-pw");

        script.ExtraEnv["MYSQL_CLIENT_TLS"] = "required";
        var encrypted = script.Run();
        var plain = script.SqlAs("root", "tls-root", "SELECT 1", "--skip-ssl");

        Assert.Contains("require_secure_transport = ON", config.Text);
        Assert.True(plain.ExitCode != 0, "a client without TLS got in although require_secure_transport is ON");
        Assert.True(encrypted.ExitCode == 0, encrypted.Stderr + encrypted.Stdout);
        Assert.Equal("TLS", script.SqlAs("tls_app", "tls-app-pw", "SELECT IF(VARIABLE_VALUE <> '', 'TLS', 'plain') FROM "
            + "information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'").Stdout.Trim());
        Assert.Equal("1", server.Sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'tls_app'"));
    }

    /// <summary>A CA and a server certificate signed by it, as a cert-manager Certificate's Secret holds them.</summary>
    private static string Certificates(string folder)
    {
        ExternalTool.Require("openssl", "apt-get install openssl");
        Directory.CreateDirectory(folder);
        void Openssl(params string[] args)
        {
            var run = ProcessRunner.Run("openssl", args, workingDirectory: folder);
            Assert.True(run.ExitCode == 0, run.Stderr);
        }
        Openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca", "-keyout", "ca.key", "-out", "ca.crt");
        Openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=shop-db", "-keyout", "tls.key", "-out", "tls.csr");
        Openssl("x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-out", "tls.crt");
        return folder;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static PlatformSpec Platform(TlsSpec tls) => Platform() with { Tls = tls };

    private static PlatformSpec Platform(params (string Name, string Value)[] options) => new(
        [], [], [.. options.Select(o => new ServerOption(o.Name, o.Value))],
        new MetricsSpec(false, "x", "x", null, false, "30s", new Dictionary<string, string>(), ComputeDefaults.Exporter),
        new NetworkPolicySpec(false, [], "monitoring"),
        new PodPlacement(new Dictionary<string, string>(), [], null, null, [], new Dictionary<string, string>(), new Dictionary<string, string>()),
        null);
}
