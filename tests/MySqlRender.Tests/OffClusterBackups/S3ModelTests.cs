using MySqlRender.Shared;
using MySqlRender.Model;
using MySqlRender.Rendering;
using MySqlRender.Validation;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>spec.backup.s3 through the binder, defaults and rules into what the rclone containers get.</summary>
public sealed class S3ModelTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void Defaults_prefix_is_the_instance_name_keep_follows_backup_keep_and_aws_without_endpoint()
    {
        var (resource, _) = Render("""
              backup:
                keep: 9
                s3:
                  bucket: db-backups
                  serviceAccountName: backup-writer
            """);

        var s3 = resource!.Spec.Backup.S3!;
        Assert.Equal(("db-backups", "orders-db", 9L, "AWS", SchemaDefaultImage), (s3.Bucket, s3.Prefix, s3.Keep, s3.Provider, s3.Image));
        var env = S3ViewModel.UploadEnv(resource.Name, s3).ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("AWS", env["S3_PROVIDER"]);
        Assert.False(env.ContainsKey("S3_CREDENTIALS_DIR"), "no Secret: workload identity (env_auth)");
        Assert.False(env.ContainsKey("S3_ENDPOINT"));
        Assert.Equal("9", env["S3_KEEP"]);
        Assert.Equal("backup-writer", S3ViewModel.Build(resource)!["serviceAccountName"]);
    }

    [Fact]
    public void Secrets_reach_the_containers_only_as_file_paths()
    {
        var (resource, _) = Render("""
              backup:
                s3:
                  bucket: db-backups
                  prefix: prod/orders
                  endpoint: https://minio.example:9000
                  region: eu-central-1
                  forcePathStyle: true
                  credentialsSecretRef: {name: s3-credentials}
                  caSecretRef: {name: minio-ca}
                  encryption: {secretRef: {name: backup-key, key: pass}}
                  keep: 30
              restore:
                source: s3
                s3Prefix: prod/other
            """);

        var s3 = resource!.Spec.Backup.S3!;
        var upload = S3ViewModel.UploadEnv(resource.Name, s3).ToDictionary(e => e.Name, e => e.Value);
        var fetch = S3ViewModel.FetchEnv(resource, s3).ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("/etc/mysqlrender/s3-credentials", upload["S3_CREDENTIALS_DIR"]);
        Assert.Equal("/etc/mysqlrender/s3-ca/ca.crt", upload["S3_CA_FILE"]);
        Assert.Equal("/etc/mysqlrender/s3-encryption/passphrase", upload["S3_ENCRYPTION_KEY_FILE"]);
        Assert.Equal(("Other", "true", "prod/orders", "30"), (upload["S3_PROVIDER"], upload["S3_FORCE_PATH_STYLE"], upload["S3_PREFIX"], upload["S3_KEEP"]));
        Assert.Equal(("s3", "prod/other", "prod/orders"), (fetch["RESTORE_SOURCE"], fetch["S3_SOURCE_PREFIX"], fetch["S3_PREFIX"]));
        Assert.False(fetch.ContainsKey("S3_KEEP"), "the fetch never deletes, so it is not told what to keep");
        var volumes = ((List<object?>)S3ViewModel.Build(resource)!["secretVolumes"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(["s3-credentials", "minio-ca", "backup-key"], volumes.Select(v => (string)v["secretName"]!));
        var encryptionItem = ((List<object?>)volumes[2]["items"]!).Cast<Dictionary<string, object?>>().Single();
        Assert.Equal(("pass", "passphrase"), ((string)encryptionItem["key"]!, (string)encryptionItem["path"]!));
    }

    [Fact]
    public void Plain_http_without_encryption_and_a_custom_endpoint_without_credentials_are_warned_about()
    {
        var (_, diagnostics) = Render("""
              backup:
                s3:
                  bucket: db-backups
                  endpoint: http://minio.internal:9000
            """);

        Assert.Contains(diagnostics, d => d is { Code: DiagnosticCodes.S3PlainHttp, Severity: Severity.Warning });
        Assert.Contains(diagnostics, d => d is { Code: DiagnosticCodes.S3NoCredentials, Severity: Severity.Warning });
        Assert.All(diagnostics, d => Assert.Equal("mysql.yaml", Path.GetFileName(d.File)));
    }

    [Fact]
    public void Https_with_credentials_and_no_s3_at_all_give_no_s3_warning()
    {
        var (_, secure) = Render("""
              backup:
                s3:
                  bucket: db-backups
                  endpoint: https://minio.internal:9000
                  credentialsSecretRef: {name: s3-credentials}
            """);
        var (plain, none) = Render("");

        Assert.DoesNotContain(secure.Concat(none), d => d.Code is DiagnosticCodes.S3PlainHttp or DiagnosticCodes.S3NoCredentials);
        Assert.Null(plain!.Spec.Backup.S3);
        Assert.Null(S3ViewModel.Build(plain));
        Assert.Equal("auto", plain.Spec.Restore.Source);
    }

    private static string SchemaDefaultImage => Schema.MySqlSchema.DefaultRcloneImage;

    private (MySqlResource? Resource, IReadOnlyList<Diagnostic> Diagnostics) Render(string specExtra)
    {
        var file = work.Write($"{Guid.NewGuid():N}/mysql.yaml", """
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: orders-db
            spec:
              database: orders
              passwordSecretRef:
                name: orders-root
              storage_size: 1Gi

            """ + specExtra);
        var result = RenderEngine.Render([file], new RenderOptions { DisplayRoot = Path.GetDirectoryName(file)! });
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return (result.Instances.SingleOrDefault(), result.Diagnostics);
    }
}
