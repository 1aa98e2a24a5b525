using static MySqlRender.Tests.OffClusterBackups.S3Fixtures;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// The server pod's fetch init container (templates/scripts/s3-fetch.sh) against s3rver, run as the pod runs it:
/// which remote dump it brings into the backup volume (newest complete and verified, falling back past a corrupt
/// one), when it does nothing (initialised data directory, source local, a newer local dump), cloning another
/// prefix read-only, and client-side encryption.
/// </summary>
public sealed class S3FetchTests(S3Server server) : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void A_new_cluster_gets_the_newest_complete_dump_and_skips_a_corrupt_one_and_one_without_checksum()
    {
        var (instance, writer, bucket) = Prepare("orders-db");
        foreach (var stamp in new[] { "20260101T030000Z", "20260102T030000Z", "20260103T030000Z", "20260104T030000Z" })
        {
            WriteDump(writer.BackupFolder, "orders-db", stamp, $"INSERT INTO t VALUES ('{stamp}');");
        }
        Assert.Equal(0, writer.Run(instance, "s3-upload.sh").ExitCode);
        // The newest lost its checksum (an upload cut short); the second newest was corrupted at rest.
        server.Delete(bucket, "orders-db/orders-db-20260104T030000Z.sql.gz.sha256");
        var corrupt = server.ObjectFile(bucket, "orders-db/orders-db-20260103T030000Z.sql.gz");
        var bytes = File.ReadAllBytes(corrupt);
        bytes[bytes.Length / 2] ^= 0xFF;
        server.Overwrite(bucket, "orders-db/orders-db-20260103T030000Z.sql.gz", bytes);
        var cluster = NewCluster();

        var fetch = cluster.Run(instance, "s3-fetch.sh");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Contains($"skipping s3://{bucket}/orders-db/orders-db-20260103T030000Z.sql.gz: sha256 mismatch", fetch.Output);
        Assert.DoesNotContain("orders-db-20260104T030000Z", fetch.Output);
        var fetched = Path.Combine(cluster.BackupFolder, "orders-db-20260102T030000Z.sql.gz");
        Assert.Contains("INSERT INTO t VALUES ('20260102T030000Z');", Gunzip(fetched));
        Assert.Equal($"{Sha256(fetched)}  orders-db-20260102T030000Z.sql.gz\n", File.ReadAllText(fetched + ".sha256"));
        Assert.Equal("orders-db-20260102T030000Z.sql.gz\n", File.ReadAllText(Path.Combine(cluster.BackupFolder, "orders-db.fetched")));
        Assert.Equal(["orders-db-20260102T030000Z.sql.gz", "orders-db-20260102T030000Z.sql.gz.sha256", "orders-db.fetched"],
            Directory.EnumerateFiles(cluster.BackupFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(fetch.LeftInTmp);
    }

    [Fact]
    public void Nothing_is_fetched_for_an_initialised_data_directory_for_source_local_or_when_the_volume_is_newer()
    {
        var (instance, bucket) = Uploaded("idle-db", ("20260101T030000Z", "INSERT INTO t VALUES (1);"));

        var initialised = NewCluster();
        Directory.CreateDirectory(Path.Combine(initialised.DataFolder, "data", "mysql"));
        var local = NewCluster();
        var localOnly = Instance(work.Combine("local"), "idle-db", server, bucket, specExtra: "restore:\n  source: local");
        var newer = NewCluster();
        WriteDump(newer.BackupFolder, "idle-db", "20260105T030000Z", "INSERT INTO t VALUES (5);", pinned: false);

        var runs = new[] { initialised.Run(instance, "s3-fetch.sh"), local.Run(localOnly, "s3-fetch.sh"), newer.Run(instance, "s3-fetch.sh") };

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Contains("the data directory is initialised; nothing to fetch", runs[0].Output);
        Assert.Contains("restore.source is local; not looking in the bucket", runs[1].Output);
        Assert.Contains("idle-db-20260105T030000Z.sql.gz (not drilled) ranks before", runs[2].Output);
        Assert.Empty(Directory.EnumerateFiles(initialised.BackupFolder));
        Assert.Empty(Directory.EnumerateFiles(local.BackupFolder));
        Assert.False(File.Exists(Path.Combine(newer.BackupFolder, "idle-db-20260101T030000Z.sql.gz")));

        var fromBucket = Instance(work.Combine("s3"), "idle-db", server, bucket, specExtra: "restore:\n  source: s3");
        var forced = newer.Run(fromBucket, "s3-fetch.sh");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.True(File.Exists(Path.Combine(newer.BackupFolder, "idle-db-20260101T030000Z.sql.gz")), forced.ToString());
    }

    [Fact]
    public void Restore_from_fetches_exactly_the_named_dump_when_the_volume_lacks_it()
    {
        var (instance, bucket) = Uploaded("named-db",
            ("20260101T030000Z", "INSERT INTO t VALUES ('first');"), ("20260102T030000Z", "INSERT INTO t VALUES ('second');"));
        var named = Instance(work.Combine("named"), "named-db", server, bucket,
            specExtra: "restore:\n  from: named-db-20260101T030000Z.sql.gz");
        var missing = Instance(work.Combine("missing"), "named-db", server, bucket,
            specExtra: "restore:\n  from: named-db-20250101T030000Z.sql.gz");
        var cluster = NewCluster();

        var fetch = cluster.Run(named, "s3-fetch.sh");
        var notThere = NewCluster().Run(missing, "s3-fetch.sh");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Equal(["named-db-20260101T030000Z.sql.gz", "named-db-20260101T030000Z.sql.gz.sha256", "named-db.fetched"],
            Directory.EnumerateFiles(cluster.BackupFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(1, notThere.ExitCode);
        Assert.Contains("named-db-20250101T030000Z.sql.gz is neither on the backup volume nor a complete dump in", notThere.Output);
    }

    [Fact]
    public void Only_corrupt_dumps_in_the_bucket_and_none_on_the_volume_fail_instead_of_starting_empty()
    {
        var (instance, bucket) = Uploaded("bad-db", ("20260101T030000Z", "INSERT INTO t VALUES (1);"));
        server.Overwrite(bucket, "bad-db/bad-db-20260101T030000Z.sql.gz.sha256",
            System.Text.Encoding.ASCII.GetBytes(new string('0', 64) + "  bad-db-20260101T030000Z.sql.gz\n"));

        var fetch = NewCluster().Run(instance, "s3-fetch.sh");

        Assert.Equal(1, fetch.ExitCode);
        Assert.Contains("sha256 mismatch", fetch.Output);
        Assert.Contains($"no complete dump in s3://{bucket}/bad-db/ passed verification", fetch.Output);
    }

    /// <summary>
    /// A dump the store lists but will not serve for now (503 SlowDown on its GET, after rclone's own retries) is not a
    /// bad dump: falling back to an older one would start the server without the newest writes, for good. The fetch
    /// fails, so the kubelet runs the init container again (its restart backoff); once the store serves the object,
    /// the next start takes the newest dump. Only a dump that arrives and fails verification is skipped.
    /// </summary>
    [Fact]
    public void A_dump_the_store_will_not_serve_fails_the_fetch_instead_of_restoring_an_older_dump()
    {
        var (instance, bucket) = Uploaded("flaky-db",
            ("20260101T030000Z", "INSERT INTO t VALUES ('older');"), ("20260102T030000Z", "INSERT INTO t VALUES ('newest');"));
        using var store = new FaultyStore(server.Endpoint);
        store.FailGets(bucket, "flaky-db/flaky-db-20260102T030000Z.sql.gz");
        var cluster = NewCluster();
        // The same server behind the fault-injecting proxy, and one rclone retry instead of three (speed only).
        var throughProxy = new Dictionary<string, string>
        {
            ["S3_ENDPOINT"] = store.Endpoint, ["RCLONE_RETRIES"] = "1", ["RCLONE_LOW_LEVEL_RETRIES"] = "1",
        };

        var failed = cluster.Run(instance, "s3-fetch.sh", throughProxy);

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.True(store.Refused > 0, failed.ToString());
        Assert.Contains($"could not download s3://{bucket}/flaky-db/flaky-db-20260102T030000Z.sql.gz", failed.Output);
        Assert.DoesNotContain("20260101T030000Z", failed.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cluster.BackupFolder)); // no older dump, no partial file

        store.Heal();
        var retried = cluster.Run(instance, "s3-fetch.sh", throughProxy);

        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Contains("'newest'", Gunzip(Path.Combine(cluster.BackupFolder, "flaky-db-20260102T030000Z.sql.gz")));
        Assert.Equal("flaky-db-20260102T030000Z.sql.gz\n", File.ReadAllText(Path.Combine(cluster.BackupFolder, "flaky-db.fetched")));
    }

    /// <summary>
    /// Through encryption, damage at rest shows during the download, not as a sha256 mismatch after it. A damaged
    /// crypt header is rclone's "not an encrypted file": that dump is skipped like any corrupt one and the previous one
    /// restores. A damaged data block is rclone 1.60's "unexpected EOF", which a cut connection also gives: the fetch
    /// fails rather than guess (an older dump would lose the newer writes), and says how to take the older one on
    /// purpose, which then restores.
    /// </summary>
    [Theory]
    [InlineData("header")]
    [InlineData("block")]
    public void An_encrypted_dump_damaged_at_rest_is_never_replaced_by_an_older_one_unnoticed(string damage)
    {
        const string encryption = "encryption:\n  secretRef:\n    name: backup-key";
        var name = $"scarred-{damage}";
        var (instance, writer, bucket) = Prepare(name, encryption);
        writer.Secrets["backup-key"] = new() { ["passphrase"] = "correct horse battery staple" };
        WriteDump(writer.BackupFolder, name, "20260101T030000Z", "INSERT INTO t VALUES ('older');");
        Assert.Equal(0, writer.Run(instance, "s3-upload.sh").ExitCode);
        var before = server.Keys(bucket).ToHashSet();
        WriteDump(writer.BackupFolder, name, "20260102T030000Z", "INSERT INTO t VALUES ('newest');");
        Assert.Equal(0, writer.Run(instance, "s3-upload.sh").ExitCode);
        foreach (var key in server.Keys(bucket).Where(k => !before.Contains(k))) // the newest dump's objects (names encrypted)
        {
            var bytes = File.ReadAllBytes(server.ObjectFile(bucket, key));
            bytes[damage == "header" ? 2 : ^5] ^= 0x5A; // the magic of the crypt header, or the authenticated data block
            server.Overwrite(bucket, key, bytes);
        }
        var cluster = NewCluster();
        cluster.Secrets["backup-key"] = new() { ["passphrase"] = "correct horse battery staple" };
        var older = Path.Combine(cluster.BackupFolder, $"{name}-20260101T030000Z.sql.gz");

        var fetch = cluster.Run(instance, "s3-fetch.sh");

        var newest = $"s3://{bucket}/{name}/{name}-20260102T030000Z.sql.gz";
        if (damage == "header")
        {
            Assert.True(fetch.ExitCode == 0, fetch.ToString());
            Assert.Contains($"skipping {newest}: its bytes do not decrypt", fetch.Output);
            Assert.Contains("'older'", Gunzip(older));
            return;
        }
        Assert.True(fetch.ExitCode == 1, fetch.ToString());
        Assert.Contains($"could not download {newest}", fetch.Output);
        Assert.Contains("or name an older dump in spec.restore.from", fetch.Output);
        Assert.False(File.Exists(older));
        var onPurpose = Instance(work.Combine("on-purpose"), name, server, bucket, encryption,
            specExtra: $"restore:\n  from: {name}-20260101T030000Z.sql.gz");
        var taken = cluster.Run(onPurpose, "s3-fetch.sh");
        Assert.True(taken.ExitCode == 0, taken.ToString());
        Assert.Contains("'older'", Gunzip(older));
    }

    [Fact]
    public void Cloning_reads_another_prefix_stores_the_dump_under_its_own_name_and_never_writes_to_that_prefix()
    {
        var (production, bucket) = Uploaded("prod-db", ("20260101T030000Z", "INSERT INTO t VALUES ('production');"));
        var before = BucketState(bucket);
        var staging = Instance(work.Combine("staging"), "staging-db", server, bucket, specExtra: "restore:\n  s3Prefix: prod-db");
        var cluster = NewCluster();

        var fetch = cluster.Run(staging, "s3-fetch.sh");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        var fetched = Path.Combine(cluster.BackupFolder, "staging-db-20260101T030000Z.sql.gz");
        Assert.Contains("'production'", Gunzip(fetched));
        Assert.Equal($"{Sha256(fetched)}  staging-db-20260101T030000Z.sql.gz\n", File.ReadAllText(fetched + ".sha256"));
        Assert.Equal(before, BucketState(bucket));
    }

    [Fact]
    public void With_encryption_no_object_holds_the_dump_or_its_name_and_the_fetch_decrypts()
    {
        const string encryption = "encryption:\n  secretRef:\n    name: backup-key";
        var (instance, writer, bucket) = Prepare("sealed-db", encryption);
        writer.Secrets["backup-key"] = new() { ["passphrase"] = "correct horse battery staple" };
        var dump = WriteDump(writer.BackupFolder, "sealed-db", "20260101T030000Z", "INSERT INTO t VALUES ('the secret row');");

        var upload = writer.Run(instance, "s3-upload.sh");

        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.Equal(3, server.Keys(bucket).Count); // the dump, its .sha256 and the writer object, under encrypted names
        AssertNothingReadable(bucket, dump);

        var cluster = NewCluster();
        cluster.Secrets["backup-key"] = new() { ["passphrase"] = "correct horse battery staple" };
        var fetch = cluster.Run(instance, "s3-fetch.sh");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Equal(File.ReadAllBytes(dump), File.ReadAllBytes(Path.Combine(cluster.BackupFolder, Path.GetFileName(dump))));

        var wrongKey = NewCluster();
        wrongKey.Secrets["backup-key"] = new() { ["passphrase"] = "another passphrase" };
        var refused = wrongKey.Run(instance, "s3-fetch.sh");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("cannot be decrypted with this passphrase", refused.Output);
        Assert.Contains("not starting with an empty database", refused.Output);
    }

    [Fact]
    public void Without_encryption_the_same_check_finds_the_dump_in_the_bucket()
    {
        // The positive control of AssertNothingReadable: the check does see a plaintext upload.
        var (instance, writer, bucket) = Prepare("plain-db");
        var dump = WriteDump(writer.BackupFolder, "plain-db", "20260101T030000Z", "INSERT INTO t VALUES ('the secret row');");
        Assert.Equal(0, writer.Run(instance, "s3-upload.sh").ExitCode);

        Assert.ThrowsAny<Exception>(() => AssertNothingReadable(bucket, dump));
    }

    /// <summary>No object contains the dump's bytes, its SQL, or its name (in content or key).</summary>
    private void AssertNothingReadable(string bucket, string dump)
    {
        var dumpBytes = File.ReadAllBytes(dump);
        var window = dumpBytes[10..Math.Min(dumpBytes.Length, 42)];
        var name = Path.GetFileName(dump);
        foreach (var file in server.ObjectFiles(bucket))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.False(bytes.AsSpan().IndexOf(window) >= 0, $"{file} holds the dump's bytes");
            var text = System.Text.Encoding.Latin1.GetString(bytes);
            Assert.DoesNotContain("the secret row", text);
            Assert.DoesNotContain("sealed-db-2026", text);
            Assert.DoesNotContain(name, file);
        }
    }

    /// <summary>Every object file's bytes and modification time: equal before and after means nothing was written.</summary>
    private SortedDictionary<string, string> BucketState(string bucket) => new(
        server.ObjectFiles(bucket).ToDictionary(f => f, f => $"{Sha256(f)} {File.GetLastWriteTimeUtc(f):O}"), StringComparer.Ordinal);

    private RcloneContainer NewCluster()
    {
        var root = work.Combine("cluster-" + Guid.NewGuid().ToString("N")[..8]);
        var pod = new RcloneContainer(root, Directory.CreateDirectory(Path.Combine(root, "backup")).FullName);
        pod.Secrets[CredentialsSecret] = Credentials();
        return pod;
    }

    /// <summary>A bucket holding the dumps (stamp, SQL) of <paramref name="name"/>, uploaded by its s3-upload.sh.</summary>
    private (Model.MySqlResource Instance, string Bucket) Uploaded(string name, params (string Stamp, string Sql)[] dumps)
    {
        var (instance, writer, bucket) = Prepare(name);
        foreach (var (stamp, sql) in dumps)
        {
            WriteDump(writer.BackupFolder, name, stamp, sql);
        }
        Assert.Equal(0, writer.Run(instance, "s3-upload.sh").ExitCode);
        return (instance, bucket);
    }

    private (Model.MySqlResource Instance, RcloneContainer Writer, string Bucket) Prepare(string name, string s3Extra = "")
    {
        server.Start();
        var bucket = server.CreateBucket(name);
        var instance = Instance(work.Combine("input", name), name, server, bucket, s3Extra);
        return (instance, NewCluster(), bucket);
    }
}
