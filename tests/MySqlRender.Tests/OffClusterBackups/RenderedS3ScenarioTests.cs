using MySqlRender.Tests.BackupRestore;
using MySqlRender.Tests.Kubelet;
using static MySqlRender.Tests.OffClusterBackups.S3InstanceOnNode;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// Issue 15's scenarios 2, 3, 5 and 6 through the RENDERED pods on the kubelet model (<see cref="KubeletNode"/>: init
/// containers one at a time to completion before the containers, a failed pod retried up to the Job's backoffLimit,
/// Kubernetes docs "Init Containers" and "Jobs") against a real S3-protocol server on loopback: the server pod is the
/// rendered Deployment (the fetch init container, then the server init, then the mysql image's entrypoint model on
/// Debian's MariaDB); the backup CronJob's dump init container and rclone upload container.
/// </summary>
public sealed class RenderedS3ScenarioTests(S3Server server) : IDisposable
{
    private readonly TempFolder work = new();
    private readonly List<IDisposable> owned = [];

    public void Dispose()
    {
        owned.AsEnumerable().Reverse().ToList().ForEach(o => o.Dispose());
        work.Dispose();
    }

    [Fact]
    public void A_new_cluster_restores_the_previous_complete_dump_when_the_newest_is_corrupt_or_lacks_its_checksum()
    {
        const string name = "s3-fallback";
        server.Start();
        var bucket = server.CreateBucket(name);
        var resource = Resource(name, server.Endpoint, bucket);
        var old = Own(OnNewNode(work.Combine("old"), resource));
        old.StartServer();
        old.Sql($"CREATE TABLE {Database}.orders (id INT PRIMARY KEY, note VARCHAR(100)); INSERT INTO {Database}.orders VALUES (1, 'first');");
        var rowsOfTheGoodDump = Rows(old);
        foreach (var row in new[] { "", "(2, 'second')", "(3, 'third')" })
        {
            if (row.Length > 0)
            {
                old.Sql($"INSERT INTO {Database}.orders VALUES {row}");
            }
            var backup = old.RunCronJob($"backup-{name}");
            Assert.True(backup.Succeeded, backup.ToString());
        }
        var dumps = CompleteRemoteDumps(server, bucket, name);
        Assert.Equal(3, dumps.Count);
        // The newest upload lost its checksum object (a run cut short before it); the middle one was mangled at rest,
        // with a matching ETag, so only the dump's own sha256 can tell.
        server.Delete(bucket, $"{name}/{dumps[2]}.sha256");
        var middle = File.ReadAllBytes(server.ObjectFile(bucket, $"{name}/{dumps[1]}"));
        middle[middle.Length / 2] ^= 0xFF;
        server.Overwrite(bucket, $"{name}/{dumps[1]}", middle);

        Drop(old); // the cluster is lost: server pod, data volume, backup volume
        var rebuilt = Own(OnNewNode(work.Combine("rebuilt"), resource));
        var pod = rebuilt.StartServer();

        var fetch = pod.Logs("fetch");
        Assert.Contains($"skipping s3://{bucket}/{name}/{dumps[1]}: sha256 mismatch", fetch);
        Assert.Contains($"fetched s3://{bucket}/{name}/{dumps[0]} into /backup/{dumps[0]}", fetch);
        Assert.DoesNotContain(dumps[2], fetch); // without its .sha256 it is not a complete dump
        Assert.Equal(rowsOfTheGoodDump, Rows(rebuilt));
    }

    [Fact]
    public void When_the_store_is_down_the_backup_fails_keeps_its_dumps_and_the_next_run_uploads_them_all()
    {
        const string name = "s3-outage";
        var store = Own(new S3Server()).Start(); // its own store: the shared one serves other tests meanwhile
        var bucket = store.CreateBucket(name);
        var on = Own(OnNewNode(work.Combine("node"), Resource(name, store.Endpoint, bucket)));
        on.StartServer();
        on.Sql($"CREATE TABLE {Database}.orders (id INT PRIMARY KEY); INSERT INTO {Database}.orders VALUES (1);");

        JobRun during;
        using (store.Down())
        {
            during = on.RunCronJob($"backup-{name}");
        }

        Assert.False(during.Succeeded, during.ToString());
        var attempts = during.Pods.Count;
        Assert.Equal(3, attempts); // backoffLimit 2: every attempt dumped, and every upload failed
        Assert.All(during.Pods, pod => Assert.Equal(0, pod.ExitCode("backup")));
        Assert.All(during.Pods, pod => Assert.Contains($"cannot list s3://{bucket}/{name}/ (check the bucket name, the credentials and the"
            + " endpoint; rclone's message is above); nothing was uploaded: the dumps stay on the backup volume and the next run uploads them",
            pod.TerminationMessage("upload")));
        Assert.Contains("connection refused", during.Last.TerminationMessage("upload"));
        var kept = LocalDumps(on, name);
        Assert.Equal(attempts, kept.Count);
        Assert.All(kept, dump => Assert.True(File.Exists(Path.Combine(on.ClaimFolder($"backup-{name}-pvc"), dump + ".pending-upload")), dump));
        Assert.Empty(CompleteRemoteDumps(store, bucket, name));

        var after = on.RunCronJob($"backup-{name}");

        Assert.True(after.Succeeded, after.ToString());
        var local = LocalDumps(on, name);
        Assert.Equal(attempts + 1, local.Count);
        Assert.Equal(local, CompleteRemoteDumps(store, bucket, name));
        Assert.Empty(Directory.EnumerateFiles(on.ClaimFolder($"backup-{name}-pvc"), "*.pending-upload"));
    }

    /// <summary>
    /// A dump that waits for its upload is kept in addition to the newest keep (docs/backup-restore.md, "Retention
    /// and free space"): one whose upload can never succeed (its local bytes no longer match their checksum) used
    /// to count towards keep, so every run pruned a newer good dump in its place.
    /// </summary>
    [Fact]
    public void A_dump_that_never_uploads_is_kept_in_addition_to_the_newest_keep()
    {
        const string name = "s3-stuck";
        server.Start();
        var bucket = server.CreateBucket(name);
        var on = Own(OnNewNode(work.Combine("node"), Resource(name, server.Endpoint, bucket, backupExtra: "keep: 2")));
        on.StartServer();
        var folder = on.ClaimFolder($"backup-{name}-pvc");
        var stuck = Path.Combine(folder, $"{name}-20250101T030000Z.sql.gz");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(stuck), System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write("-- Dump completed\n"u8);
        }
        File.WriteAllText(stuck + ".sha256", new string('0', 64) + $"  {name}-20250101T030000Z.sql.gz\n");
        File.WriteAllText(stuck + ".pending-upload", "");

        for (var i = 0; i < 3; i++)
        {
            on.RunCronJob($"backup-{name}");
            Thread.Sleep(1100); // one dump name per second
        }

        var local = LocalDumps(on, name);
        Assert.True(local.Count == 3, string.Join(", ", local)); // the stuck one and the newest two
        Assert.Equal($"{name}-20250101T030000Z.sql.gz", local[0]);
    }

    [Fact]
    public void Remote_retention_holds_exactly_keep_complete_dumps_the_newest_ones()
    {
        const string name = "s3-keep";
        server.Start();
        var bucket = server.CreateBucket(name);
        var on = Own(OnNewNode(work.Combine("node"), Resource(name, server.Endpoint, bucket, backupExtra: "keep: 6", s3Extra: "keep: 2")));
        on.StartServer();
        on.Sql($"CREATE TABLE {Database}.orders (id INT PRIMARY KEY); INSERT INTO {Database}.orders VALUES (1);");

        for (var run = 1; run <= 4; run++)
        {
            var backup = on.RunCronJob($"backup-{name}");
            Assert.True(backup.Succeeded, backup.ToString());
            var local = LocalDumps(on, name);
            Assert.Equal(run, local.Count); // the volume keeps 6
            var newest = local.TakeLast(Math.Min(run, 2)).ToList();
            Assert.Equal(newest, CompleteRemoteDumps(server, bucket, name));
            Assert.Equal(newest, RemoteDumps(server, bucket, name)); // nothing incomplete left behind either
        }
    }

    public static TheoryData<string> Misconfigurations => new() { "wrong-bucket", "unknown-access-key", "unreachable-endpoint" };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public void A_misconfigured_store_fails_the_upload_and_the_restore_with_a_message_that_names_the_cause(string mistake)
    {
        var name = $"s3-{mistake.Split('-')[0]}";
        server.Start();
        var bucket = server.CreateBucket(name);
        var (badBucket, endpoint, secret, cause) = mistake switch
        {
            // s3rver checks the access key (it knows one) but not the secret: a wrong secret alone cannot be tested here.
            "wrong-bucket" => ($"{bucket}-missing", server.Endpoint, S3Fixtures.CredentialsSecret, "directory not found"),
            "unknown-access-key" => (bucket, server.Endpoint, "s3-other-credentials", "InvalidAccessKeyId"),
            _ => (bucket, "http://127.0.0.1:1", S3Fixtures.CredentialsSecret, "connection refused"), // nothing listens on port 1
        };
        var other = Secret("s3-other-credentials", S3Fixtures.Credentials(accessKey: "NOT-THE-KEY"));
        var mistaken = Resource(name, endpoint, badBucket, credentialsSecret: secret);
        // A live instance whose resource is edited: its server keeps running (a restarted one would find its data
        // directory initialised and not look at the store), its next backup meets the store.
        var live = Own(OnNewNode(work.Combine("live"), Resource(name, server.Endpoint, bucket), other));
        live.StartServer();
        live.Apply(Render(work.Combine("edited"), mistaken));
        // A new cluster with the mistake: the server pod's fetch init container meets it before anything starts.
        var fresh = Own(OnNewNode(work.Combine("fresh"), mistaken, other));

        var backup = live.RunCronJob($"backup-{name}");
        var restore = fresh.StartServer(waitReady: false);
        // The second failure (the kubelet restarts a failed init container after a back-off): its message is read
        // before the next attempt replaces it.
        Assert.True(restore.WaitFor(() => restore.Phase == PodPhase.Running
            || (restore.Restarts("fetch") >= 1 && restore.ExitCode("fetch") is not null and not 0), TimeSpan.FromSeconds(120)), restore.AllLogs());
        var fetchMessage = restore.TerminationMessage("fetch");

        var expected = $"cannot list s3://{badBucket}/{name}/ (check the bucket name, the credentials and the endpoint; rclone's message is above)";
        Assert.False(backup.Succeeded, backup.ToString());
        Assert.Equal(0, backup.Last.ExitCode("backup"));
        Assert.Contains(expected + "; nothing was uploaded", backup.Last.TerminationMessage("upload"));
        Assert.Contains(cause, backup.Last.TerminationMessage("upload"));
        Assert.Equal(PodPhase.Pending, restore.Phase); // init containers retried; the server never starts on an empty database
        Assert.Equal("", restore.Logs("server-init"));
        Assert.Contains(expected + "; the server does not start until the bucket can be read", fetchMessage);
        Assert.Contains(cause, fetchMessage);
    }

    private static string Rows(InstanceOnNode on) => on.Sql($"SELECT * FROM {Database}.orders ORDER BY id");

    private void Drop(IDisposable item)
    {
        owned.Remove(item);
        item.Dispose();
    }

    private T Own<T>(T item) where T : IDisposable
    {
        owned.Add(item);
        return item;
    }
}
