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
/// container fetches the dump (and the manifest the upload carried) into the generic ephemeral scratch claim, and its
/// drill container judges it with its own mariadbd. A corrupt newest remote dump fails the drill by name: the drill
/// never falls back to an older dump, that would hide the news.
/// </summary>
public sealed class RemoteDrillTests(S3Server server) : IDisposable
{
    private readonly TempFolder work = new();
    private readonly List<InstanceOnNode> nodes = [];

    public void Dispose()
    {
        nodes.ForEach(n => n.Dispose());
        work.Dispose();
    }

    [Fact]
    public void The_drill_judges_the_newest_remote_dump_on_a_node_without_the_backup_volume()
    {
        const string name = "drill-remote";
        var (bucket, dumps) = BackedUpTwice(name);
        var elsewhere = Node(name, bucket, "elsewhere");
        var pod = elsewhere.Instance.PodOf("CronJob", $"verify-{name}");

        var drill = elsewhere.RunCronJob($"verify-{name}");

        Assert.Null(pod.Affinity); // may run on any node
        Assert.DoesNotContain(pod.Volumes, v => v.PersistentVolumeClaim is not null);
        Assert.True(drill.Succeeded, drill.ToString());
        var run = Assert.Single(drill.Pods);
        Assert.Contains($"fetched s3://{bucket}/{name}/{dumps[1]} for the drill", run.Logs("fetch"));
        Assert.Contains($"the drill of {dumps[1]} passed: 1 tables with the rows the backup counted", run.Logs("verify"));
        var status = JsonDocument.Parse(run.TerminationMessage("verify")).RootElement;
        Assert.Equal("passed", status.GetProperty("verdict").GetString());
        Assert.Equal(dumps[1], status.GetProperty("dump").GetString());
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.VolumeFolder("scratch"), "dumps", dumps[1] + ".verified.json"))).RootElement;
        var orders = report.GetProperty("tables").EnumerateArray().Single();
        Assert.Equal(2, orders.GetProperty("rows").GetInt64()); // the newest dump's rows, as its manifest recorded
        Assert.Equal(2, orders.GetProperty("expectedRows").GetInt64());
        Assert.False(Directory.Exists(Path.Combine(elsewhere.Node.Root, "node", "provisioned", $"backup-{name}-pvc")),
            "the drill's node never provisioned the backup volume");
    }

    [Fact]
    public void A_corrupt_newest_remote_dump_fails_the_drill_by_name_and_is_not_replaced_by_an_older_one()
    {
        const string name = "drill-rcorrupt";
        var (bucket, dumps) = BackedUpTwice(name);
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
    }

    /// <summary>Two uploaded backups (one row, then two); returns the bucket and the dump names, oldest first.</summary>
    private (string Bucket, IReadOnlyList<string> Dumps) BackedUpTwice(string name)
    {
        server.Start();
        var bucket = server.CreateBucket(name);
        var database = Node(name, bucket, "database");
        database.StartServer();
        database.Sql($"CREATE TABLE {Database}.orders (id INT PRIMARY KEY, note VARCHAR(100)) CHARACTER SET utf8mb4; INSERT INTO {Database}.orders VALUES (1, 'first');");
        Assert.True(database.RunCronJob($"backup-{name}").Succeeded);
        database.Sql($"INSERT INTO {Database}.orders VALUES (2, 'Grüße 🐬')");
        var backup = database.RunCronJob($"backup-{name}");
        Assert.True(backup.Succeeded, backup.ToString());
        var dumps = CompleteRemoteDumps(server, bucket, name);
        Assert.Equal(2, dumps.Count);
        Assert.Contains($"{name}/{dumps[1]}.manifest", server.Keys(bucket, name + "/")); // the upload carries the row counts
        return (bucket, dumps);
    }

    private InstanceOnNode Node(string name, string bucket, string purpose)
    {
        var node = OnNewNode(work.Combine(purpose), Resource(name, server.Endpoint, bucket));
        nodes.Add(node);
        return node;
    }
}
