using System.Text.Json;
using k8s.Models;
using MySqlRender.Tests.BackupRestore;
using MySqlRender.Tests.Kubelet;
using static MySqlRender.Tests.OffClusterBackups.S3InstanceOnNode;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// Issue 16 item 1 with issue 15: with spec.backup.s3 the restore drill takes the newest complete dump from the
/// bucket. The rendered backup CronJob uploads from the database's node; the rendered drill CronJob then runs on
/// ANOTHER node of the kubelet model (<see cref="KubeletNode"/>), one that never had the backup volume: its rclone init
/// container fetches the dump (and the manifest the upload carried) into the generic ephemeral scratch claim, its
/// drill init container judges it with its own mariadbd, and its report container uploads the verdict next to the
/// remote dump. A corrupt newest remote dump fails the drill by name: the drill never falls back to an older dump,
/// that would hide the news. A new cluster's server pod then never restores a dump whose drill failed.
/// </summary>
public sealed class RemoteDrillTests(S3Server server) : IDisposable
{
    private readonly TempFolder work = new();
    private readonly List<InstanceOnNode> nodes = [];
    private bool encrypted;

    public void Dispose()
    {
        nodes.ForEach(n => n.Dispose());
        work.Dispose();
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("encrypted")]
    public void The_drill_judges_the_newest_remote_dump_on_a_node_without_the_backup_volume(string variant)
    {
        var name = $"drill-remote-{variant[0]}";
        encrypted = variant == "encrypted";
        var (bucket, dumps, _) = BackedUpTwice(name);
        var elsewhere = Node(name, bucket, "elsewhere");
        var pod = elsewhere.Instance.PodOf("CronJob", $"verify-{name}");

        var drill = elsewhere.RunCronJob($"verify-{name}");

        Assert.Null(pod.Affinity); // may run on any node
        Assert.Equal(["fetch", "verify"], pod.InitContainers.Select(c => c.Name));
        Assert.Equal(["report"], pod.Containers.Select(c => c.Name));
        Assert.All(pod.InitContainers.Concat(pod.Containers), c => Assert.True(c.SecurityContext.ReadOnlyRootFilesystem));
        Assert.DoesNotContain(pod.Volumes, v => v.PersistentVolumeClaim is not null);
        Assert.True(drill.Succeeded, drill.ToString());
        var run = Assert.Single(drill.Pods);
        Assert.Contains($"fetched s3://{bucket}/{name}/{dumps[1]} for the drill", run.Logs("fetch"));
        Assert.Contains($"the drill of {dumps[1]} passed: 1 tables with the rows the backup counted", run.Logs("verify"));
        var status = JsonDocument.Parse(run.TerminationMessage("verify")).RootElement;
        Assert.Equal("passed", status.GetProperty("verdict").GetString());
        Assert.Equal(dumps[1], status.GetProperty("dump").GetString());
        Assert.Contains($"the drill of {dumps[1]} passed; its report is at s3://{bucket}/{name}/{dumps[1]}.verified.json", run.Logs("report"));
        Assert.False(Directory.Exists(Path.Combine(elsewhere.Node.Root, "node", "provisioned", $"backup-{name}-pvc")),
            "the drill's node never provisioned the backup volume");
        var written = File.ReadAllText(Path.Combine(run.VolumeFolder("scratch"), "dumps", dumps[1] + ".verified.json"));
        if (encrypted)
        {
            Assert.All(server.Keys(bucket), key => Assert.DoesNotContain(".verified.json", key)); // names are encrypted too
        }
        else
        {
            Assert.Equal(written, File.ReadAllText(server.ObjectFile(bucket, $"{name}/{dumps[1]}.verified.json")));
        }
        var report = JsonDocument.Parse(written).RootElement;
        Assert.Equal("passed", report.GetProperty("result").GetString());
        var orders = report.GetProperty("tables").EnumerateArray().Single();
        Assert.Equal(2, orders.GetProperty("rows").GetInt64()); // the newest dump's rows, as its manifest recorded
        Assert.Equal(2, orders.GetProperty("expectedRows").GetInt64());
    }

    [Fact]
    public void A_corrupt_newest_remote_dump_fails_the_drill_by_name_and_is_not_replaced_by_an_older_one()
    {
        const string name = "drill-rcorrupt";
        var (bucket, dumps, _) = BackedUpTwice(name);
        var key = $"{name}/{dumps[1]}";
        var bytes = File.ReadAllBytes(server.ObjectFile(bucket, key));
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 16; i++)
        {
            bytes[i] ^= 0x5A;
        }
        server.Overwrite(bucket, key, bytes); // the store serves the mangled bytes with a matching ETag
        var elsewhere = Node(name, bucket, "elsewhere");

        var drill = elsewhere.RunCronJob($"verify-{name}");

        Assert.False(drill.Succeeded, drill.ToString());
        var run = Assert.Single(drill.Pods);
        Assert.Contains($"the drill of {dumps[1]} FAILED: sha256 mismatch", run.Logs("verify"));
        var status = JsonDocument.Parse(run.TerminationMessage("verify")).RootElement;
        Assert.Equal("failed", status.GetProperty("verdict").GetString());
        Assert.Equal(dumps[1], status.GetProperty("dump").GetString());
        Assert.DoesNotContain(dumps[0], run.AllLogs());
        Assert.StartsWith($"the drill of {dumps[1]} FAILED: sha256 mismatch", TerminationReason(run.TerminationMessage("report")));
        Assert.Contains("an automatic restore from the bucket never takes this dump", run.TerminationMessage("report"));
    }

    [Fact]
    public void A_new_cluster_never_restores_a_remote_dump_whose_drill_failed()
    {
        const string name = "drill-rverdict";
        var (bucket, dumps, _) = BackedUpTwice(name);
        MisstateRowCount(bucket, name, dumps[1]);
        var drill = Node(name, bucket, "elsewhere").RunCronJob($"verify-{name}");
        Assert.False(drill.Succeeded, drill.ToString());
        Assert.Contains("has 2 rows after the import, the dump's manifest says 3", drill.Last.TerminationMessage("report"));

        var rebuilt = Node(name, bucket, "rebuilt"); // the cluster is lost; the same rendering on a new one
        var pod = rebuilt.StartServer();

        Assert.Contains($"skipping s3://{bucket}/{name}/{dumps[1]}: its drill failed", pod.Logs("fetch"));
        Assert.Contains($"fetched s3://{bucket}/{name}/{dumps[0]} into /backup/{dumps[0]}", pod.Logs("fetch"));
        Assert.Equal("1\tfirst", rebuilt.Sql($"SELECT * FROM {Database}.orders ORDER BY id"));
    }

    /// <summary>
    /// With spec.backup.s3 the drill's verdicts live in the bucket only. A lost data volume beside a surviving backup
    /// volume used to rank the local dumps as never drilled and restore the newest, the one whose drill failed; the
    /// fetch container now gives each local dump the bucket's verdict of the same bytes.
    /// </summary>
    [Fact]
    public void A_lost_data_volume_never_restores_a_local_dump_whose_drill_from_the_bucket_failed()
    {
        const string name = "drill-rlocal";
        var (bucket, dumps, database) = BackedUpTwice(name);
        MisstateRowCount(bucket, name, dumps[1]);
        Assert.False(Node(name, bucket, "elsewhere").RunCronJob($"verify-{name}").Succeeded);

        database.NewDataDirectory(); // the data volume is lost; the backup volume holds both dumps

        var pod = database.Server;
        Assert.Contains($"{dumps[1]}: took the drill report of the same dump in the bucket (failed)", pod.Logs("fetch"));
        Assert.Contains($"skipping /backup/{dumps[1]}: its restore drill failed", pod.Logs("server-init"));
        Assert.Contains($"using /backup/{dumps[0]} (not drilled yet", pod.Logs("server-init"));
        Assert.Equal("1\tfirst", database.Sql($"SELECT * FROM {Database}.orders ORDER BY id"));
    }

    /// <summary>
    /// spec.restore.source: s3 takes the bucket's dump even when the backup volume holds a newer one (docs/backup-restore.md,
    /// "Off-cluster backups"): the server's init restores what this start's fetch container chose (NAME.fetched),
    /// not the newest file on the volume.
    /// </summary>
    [Fact]
    public void Restore_source_s3_restores_the_fetched_dump_not_a_newer_one_on_the_backup_volume()
    {
        const string name = "drill-rsource";
        var (bucket, dumps, database) = BackedUpTwice(name, specExtra: "  restore:\n    source: s3\n");
        foreach (var key in server.Keys(bucket, $"{name}/{dumps[1]}"))
        {
            server.Delete(bucket, key); // the bucket's newest is the first dump; the volume's is the second
        }

        database.NewDataDirectory();

        Assert.Contains($"fetched s3://{bucket}/{name}/{dumps[0]}", database.Server.Logs("fetch"));
        Assert.Contains($"using /backup/{dumps[0]} (fetched from the bucket by this start's fetch container", database.Server.Logs("server-init"));
        Assert.Equal("1\tfirst", database.Sql($"SELECT * FROM {Database}.orders ORDER BY id"));
    }

    /// <summary>
    /// Cloning (docs/backup-restore.md, "Off-cluster backups"): spec.restore.s3Prefix reads another instance's prefix,
    /// and spec.restore.from may name the dump as the bucket lists it (the source instance's name) or as it lands on
    /// this instance's backup volume (this instance's name, the same stamp). The fetch stores it under this
    /// instance's name; the server's init used to look for the bucket's name on the volume and refuse to start.
    /// </summary>
    [Theory]
    [InlineData("source")]
    [InlineData("local")]
    public void A_clone_restores_the_named_dump_of_another_instance_whichever_name_restore_from_gives(string spelling)
    {
        var source = $"clone-src-{spelling[0]}";
        var (bucket, dumps, _) = BackedUpTwice(source);
        var clone = $"clone-dst-{spelling[0]}";
        var from = spelling == "source" ? dumps[0] : dumps[0].Replace(source, clone, StringComparison.Ordinal);
        var staging = OnNewNode(work.Combine("staging"), Resource(clone, server.Endpoint, bucket)
            + $"  restore:\n    s3Prefix: {source}\n    from: {from}\n");
        nodes.Add(staging);

        var pod = staging.StartServer();

        var local = dumps[0].Replace(source, clone, StringComparison.Ordinal);
        Assert.Contains($"fetched s3://{bucket}/{source}/{dumps[0]} into /backup/{local}", pod.Logs("fetch"));
        Assert.Contains($"using /backup/{local}", pod.Logs("server-init"));
        Assert.Equal("1\tfirst", staging.Sql($"SELECT * FROM {Database}.orders ORDER BY id"));
        Assert.Empty(server.Keys(bucket, clone + "/")); // the clone only read the source's prefix
    }

    /// <summary>
    /// The dump stays intact (its sha256 matches) but its manifest in the bucket claims 3 rows where it holds 2: the
    /// drill fails it on the row counts, which only a drill can notice.
    /// </summary>
    private void MisstateRowCount(string bucket, string name, string dump)
    {
        var manifest = $"{name}/{dump}.manifest";
        var text = File.ReadAllText(server.ObjectFile(bucket, manifest));
        server.Overwrite(bucket, manifest, System.Text.Encoding.UTF8.GetBytes(text.Replace("table\t2\t", "table\t3\t", StringComparison.Ordinal)));
    }

    private static string TerminationReason(string message) => message[(message.IndexOf("ERROR: ", StringComparison.Ordinal) + 7)..];

    /// <summary>Two uploaded backups (one row, then two); returns the bucket, the dump names (oldest first) and the database's node.</summary>
    private (string Bucket, IReadOnlyList<string> Dumps, InstanceOnNode Database) BackedUpTwice(string name, string specExtra = "")
    {
        server.Start();
        var bucket = server.CreateBucket(name);
        var database = Node(name, bucket, "database", specExtra);
        database.StartServer();
        database.Sql($"CREATE TABLE {Database}.orders (id INT PRIMARY KEY, note VARCHAR(100)) CHARACTER SET utf8mb4; INSERT INTO {Database}.orders VALUES (1, 'first');");
        Assert.True(database.RunCronJob($"backup-{name}").Succeeded);
        database.Sql($"INSERT INTO {Database}.orders VALUES (2, 'Grüße 🐬')");
        var backup = database.RunCronJob($"backup-{name}");
        Assert.True(backup.Succeeded, backup.ToString());
        if (encrypted)
        {
            return (bucket, LocalDumps(database, name), database); // the bucket's names are encrypted
        }
        var dumps = CompleteRemoteDumps(server, bucket, name);
        Assert.Equal(2, dumps.Count);
        Assert.Contains($"{name}/{dumps[1]}.manifest", server.Keys(bucket, name + "/")); // the upload carries the row counts
        return (bucket, dumps, database);
    }

    private InstanceOnNode Node(string name, string bucket, string purpose, string specExtra = "")
    {
        var node = OnNewNode(work.Combine(purpose), Resource(name, server.Endpoint, bucket,
            s3Extra: encrypted ? "encryption:\n  secretRef:\n    name: backup-key\n    key: passphrase" : "") + specExtra,
            Secret("backup-key", new Dictionary<string, string> { ["passphrase"] = "a drill passphrase" }));
        nodes.Add(node);
        return node;
    }
}
