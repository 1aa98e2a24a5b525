using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Issue 13, defects 1-3 and 10 end to end: the rendered server pod with its init container
/// (templates/deployment.yaml.sbn, templates/scripts/server-init.sh) on the kubelet model, against the mysql image's entrypoint model
/// (docker-library/mysql 8.4/docker-entrypoint.sh). Volumes are fresh ext4 block volumes with lost+found unless a
/// test says otherwise.
/// </summary>
public sealed class ServerInitTests : BackupRestoreScenario
{
    [Fact]
    public void A_fresh_ext4_volume_with_lost_found_starts_the_server_in_a_data_subfolder()
    {
        var on = Deploy(RenderResource("ext4-db"));

        var server = on.StartServer();

        var volume = on.ClaimFolder("ext4-db-pvc");
        Assert.Equal(["data", "lost+found", "tmp"], Directory.EnumerateFileSystemEntries(volume).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(volume, "data", "mysql")));
        Assert.Equal(Path.Combine("/var/lib/mysql-tmp"), on.Sql("SELECT @@tmpdir")); // NAME-config's tmpdir: tmp/ of the volume
        Assert.Contains("nothing to restore: no dump of ext4-db", server.Logs("server-init"));
        Assert.DoesNotContain("[Entrypoint]: Initializing database files", server.Logs("mysql")); // the image never initialises
        Assert.Equal("nothing-to-restore", on.Sql("SELECT state FROM mysqlrender.restore_marker"));
        Assert.Equal("0", ObjectCount(on));
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("back\\slash \\\\ and \\n")]
    [InlineData(" $HOME $(id) `id` ; # [client] ")]
    [InlineData("Grüße 🐬 \"quoted\"\ttab")]
    public void A_hostile_password_reaches_the_server_exactly_through_its_init(string password)
    {
        var on = Deploy(RenderResource("hostile-db", password: password));

        var server = on.StartServer(); // readiness logs in over the socket with the Secret's password

        Assert.Equal("1", on.Sql("SELECT 1", password));
        var restore = on.RunJob("restore-hostile-db-job"); // logs in over TCP through the Service as 'root'@'%'
        Assert.True(restore.Succeeded, restore.ToString());
        Assert.DoesNotContain(password.Trim(), server.AllLogs() + restore.Output);
    }

    [Fact]
    public void An_application_racing_the_start_connects_only_after_the_restore_and_finds_every_row()
    {
        var on = Deploy(RenderResource("race-db"));
        on.StartServer();
        CreateBigTable(on, rows: 20000);
        var before = on.Sql($"SELECT COUNT(*), SUM(id) FROM {QuotedDatabase}.big");
        Assert.True(on.RunCronJob("backup-race-db").Succeeded);
        on.StopServer();
        on.Node.Storage.DeleteProvisioned("race-db-pvc");

        var server = on.StartServer(waitReady: false);
        var app = on.Node.StartPod("app-" + KubeletPod.Suffix(), null, AppPod(on, "race-db"));

        Assert.True(server.WaitReady(TimeSpan.FromSeconds(120)), server.AllLogs());
        Assert.Equal(PodPhase.Succeeded, app.WaitForCompletion(TimeSpan.FromSeconds(120)));
        Assert.Contains($"first connection saw {before.Split('\t')[0]} rows", app.Logs("app"));
        Assert.Equal(before, on.Sql($"SELECT COUNT(*), SUM(id) FROM {QuotedDatabase}.big"));
        Assert.Equal("1", on.Sql($"SELECT COUNT(*) FROM {QuotedDatabase}.app_writes"));
        Assert.Equal("restored", on.Sql("SELECT state FROM mysqlrender.restore_marker"));
    }

    [Fact]
    public void A_restore_killed_half_way_leaves_no_ready_server_and_the_next_start_restores_everything()
    {
        var on = Deploy(RenderResource("killed-db"));
        on.StartServer();
        CreateBigTable(on, rows: 60000);
        var before = on.Sql($"SELECT COUNT(*), SUM(id) FROM {QuotedDatabase}.big");
        Assert.True(on.RunCronJob("backup-killed-db").Succeeded);
        on.StopServer();
        on.Node.Storage.DeleteProvisioned("killed-db-pvc");

        var first = on.StartServer(waitReady: false);
        Assert.True(first.WaitFor(() => first.Logs("server-init").Contains("restoring /backup/", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), first.AllLogs());
        first.Kill();
        Assert.False(first.Ready);
        var volume = on.ClaimFolder("killed-db-pvc");
        Assert.False(Directory.Exists(Path.Combine(volume, "data")), "a killed restore must leave no data directory the image would start");

        var second = on.StartServer();

        Assert.Contains("deleting /var/lib/mysql-volume/data.staging, left by an interrupted attempt", second.Logs("server-init"));
        Assert.Equal(before, on.Sql($"SELECT COUNT(*), SUM(id) FROM {QuotedDatabase}.big"));
    }

    [Fact]
    public void A_new_data_directory_restores_the_newest_dump_whose_drill_passed_and_never_one_whose_drill_failed()
    {
        // Issue 16: the automatic restore prefers a proven dump. Three dumps: the oldest passed its drill, the middle
        // one failed it, the newest was never drilled (reports in verify.sh's layout, as DrillVerdictTests use).
        var on = Deploy(RenderResource("proven-db"));
        on.StartServer();
        CreateTestTable(on);
        var proven = Rows(on, "test");
        Assert.True(on.RunCronJob("backup-proven-db").Succeeded);
        on.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (20, 'in the failed dump', NULL)");
        Thread.Sleep(1100);
        Assert.True(on.RunCronJob("backup-proven-db").Succeeded);
        on.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (21, 'only in the undrilled dump', NULL)");
        Thread.Sleep(1100);
        Assert.True(on.RunCronJob("backup-proven-db").Succeeded);
        var dumps = Dumps(on, "proven-db");
        Assert.Equal(3, dumps.Count);
        Report(dumps[0], "passed");
        Report(dumps[1], "failed");

        on.NewDataDirectory();

        var init = on.Server.Logs("server-init");
        Assert.Equal(proven, Rows(on, "test"));
        Assert.Contains($"skipping {InPod(dumps[1])}: its restore drill failed", init);
        Assert.Contains($"using {InPod(dumps[0])} (its restore drill passed)", init);
        Assert.Contains($"note: the newer dump {Path.GetFileName(dumps[2])} was not restored: it has no passed drill; to restore it instead, set spec.restore.from: {Path.GetFileName(dumps[2])}", init);
    }

    [Fact]
    public void A_data_directory_at_the_volume_root_from_0_1_is_moved_into_data_and_keeps_its_rows()
    {
        var on = new InstanceOnNode(Path.Combine(work, "layout"), RenderResource("layout-db"), asRelease01: true);
        Track(on);
        on.Node.Storage.Provisioner = NodeStorage.Kind.LocalPathFolder; // 0.1 could only start where no lost+found was
        on.StartServer(); // 0.1's Deployment: the image initialises the volume root
        CreateTestTable(on);
        on.Sql("CREATE DATABASE `data`; CREATE TABLE `data`.t (id INT PRIMARY KEY); INSERT INTO `data`.t VALUES (7)");
        // A database named like 0.2's tmpdir folder: moved with the rest, never taken for (and emptied as) the tmpdir.
        on.Sql("CREATE DATABASE `tmp`; CREATE TABLE `tmp`.t (id INT PRIMARY KEY); INSERT INTO `tmp`.t VALUES (8)");
        var rows = Rows(on, "test");
        on.StopServer();

        on.AsRelease01 = false; // the upgrade: the rendered Deployment
        on.Apply(RenderResource("layout-db"));
        var server = on.StartServer();

        Assert.Contains("moving the data directory at the root of the volume (0.1 layout)", server.Logs("server-init"));
        Assert.Equal(rows, Rows(on, "test"));
        Assert.Equal("7", on.Sql("SELECT id FROM `data`.t"));
        Assert.Equal("8", on.Sql("SELECT id FROM `tmp`.t"));
        Assert.Equal(["data", "tmp"], Directory.EnumerateFileSystemEntries(on.ClaimFolder("layout-db-pvc")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_dump_that_fails_to_import_fails_the_server_init_and_leaves_no_ready_server_or_data_directory()
    {
        var on = Deploy(RenderResource("broken-db"));
        var backupFolder = on.ClaimFolder("backup-broken-db-pvc");
        // Valid as a file (checksum, gzip, trailer), broken as SQL: only the import itself can find out.
        var broken = Path.Combine(backupFolder, "broken-db-20260101T000000Z.sql.gz");
        using (var file = File.Create(broken))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(
                "CREATE TABLE half (id INT PRIMARY KEY);\nINSERT INTO half VALUES (1);\nTHIS IS NOT SQL;\n-- Dump completed on 2026-01-01  0:00:00\n"));
        }
        File.WriteAllText(broken + ".sha256",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(broken))) + "  " + Path.GetFileName(broken) + "\n");

        var server = on.StartServer(waitReady: false);

        Assert.True(server.WaitFor(() => server.Restarts("server-init") >= 1 || server.Ready, TimeSpan.FromSeconds(90)), server.AllLogs());
        Assert.False(server.Ready);
        Assert.Contains("the new data directory is discarded and the server does not start", server.Logs("server-init", allRuns: true));
        Assert.False(Directory.Exists(Path.Combine(on.ClaimFolder("broken-db-pvc"), "data")),
            "a failed import must leave no data directory the image would start with partial data");
    }

    [Fact]
    public void Restore_from_left_in_git_never_restores_an_older_dump_into_a_new_data_directory()
    {
        var on = Deploy(RenderResource("from-db"));
        on.StartServer();
        CreateTestTable(on);
        Assert.True(on.RunCronJob("backup-from-db").Succeeded);
        var first = Path.GetFileName(Assert.Single(Dumps(on, "from-db")));
        Thread.Sleep(1100); // dump names have one-second resolution
        on.Sql($"INSERT INTO {QuotedDatabase}.test VALUES (20, 'only in the second dump', NULL)");
        Assert.True(on.RunCronJob("backup-from-db").Succeeded);
        on.StopServer();
        on.Node.Storage.DeleteProvisioned("from-db-pvc");
        on.Apply(RenderResource("from-db", extraSpec: $"  restore:\n    from: {first}\n"));

        var server = on.StartServer(waitReady: false);

        Assert.True(server.WaitFor(() => server.Restarts("server-init") >= 1 || server.Ready, TimeSpan.FromSeconds(90)));
        Assert.False(server.Ready);
        Assert.Contains($"RESTORE_FROM={first} is older than the newest valid dump", server.Logs("server-init", allRuns: true));
        Assert.False(Directory.Exists(Path.Combine(on.ClaimFolder("from-db-pvc"), "data")));
    }

    /// <summary>
    /// An application that starts with the server pod: it retries through the Service name until a login works,
    /// then records how many rows it saw first and writes one row of its own.
    /// </summary>
    private static V1PodTemplateSpec AppPod(InstanceOnNode on, string service)
    {
        const string script = """
            set -u
            q=$(sed 's/\\/\\\\/g; s/"/\\"/g' /etc/app-credentials/password)
            printf '[client]\nuser=root\npassword="%s"\nhost=%s\nport=3306\nprotocol=tcp\n' "$q" "$SERVICE" >/tmp/app.cnf
            for i in $(seq 1 600); do
                if seen=$(mysql --defaults-extra-file=/tmp/app.cnf --connect-timeout=1 --batch --skip-column-names -e "SELECT COUNT(*) FROM \`otus-database\`.big" 2>/dev/null); then
                    echo "first connection saw $seen rows"
                    mysql --defaults-extra-file=/tmp/app.cnf -e "CREATE TABLE \`otus-database\`.app_writes (id INT PRIMARY KEY); INSERT INTO \`otus-database\`.app_writes VALUES (1)"
                    exit $?
                fi
                sleep 0.1
            done
            echo "never connected"; exit 1
            """;
        var server = on.Deployment.Spec.Template.Spec;
        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "shop" } },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                SecurityContext = server.SecurityContext,
                Containers =
                [
                    new V1Container
                    {
                        Name = "app",
                        Image = "mysql:8.4",
                        Command = ["/bin/bash", "-c", script],
                        Env = [new V1EnvVar { Name = "SERVICE", Value = service }],
                        SecurityContext = server.Containers[0].SecurityContext,
                        VolumeMounts =
                        [
                            new V1VolumeMount { Name = "credentials", MountPath = "/etc/app-credentials", ReadOnlyProperty = true },
                            new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
                        ],
                    },
                ],
                Volumes = [server.Volumes.Single(v => v.Name == "credentials"), new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }],
            },
        };
    }

    private static void Report(string dump, string result)
    {
        var sha256 = File.ReadAllText(dump + ".sha256").Split(' ')[0];
        File.WriteAllText(dump + ".verified.json", $"{{\n  \"result\": \"{result}\",\n  \"sha256\": \"{sha256}\",\n  \"dump\": \"{Path.GetFileName(dump)}\"\n}}\n");
    }
}
