using MySqlRender.Tests.BackupRestore;
using MySqlRender.Tests.Kubelet;
using static MySqlRender.Tests.OffClusterBackups.S3InstanceOnNode;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// Issue 14 item 5 with issue 15: a full backup volume while the store is down. The rendered backup CronJob on the
/// kubelet model (its dump init container, then the rclone upload container; a failed pod retried up to backoffLimit,
/// Kubernetes docs "Jobs") over a backup volume that is a real small filesystem (<see cref="SmallVolume"/>): a dump not
/// yet copied off the cluster is never pruned to make room, the backup fails with a message, and once the store is
/// back the next run uploads the waiting dumps and then has room again: the outage does not stop backups for good (the
/// upload container runs only after the dump container succeeds, so a dump container that failed for want of room
/// would keep the waiting dumps, and the volume full, forever).
/// </summary>
public sealed class FullVolumeOutageTests : IDisposable
{
    private const string Name = "s3-full";
    private const string Claim = $"backup-{Name}-pvc";
    private readonly TempFolder work = new();
    private readonly S3Server store = new(); // its own store: the shared one serves other tests meanwhile
    private SmallVolume? volume;
    private InstanceOnNode? on;

    public void Dispose()
    {
        on?.StopServer(); // no container may hold the small volume when it is unmounted
        volume?.Dispose();
        on?.Dispose();
        store.Dispose();
        work.Dispose();
    }

    [Fact]
    public void A_dump_not_yet_uploaded_is_never_pruned_for_room_and_the_next_run_after_the_outage_uploads_and_recovers()
    {
        store.Start();
        var bucket = store.CreateBucket(Name);
        on = OnNewNode(work.Combine("node"), Resource(Name, store.Endpoint, bucket, backupExtra: "keep: 1", s3Extra: "keep: 5"));
        // Room for two dumps of ~400 KiB and the free-space margin (a quarter and 64 KiB), not for a third.
        volume = SmallVolume.Mount(on.ClaimFolder(Claim), 1150 * 1024);
        on.StartServer();
        on.Sql($"""
            CREATE TABLE {Database}.blobs (id INT AUTO_INCREMENT PRIMARY KEY, payload LONGBLOB);
            INSERT INTO {Database}.blobs (payload) SELECT RANDOM_BYTES(1024) FROM {Database}.seq_1_to_400;
            """);

        JobRun outage;
        using (store.Down())
        {
            outage = on.RunCronJob($"backup-{Name}");
        }

        Assert.False(outage.Succeeded, outage.ToString());
        Assert.Equal(3, outage.Pods.Count); // backoffLimit 2
        var waiting = LocalDumps(on, Name);
        Assert.Equal(2, waiting.Count); // the first two attempts dumped; keep: 1 pruned neither, both wait for the store
        Assert.All(waiting, dump => Assert.True(File.Exists(Path.Combine(on.ClaimFolder(Claim), dump + ".pending-upload")), dump));
        var full = outage.Last;
        Assert.Contains("not enough space on the backup volume /backup", full.Logs("backup"));
        Assert.Contains("not yet copied off the cluster", full.Logs("backup"));
        Assert.Contains($"keeping /backup/{waiting[0]}: it is not copied off the cluster yet", full.Logs("backup"));

        var caughtUp = on.RunCronJob($"backup-{Name}");

        // Its first attempt takes no dump (the volume is still full of waiting dumps) and uploads them, then fails
        // saying so; the Job's retry finds them prunable and dumps.
        Assert.True(caughtUp.Succeeded, caughtUp.ToString());
        Assert.Equal(2, caughtUp.Pods.Count);
        var first = caughtUp.Pods[0];
        Assert.Equal(0, first.ExitCode("backup"));
        Assert.Contains("no dump was taken in this run, 2 dump(s) wait for their upload", first.Logs("backup"));
        Assert.Contains("\"result\":\"failed\"", first.Logs("backup")); // its status line
        Assert.Contains("not enough space on the backup volume /backup", first.TerminationMessage("upload"));
        Assert.Contains("They are in the bucket now, so the next run can prune them and dump again", first.TerminationMessage("upload"));
        var now = Assert.Single(LocalDumps(on, Name)); // keep: 1, and the older ones are in the bucket
        Assert.Equal([.. waiting, now], CompleteRemoteDumps(store, bucket, Name));
        Assert.Empty(Directory.EnumerateFiles(on.ClaimFolder(Claim), "*.pending-upload"));
        Assert.False(File.Exists(Path.Combine(on.ClaimFolder(Claim), $"{Name}.no-room")));
    }
}
