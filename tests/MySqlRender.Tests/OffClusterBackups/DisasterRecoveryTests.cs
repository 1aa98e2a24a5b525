using k8s.Models;
using MySqlRender.Tests.BackupRestore;
using static MySqlRender.Tests.OffClusterBackups.S3Fixtures;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// The disaster recovery end to end, with a real MariaDB and a real S3-protocol server on loopback: the
/// rendered backup CronJob dumps (<see cref="PodSandbox"/>), the rclone upload copies the dump off the cluster; the
/// cluster is lost (database, data directory and backup volume wiped); the fetch brings the dump back from the bucket
/// and the rendered restore loads it. Until the rclone containers are in the templates (after the Scriban move),
/// the S3 containers run from <see cref="RcloneContainer"/> with the environment the view model renders.
/// </summary>
public sealed class DisasterRecoveryTests(MariaDbServer mariaDb, S3Server server) : IClassFixture<MariaDbServer>, IDisposable
{
    private const string Database = "shop";
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Theory]
    [InlineData("plain", "")]
    [InlineData("encrypted", "encryption:\n  secretRef:\n    name: backup-key")]
    public void Every_row_comes_back_from_the_bucket_after_the_cluster_is_lost(string variant, string s3Extra)
    {
        var name = $"dr-{variant}";
        server.Start();
        var bucket = server.CreateBucket(name);
        var rendered = RenderedInstance.RenderResource(work.Combine("input", name), Resource(name, bucket, s3Extra));
        // The same instance as the S3 containers see it (pointing at the test's s3rver).
        var model = Instance(work.Combine("model", name), name, server, bucket, s3Extra);
        var pods = Prepare(rendered);
        var backupFolder = pods.ClaimFolder($"backup-{name}-pvc");
        var rclone = new RcloneContainer(work.Combine("rclone"), backupFolder);
        rclone.Secrets[CredentialsSecret] = Credentials();
        rclone.Secrets["backup-key"] = new() { ["passphrase"] = "a passphrase kept outside the cluster" };
        Fresh();
        var blob = string.Concat(Enumerable.Range(0, 256).Select(i => i.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        mariaDb.Sql($"""
            CREATE TABLE {Database}.orders (id INT PRIMARY KEY, customer VARCHAR(100), receipt LONGBLOB) CHARACTER SET utf8mb4;
            INSERT INTO {Database}.orders VALUES (1, 'alice', UNHEX('{blob}')), (2, 'Grüße 🐬', UNHEX(REPEAT('{blob}', 2048))),
                (3, 'a row nobody may read in the bucket', NULL);
            """);
        var before = Rows();

        var backup = pods.Run("CronJob", $"backup-{name}");
        var upload = rclone.Run(model, "s3-upload.sh");

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(upload.ExitCode == 0, upload.ToString());
        if (variant == "encrypted")
        {
            Assert.All(server.ObjectFiles(bucket), file => Assert.DoesNotContain("a row nobody may read",
                System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file))));
        }

        // The cluster is lost: the database, the restore marker and every file of the backup volume.
        Fresh();
        foreach (var file in Directory.EnumerateFiles(backupFolder))
        {
            File.Delete(file);
        }
        var newCluster = new RcloneContainer(work.Combine("new-cluster"), backupFolder);
        newCluster.Secrets[CredentialsSecret] = Credentials();
        newCluster.Secrets["backup-key"] = new() { ["passphrase"] = "a passphrase kept outside the cluster" };

        var fetch = newCluster.Run(model, "s3-fetch.sh");
        var restore = pods.Run("Job", $"restore-{name}-job");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("restored ", restore.Output);
        Assert.Equal(before, Rows());
    }

    private static string Resource(string name, string bucket, string s3Extra) => $"""
        apiVersion: otus.homework/v1
        kind: MySQL
        metadata:
          name: {name}
        spec:
          database: {Database}
          password: "dr-password"
          storage_size: 1Gi
          backup:
            s3:
              bucket: {bucket}
              endpoint: https://s3.example
              credentialsSecretRef:
                name: {CredentialsSecret}
        {string.Join('\n', s3Extra.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "      " + l))}

        """;

    private PodSandbox Prepare(RenderedInstance instance)
    {
        mariaDb.Start();
        var secret = instance.Objects.OfType<V1Secret>().Single();
        var passwordFile = work.Combine("root-password");
        File.WriteAllBytes(passwordFile, secret.Data["password"]);
        mariaDb.SetRootPassword(passwordFile);
        return new PodSandbox(instance, mariaDb, work.Combine("pods"));
    }

    private void Fresh() => mariaDb.Sql(
        $"DROP DATABASE IF EXISTS {Database}; CREATE DATABASE {Database} CHARACTER SET utf8mb4; DROP DATABASE IF EXISTS mysqlrender;");

    private string Rows() => mariaDb.Sql($"SELECT id, customer, LENGTH(receipt), SHA2(receipt, 256) FROM {Database}.orders ORDER BY id");
}
