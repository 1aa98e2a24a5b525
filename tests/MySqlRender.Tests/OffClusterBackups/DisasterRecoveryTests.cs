using k8s.Models;
using MySqlRender.Tests.BackupRestore;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// The disaster recovery end to end, with the RENDERED pods on the kubelet model (<see cref="KubeletNode"/>:
/// init containers run in order to completion before the containers, Kubernetes docs "Init Containers") and a real
/// S3-protocol server on loopback: the server pod is the rendered Deployment (the fetch init container, then issue
/// 13's server init, <see cref="ServerInitPodShape"/>, then the mysql image's entrypoint model on Debian's MariaDB);
/// the rendered backup CronJob dumps in its init container and its upload container copies the dump to the bucket.
/// The cluster is then lost (the server pod, the data volume and the backup volume); the same rendering on a new node
/// brings every row back from the bucket. The rclone containers run the rclone/rclone image's userland
/// (<see cref="RcloneImage"/>: busybox and rclone only on PATH).
/// </summary>
public sealed class DisasterRecoveryTests(S3Server server) : IDisposable
{
    private const string Database = "shop";
    private const string Passphrase = "a passphrase kept outside the cluster";
    private const string SecretRow = "a row nobody may read in the bucket";
    private readonly TempFolder work = new();
    private readonly List<InstanceOnNode> nodes = [];

    public void Dispose()
    {
        nodes.ForEach(n => n.Dispose());
        work.Dispose();
    }

    [Theory]
    [InlineData("plain", "")]
    [InlineData("encrypted", "encryption:\n  secretRef:\n    name: backup-key\n    key: passphrase")]
    public void Every_row_comes_back_from_the_bucket_after_the_cluster_is_lost(string variant, string s3Extra)
    {
        var name = $"dr-{variant}";
        server.Start();
        var bucket = server.CreateBucket(name);
        var rendered = RenderedInstance.RenderResource(work.Combine("input", name), Resource(name, bucket, s3Extra));
        var old = OnNode(rendered);
        old.StartServer();
        var blob = string.Concat(Enumerable.Range(0, 256).Select(i => i.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        old.Sql($"""
            CREATE TABLE {Database}.orders (id INT PRIMARY KEY, customer VARCHAR(100), receipt LONGBLOB) CHARACTER SET utf8mb4;
            INSERT INTO {Database}.orders VALUES (1, 'alice', UNHEX('{blob}')), (2, 'Grüße 🐬', UNHEX(REPEAT('{blob}', 2048))),
                (3, '{SecretRow}', NULL);
            """);
        var before = Rows(old);

        var backup = old.RunCronJob($"backup-{name}");

        Assert.True(backup.Succeeded, backup.ToString());
        Assert.Equal(["backup"], backup.Last.Spec.InitContainers.Select(c => c.Name));
        Assert.Contains("uploaded", backup.Last.Logs("upload"));
        Assert.NotEmpty(server.Keys(bucket));
        if (variant == "plain")
        {
            Assert.Contains(server.Keys(bucket), key => key.EndsWith(".sql.gz.sha256", StringComparison.Ordinal));
        }
        else
        {
            Assert.All(server.ObjectFiles(bucket), file => Assert.DoesNotContain(SecretRow,
                System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file))));
            Assert.DoesNotContain(server.Keys(bucket), key => key.Contains(".sql.gz", StringComparison.Ordinal)); // names too
        }

        // The cluster is lost: the node with its server pod, data volume and backup volume.
        old.Dispose();
        nodes.Remove(old);
        var rebuilt = OnNode(RenderedInstance.RenderResource(work.Combine("input-again", name), Resource(name, bucket, s3Extra)));
        var restored = rebuilt.StartServer();

        Assert.Contains("fetched", restored.Logs("fetch"));
        Assert.Equal(before, Rows(rebuilt));
    }

    private InstanceOnNode OnNode(RenderedInstance instance)
    {
        var on = new InstanceOnNode(work.Combine($"node-{nodes.Count}"), instance); // the rendered Deployment: fetch, then server-init
        nodes.Add(on);
        on.Node.Images[RcloneImageOnNode.Repository] = RcloneImageOnNode.Model;
        on.Node.Apply([
            Secret(S3Fixtures.CredentialsSecret, S3Fixtures.Credentials()),
            Secret("backup-key", new Dictionary<string, string> { ["passphrase"] = Passphrase }),
        ]);
        return on;
    }

    private static V1Secret Secret(string name, Dictionary<string, string> data) => new()
    {
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name },
        Data = data.ToDictionary(d => d.Key, d => System.Text.Encoding.UTF8.GetBytes(d.Value)),
    };

    private string Resource(string name, string bucket, string s3Extra) => $"""
        {TestResource.Opening(name, Database, "password: \"dr-password\"")}
          backup:
            s3:
              bucket: {bucket}
              endpoint: {server.Endpoint}
              forcePathStyle: true
              credentialsSecretRef:
                name: {S3Fixtures.CredentialsSecret}
        {string.Join('\n', s3Extra.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "      " + l))}

        """;

    private static string Rows(InstanceOnNode on) =>
        on.Sql($"SELECT id, customer, LENGTH(receipt), SHA2(receipt, 256) FROM {Database}.orders ORDER BY id");
}
