using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.Accounts;

/// <summary>
/// Issue 17 item 2 and issue 13 items 8/9 on the kubelet model: NAME-config is what the server init copies into the
/// mysql container's /etc/mysql/conf.d (the image's my.cnf ends in `!includedir /etc/mysql/conf.d/`,
/// docker-library/mysql), so the defaults and spec.config reach the running server; the init's private server reads
/// the same file, so what it creates (the database, during a restore the tables) already has the user's settings.
/// </summary>
public sealed class ServerSettingsOnNodeTests : BackupRestoreScenario
{
    [Fact]
    public void The_defaults_and_spec_config_reach_the_server_and_its_init()
    {
        var on = new InstanceOnNode(Path.Combine(work, "node"), RenderResource("tuned-db", extraSpec: """
              config:
                max_connections: 77
                character-set-server: cp1250
                collation-server: cp1250_general_ci

            """));
        Track(on);
        on.Node.Storage.Provisioner = Kubelet.NodeStorage.Kind.LocalPathFolder;

        on.StartServer();

        // 64M packets (20 MB rows round-trip), no binary logs, temporary files on the data volume; then spec.config.
        Assert.Equal("67108864\t0\t/var/lib/mysql-tmp\t77\tcp1250",
            on.Sql("SELECT @@max_allowed_packet, @@log_bin, @@tmpdir, @@max_connections, @@character_set_server"));
        // Created by the init's private server: with the user's character set, not the image's default.
        Assert.Equal("cp1250", on.Sql($"SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{Database}'"));
    }
}
