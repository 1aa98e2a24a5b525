using MySqlRender.Shared;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MySqlRender.Model;
using MySqlRender.Rendering;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>Resources with spec.backup.s3 pointing at the test's s3rver, and dump files as backup.sh writes them.</summary>
public static class S3Fixtures
{
    public const string CredentialsSecret = "s3-credentials";

    /// <summary>Renders a MySQL resource (through the real binder and defaults) and returns its model.</summary>
    public static MySqlResource Instance(string folder, string name, S3Server server, string bucket, string s3Extra = "",
        string specExtra = "", int keep = 7)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "mysql.yaml");
        File.WriteAllText(file, $"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: {name}
            spec:
              database: shop
              passwordSecretRef:
                name: {name}-root
              storage_size: 1Gi
              backup:
                keep: {keep}
                s3:
                  bucket: {bucket}
                  endpoint: {server.Endpoint}
                  forcePathStyle: true
                  credentialsSecretRef:
                    name: {CredentialsSecret}
            {Indent(s3Extra, "      ")}
            {Indent(specExtra, "  ")}
            """);
        var result = RenderEngine.Render([file], new RenderOptions { DisplayRoot = folder });
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return Assert.Single(result.Instances);
    }

    public static Dictionary<string, string> Credentials(string secret = S3Server.SecretKey, string accessKey = S3Server.AccessKey) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = accessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secret,
    };

    /// <summary>
    /// A complete dump as backup.sh leaves it: NAME-STAMP.sql.gz with the "-- Dump completed" trailer, its .sha256,
    /// and (pinned) the .pending-upload marker written before the dump got its final name.
    /// </summary>
    public static string WriteDump(string folder, string instance, string stamp, string sql, bool pinned = true)
    {
        var name = $"{instance}-{stamp}.sql.gz";
        var path = Path.Combine(Directory.CreateDirectory(folder).FullName, name);
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(sql + "\n-- Dump completed on 2026-01-01  3:00:00\n"));
        }
        File.WriteAllText(path + ".sha256", $"{Sha256(path)}  {name}\n");
        if (pinned)
        {
            File.WriteAllText(path + ".pending-upload", "");
        }
        return path;
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public static string Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private static string Indent(string text, string indent) =>
        string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => indent + line));
}
