using MySqlRender.Tests.BackupRestore;
using static MySqlRender.Tests.OffClusterBackups.S3Fixtures;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// The backup pod's rclone container (templates/scripts/s3-upload.sh) against a real S3-protocol server (s3rver)
/// on loopback, run as the pod runs it (<see cref="RcloneContainer"/>): upload order, catch-up after a failed upload,
/// remote retention, two writers on one prefix, and the errors a user must be able to read.
/// </summary>
public sealed class S3UploadTests(S3Server server) : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void A_verified_dump_is_uploaded_with_its_checksum_and_then_unpinned()
    {
        var (instance, pod, bucket) = Prepare("orders-db");
        var dump = WriteDump(pod.BackupFolder, "orders-db", "20260101T030000Z", "INSERT INTO t VALUES (1);");

        var run = pod.Run(instance, "s3-upload.sh");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["orders-db/mysqlrender-writer", "orders-db/orders-db-20260101T030000Z.sql.gz",
            "orders-db/orders-db-20260101T030000Z.sql.gz.sha256"], server.Keys(bucket));
        Assert.Equal(File.ReadAllBytes(dump), File.ReadAllBytes(server.ObjectFile(bucket, "orders-db/orders-db-20260101T030000Z.sql.gz")));
        Assert.Equal(File.ReadAllText(dump + ".sha256"),
            File.ReadAllText(server.ObjectFile(bucket, "orders-db/orders-db-20260101T030000Z.sql.gz.sha256")));
        Assert.False(File.Exists(dump + ".pending-upload"), "the pin stays after a confirmed upload");
        Assert.True(File.Exists(dump), "the local dump is kept (local retention is backup.sh's)");
        Assert.Contains($"uploaded s3://{bucket}/orders-db/orders-db-20260101T030000Z.sql.gz and its .sha256", run.Output);
        Assert.Empty(run.LeftInTmp);
    }

    [Fact]
    public void A_dump_that_does_not_match_its_checksum_is_not_uploaded_and_stays_pinned()
    {
        var (instance, pod, bucket) = Prepare("torn-db");
        var dump = WriteDump(pod.BackupFolder, "torn-db", "20260101T030000Z", "INSERT INTO t VALUES (1);");
        var bytes = File.ReadAllBytes(dump);
        File.WriteAllBytes(dump, bytes[..(bytes.Length / 2)]);

        var run = pod.Run(instance, "s3-upload.sh");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not uploaded: sha256 mismatch", run.Output);
        Assert.DoesNotContain(server.Keys(bucket), key => key.EndsWith(".sql.gz", StringComparison.Ordinal));
        Assert.True(File.Exists(dump + ".pending-upload"));
    }

    /// <summary>
    /// The rclone image's sh has no pipefail (busybox ash): a key read inside the pipe to `rclone obscure` would fail
    /// unseen and encrypt with an empty passphrase, dumps no later key can decrypt.
    /// </summary>
    [Fact]
    public void An_empty_encryption_passphrase_fails_the_upload_and_nothing_reaches_the_bucket()
    {
        var (instance, pod, bucket) = Prepare("nokey-db", "encryption:\n  secretRef:\n    name: backup-key");
        pod.Secrets["backup-key"] = new() { ["passphrase"] = "" };
        var dump = WriteDump(pod.BackupFolder, "nokey-db", "20260101T030000Z", "INSERT INTO t VALUES (1);");

        var run = pod.Run(instance, "s3-upload.sh");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/passphrase is empty", run.Output);
        Assert.DoesNotContain(server.Keys(bucket), key => !key.EndsWith("mysqlrender-writer", StringComparison.Ordinal));
        Assert.True(File.Exists(dump + ".pending-upload"), "the dump stays pinned for the next run");
    }

    [Fact]
    public void When_the_store_is_down_the_job_fails_keeps_the_dump_pinned_and_the_next_run_uploads_both()
    {
        var (instance, pod, bucket) = Prepare("down-db");
        var first = WriteDump(pod.BackupFolder, "down-db", "20260101T030000Z", "INSERT INTO t VALUES (1);");
        // Override: the endpoint is a closed port on loopback (the store is down); everything else as rendered.
        var down = new Dictionary<string, string> { ["S3_ENDPOINT"] = "http://127.0.0.1:1" };

        var failed = pod.Run(instance, "s3-upload.sh", down);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"cannot list s3://{bucket}/down-db/", failed.Output);
        Assert.Contains("connection refused", failed.Output);
        Assert.True(File.Exists(first) && File.Exists(first + ".pending-upload"), "the dump must stay, pinned");
        Assert.Empty(server.Keys(bucket));

        var second = WriteDump(pod.BackupFolder, "down-db", "20260102T030000Z", "INSERT INTO t VALUES (2);");
        var caughtUp = pod.Run(instance, "s3-upload.sh");

        Assert.True(caughtUp.ExitCode == 0, caughtUp.ToString());
        Assert.Contains("down-db/down-db-20260101T030000Z.sql.gz.sha256", server.Keys(bucket));
        Assert.Contains("down-db/down-db-20260102T030000Z.sql.gz.sha256", server.Keys(bucket));
        Assert.False(File.Exists(first + ".pending-upload") || File.Exists(second + ".pending-upload"));
    }

    [Fact]
    public void Remote_retention_keeps_exactly_keep_complete_dumps_and_touches_nothing_else()
    {
        var (instance, pod, bucket) = Prepare("keep-db", s3Extra: "keep: 2");
        // Objects that are not this instance's complete dumps: another instance's dump, a note, an incomplete upload.
        var outside = Path.Combine(work.Path, "outside");
        WriteDump(outside, "other-db", "20250101T030000Z", "other");
        WriteDump(outside, "keep-db-eu", "20250101T030000Z", "an instance whose name starts with this one's");
        WriteDump(outside, "keep-db", "20250102T030000Z", "an old upload whose checksum never arrived", pinned: false);
        File.Delete(Path.Combine(outside, "keep-db-20250102T030000Z.sql.gz.sha256"));
        File.WriteAllText(Path.Combine(outside, "README.txt"), "written by a human");
        RcloneCli.CopyFolder(server, outside, bucket, "keep-db");

        var stamps = new[] { "20260101T030000Z", "20260102T030000Z", "20260103T030000Z", "20260104T030000Z" };
        foreach (var stamp in stamps)
        {
            WriteDump(pod.BackupFolder, "keep-db", stamp, $"INSERT INTO t VALUES ('{stamp}');");
            var run = pod.Run(instance, "s3-upload.sh");
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        var dumps = server.Keys(bucket, "keep-db/keep-db-").Where(k => !k.StartsWith("keep-db/keep-db-eu-", StringComparison.Ordinal));
        Assert.Contains("keep-db/keep-db-eu-20250101T030000Z.sql.gz.sha256", server.Keys(bucket));
        Assert.Equal(["keep-db/keep-db-20260103T030000Z.sql.gz", "keep-db/keep-db-20260103T030000Z.sql.gz.sha256",
            "keep-db/keep-db-20260104T030000Z.sql.gz", "keep-db/keep-db-20260104T030000Z.sql.gz.sha256"], dumps);
        Assert.Contains("keep-db/other-db-20250101T030000Z.sql.gz.sha256", server.Keys(bucket));
        Assert.Contains("keep-db/README.txt", server.Keys(bucket));
    }

    [Fact]
    public void The_newest_complete_dump_is_never_pruned_even_when_a_newer_upload_is_incomplete()
    {
        var (instance, pod, bucket) = Prepare("newest-db", s3Extra: "keep: 1");
        WriteDump(pod.BackupFolder, "newest-db", "20260101T030000Z", "INSERT INTO t VALUES (1);");
        Assert.Equal(0, pod.Run(instance, "s3-upload.sh").ExitCode);
        // A newer dump whose upload broke before its checksum: it does not count as complete.
        var broken = Path.Combine(work.Path, "broken");
        WriteDump(broken, "newest-db", "20260102T030000Z", "INSERT INTO t VALUES (2);", pinned: false);
        File.Delete(Path.Combine(broken, "newest-db-20260102T030000Z.sql.gz.sha256"));
        RcloneCli.CopyFolder(server, broken, bucket, "newest-db");
        File.Delete(Path.Combine(pod.BackupFolder, "newest-db-20260101T030000Z.sql.gz.pending-upload"));

        var run = pod.Run(instance, "s3-upload.sh");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("newest-db/newest-db-20260101T030000Z.sql.gz.sha256", server.Keys(bucket));
    }

    [Fact]
    public void Two_live_instances_writing_one_prefix_both_fail_with_a_message_and_upload_nothing_more()
    {
        var (instance, old, bucket) = Prepare("twin-db");
        WriteDump(old.BackupFolder, "twin-db", "20260101T030000Z", "INSERT INTO t VALUES ('old cluster');");
        Assert.Equal(0, old.Run(instance, "s3-upload.sh").ExitCode);
        // A restored copy in a new cluster: its own backup volume, the same bucket and prefix.
        var restored = new RcloneContainer(work.Combine("restored"), Directory.CreateDirectory(work.Combine("restored", "backup")).FullName);
        restored.Secrets[CredentialsSecret] = Credentials();
        WriteDump(restored.BackupFolder, "twin-db", "20260102T030000Z", "INSERT INTO t VALUES ('new cluster');");

        var takeOver = restored.Run(instance, "s3-upload.sh");
        Assert.True(takeOver.ExitCode == 0, takeOver.ToString());
        Assert.Contains($"taking over s3://{bucket}/twin-db/ from writer", takeOver.Output);

        WriteDump(old.BackupFolder, "twin-db", "20260103T030000Z", "INSERT INTO t VALUES ('old cluster again');");
        var oldAgain = old.Run(instance, "s3-upload.sh");
        WriteDump(restored.BackupFolder, "twin-db", "20260104T030000Z", "INSERT INTO t VALUES ('new cluster again');");
        var restoredAgain = restored.Run(instance, "s3-upload.sh");

        Assert.Equal(1, oldAgain.ExitCode);
        Assert.Contains($"two live instances write s3://{bucket}/twin-db/", oldAgain.Output);
        Assert.Equal(1, restoredAgain.ExitCode);
        Assert.Contains($"two live instances write s3://{bucket}/twin-db/", restoredAgain.Output);
        Assert.DoesNotContain("twin-db/twin-db-20260103T030000Z.sql.gz", server.Keys(bucket));
        Assert.DoesNotContain("twin-db/twin-db-20260104T030000Z.sql.gz", server.Keys(bucket));
        Assert.True(File.Exists(Path.Combine(old.BackupFolder, "twin-db-20260103T030000Z.sql.gz.pending-upload")));
    }

    [Fact]
    public void A_missing_bucket_an_unknown_access_key_and_an_unreachable_endpoint_are_clear_errors()
    {
        var (instance, pod, bucket) = Prepare("wrong-db");
        WriteDump(pod.BackupFolder, "wrong-db", "20260101T030000Z", "INSERT INTO t VALUES (1);");
        var missingBucket = Instance(work.Combine("missing"), "wrong-db", server, "no-such-bucket");

        var noBucket = pod.Run(missingBucket, "s3-upload.sh");
        // s3rver checks the access key id (not the secret: a wrong secret is accepted there, so it is not tested).
        pod.Secrets[CredentialsSecret] = Credentials(accessKey: "AKIANOTKNOWN");
        var badKey = pod.Run(instance, "s3-upload.sh");
        pod.Secrets[CredentialsSecret] = Credentials();
        // Override: a closed loopback port as the endpoint (nothing listens there).
        var started = DateTime.UtcNow;
        var unreachable = pod.Run(instance, "s3-upload.sh", new Dictionary<string, string> { ["S3_ENDPOINT"] = "http://127.0.0.1:1" });

        Assert.Equal(1, noBucket.ExitCode);
        Assert.Contains("cannot list s3://no-such-bucket/wrong-db/ (check the bucket name, the credentials and the endpoint", noBucket.Output);
        Assert.Contains("directory not found", noBucket.Output);
        Assert.Equal(1, badKey.ExitCode);
        Assert.Contains("InvalidAccessKeyId", badKey.Output);
        Assert.Contains($"cannot list s3://{bucket}/wrong-db/", badKey.Output);
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("connection refused", unreachable.Output);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "rclone's retries must be bounded");
        Assert.True(File.Exists(Path.Combine(pod.BackupFolder, "wrong-db-20260101T030000Z.sql.gz.pending-upload")));
    }

    [Fact]
    public void An_https_endpoint_with_a_private_ca_works_with_caSecretRef_and_fails_without()
    {
        server.Start();
        var https = server.Tls;
        var bucket = https.CreateBucket("tls-db");
        var withCa = Instance(work.Combine("with-ca"), "tls-db", https, bucket, "caSecretRef: {name: minio-ca}");
        var withoutCa = Instance(work.Combine("without-ca"), "tls-db", https, bucket);
        var pod = new RcloneContainer(work.Combine("pod"), Directory.CreateDirectory(work.Combine("pod", "backup")).FullName);
        pod.Secrets[CredentialsSecret] = Credentials();
        pod.Secrets["minio-ca"] = new() { ["ca.crt"] = https.CaCertificate };
        WriteDump(pod.BackupFolder, "tls-db", "20260101T030000Z", "INSERT INTO t VALUES (1);");

        var refused = pod.Run(withoutCa, "s3-upload.sh");
        var trusted = pod.Run(withCa, "s3-upload.sh");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("certificate signed by unknown authority", refused.Output);
        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.Contains("tls-db/tls-db-20260101T030000Z.sql.gz.sha256", https.Keys(bucket));
    }

    [Fact]
    public void The_secret_key_appears_in_no_argv_and_no_log()
    {
        const string secret = "s3-secret-7f3a9c-never-in-argv";
        var (instance, pod, _) = Prepare("argv-db", s3Extra: "encryption:\n  secretRef:\n    name: argv-key");
        pod.Secrets[CredentialsSecret] = Credentials(secret); // s3rver accepts any secret for its key
        pod.Secrets["argv-key"] = new() { ["passphrase"] = "passphrase-91d2e-never-in-argv" };
        WriteDump(pod.BackupFolder, "argv-db", "20260101T030000Z", "INSERT INTO t VALUES (1);");

        var secretSampler = new ArgvSampler(secret);
        var passphraseSampler = new ArgvSampler("passphrase-91d2e-never-in-argv");
        var run = pod.Run(instance, "s3-upload.sh");
        Thread.Sleep(50);
        secretSampler.Dispose();
        passphraseSampler.Dispose();

        Assert.Empty(passphraseSampler.Hits);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(secretSampler.Rounds > 10, $"the argv sampler ran only {secretSampler.Rounds} rounds");
        Assert.Empty(secretSampler.Hits);
        Assert.DoesNotContain(secret, run.Output);
        Assert.DoesNotContain("never-in-argv", run.Output);
    }

    private (Model.MySqlResource Instance, RcloneContainer Pod, string Bucket) Prepare(string name, string s3Extra = "")
    {
        server.Start();
        var bucket = server.CreateBucket(name);
        var instance = Instance(work.Combine("input", name), name, server, bucket, s3Extra);
        var pod = new RcloneContainer(work.Combine("pod"), Directory.CreateDirectory(work.Combine("pod", "backup")).FullName);
        pod.Secrets[CredentialsSecret] = Credentials();
        return (instance, pod, bucket);
    }
}
