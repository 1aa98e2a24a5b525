using System.Text;
using k8s.Models;
using MySqlRender.Tests.BackupRestore;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// An instance with spec.backup.s3 pointing at a test's s3rver, rendered by the CLI and applied to a kubelet-model
/// node (<see cref="InstanceOnNode"/>) that runs the rclone/rclone image model (<see cref="RcloneImageOnNode"/>) and
/// holds the S3 credentials Secret the resource names, as a user creates it beside the rendered objects.
/// </summary>
public static class S3InstanceOnNode
{
    public const string Database = "shop";

    /// <summary>A MySQL resource; <paramref name="backupExtra"/> and <paramref name="s3Extra"/> are YAML lines added under backup and backup.s3.</summary>
    public static string Resource(string name, string endpoint, string bucket, string backupExtra = "", string s3Extra = "",
        string credentialsSecret = S3Fixtures.CredentialsSecret) => $"""
        {TestResource.Opening(name, Database, "password: \"s3-scenario-password\"")}
          backup:
        {Indent(backupExtra, "    ")}
            s3:
              bucket: {bucket}
              endpoint: {endpoint}
              forcePathStyle: true
              credentialsSecretRef:
                name: {credentialsSecret}
        {Indent(s3Extra, "      ")}

        """;

    /// <summary>Renders <paramref name="resource"/> and runs it on a new node in <paramref name="folder"/>.</summary>
    public static InstanceOnNode OnNewNode(string folder, string resource, params V1Secret[] secrets)
    {
        var node = new InstanceOnNode(Path.Combine(folder, "node"), Render(Path.Combine(folder, "input"), resource));
        node.Node.Images[RcloneImageOnNode.Repository] = RcloneImageOnNode.Model;
        node.Node.Apply([Secret(S3Fixtures.CredentialsSecret, S3Fixtures.Credentials()), .. secrets]);
        return node;
    }

    public static RenderedInstance Render(string folder, string resource) => RenderedInstance.RenderResource(folder, resource);

    public static V1Secret Secret(string name, Dictionary<string, string> data) => new()
    {
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name },
        Data = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)),
    };

    /// <summary>The dump names of an instance that are complete in the bucket (their .sha256 object exists), oldest first.</summary>
    public static IReadOnlyList<string> CompleteRemoteDumps(S3Server server, string bucket, string prefix)
    {
        var keys = server.Keys(bucket, prefix + "/");
        return [.. keys.Where(k => k.EndsWith(".sql.gz", StringComparison.Ordinal) && keys.Contains(k + ".sha256"))
            .Select(k => k[(prefix.Length + 1)..])];
    }

    /// <summary>Every dump object of an instance in the bucket, complete or not, oldest first.</summary>
    public static IReadOnlyList<string> RemoteDumps(S3Server server, string bucket, string prefix) =>
        [.. server.Keys(bucket, prefix + "/").Where(k => k.EndsWith(".sql.gz", StringComparison.Ordinal)).Select(k => k[(prefix.Length + 1)..])];

    /// <summary>The dumps on the backup volume (complete: their final name), oldest first.</summary>
    public static IReadOnlyList<string> LocalDumps(InstanceOnNode on, string name) =>
        [.. Directory.EnumerateFiles(on.ClaimFolder($"backup-{name}-pvc"), $"{name}-*.sql.gz").Select(Path.GetFileName).Order(StringComparer.Ordinal).OfType<string>()];

    private static string Indent(string text, string indent) =>
        string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => indent + line));
}
