using MySqlRender.Schema;
using MySqlRender.Shared;

namespace MySqlRender.Model;

/// <summary>Builds the <see cref="MySqlResource"/> of a document that passed schema checks, applying defaults.</summary>
public static class ModelFactory
{
    public static MySqlResource Create(SourceDocument document, string? defaultNamespace)
    {
        var root = new FieldReader((YMapping)document.Root, MySqlSchema.Resource);
        var metadata = root.Object("metadata");
        var spec = root.Object("spec");
        return new MySqlResource(
            document,
            metadata.RequiredString("name"),
            metadata.String("namespace") ?? defaultNamespace,
            ReadSpec(spec, metadata.RequiredString("name")));
    }

    private static MySqlSpec ReadSpec(FieldReader spec, string metadataName)
    {
        var storageClass = spec.String("storageClassName");
        var read = new MySqlSpec(
            Image: spec.RequiredString("image"),
            Database: spec.RequiredString("database"),
            Password: spec.String("password"),
            PasswordSecretRef: spec.Has("passwordSecretRef") ? ReadSecretRef(spec.Object("passwordSecretRef")) : null,
            StorageSize: spec.RequiredString("storage_size"),
            StorageClassName: storageClass,
            Resources: ReadResources(spec.Object("resources"), ComputeDefaults.MySql),
            HostPath: spec.Has("hostPath") ? ReadHostPath(spec.Object("hostPath")) : null,
            Backup: ReadBackup(spec.Object("backup"), storageClass) with { S3 = ReadS3(spec.Object("backup"), metadataName) },
            Restore: ReadRestore(spec.Object("restore")),
            Retired: spec.Boolean("retired"),
            Monitoring: new MonitoringSpec(spec.Object("monitoring").Boolean("prometheusRule")),
            Platform: PlatformReader.Read(spec));
        return read with { Deadlines = ReadDeadlines(spec.Object("deadlines"), read.Deadlines) };
    }

    private static HostPathSpec ReadHostPath(FieldReader hostPath) => new(hostPath.RequiredString("path"), hostPath.String("node"));

    private static JobDeadlines ReadDeadlines(FieldReader deadlines, JobDeadlines defaults) => new(
        deadlines.OptionalInteger("backupSeconds") ?? defaults.BackupSeconds,
        deadlines.OptionalInteger("restoreSeconds") ?? defaults.RestoreSeconds);

    internal static SecretKeyRef ReadSecretRef(FieldReader reference) =>
        new(reference.RequiredString("name"), reference.RequiredString("key"));

    private static BackupSpec ReadBackup(FieldReader backup, string? instanceStorageClass) => new(
        Enabled: backup.Boolean("enabled"),
        Schedule: backup.RequiredString("schedule"),
        TimeZone: backup.String("timeZone"),
        Keep: backup.Integer("keep"),
        Suspend: backup.Boolean("suspend"),
        PreDeleteHook: backup.Boolean("preDeleteHook"),
        StorageSize: backup.RequiredString("storageSize"),
        StorageClassName: backup.String("storageClassName") ?? instanceStorageClass,
        Resources: ReadResources(backup.Object("resources"), ComputeDefaults.Jobs),
        Verify: ReadVerify(backup.Object("verify")))
    {
        BeforeChange = backup.String("beforeChange"),
    };

    private static VerifySpec ReadVerify(FieldReader verify) => new(
        Enabled: verify.Boolean("enabled"),
        Schedule: verify.RequiredString("schedule"),
        Resources: ReadResources(verify.Object("resources"), ComputeDefaults.Drill));

    private static RestoreSpec ReadRestore(FieldReader restore) =>
        new(restore.Boolean("enabled"), restore.String("from"))
        {
            Source = restore.RequiredString("source"),
            S3Prefix = restore.String("s3Prefix"),
        };

    // i15: spec.backup.s3 (issue 15)
    private static S3Spec? ReadS3(FieldReader backup, string instance)
    {
        if (!backup.Has("s3"))
        {
            return null;
        }
        var s3 = backup.Object("s3");
        return new S3Spec(
            Bucket: s3.RequiredString("bucket"),
            Prefix: s3.String("prefix") ?? instance,
            Endpoint: s3.String("endpoint"),
            Region: s3.String("region"),
            ForcePathStyle: s3.Boolean("forcePathStyle"),
            CredentialsSecret: s3.Has("credentialsSecretRef") ? s3.Object("credentialsSecretRef").RequiredString("name") : null,
            ServiceAccountName: s3.String("serviceAccountName"),
            Ca: s3.Has("caSecretRef") ? ReadSecretRef(s3.Object("caSecretRef")) : null,
            EncryptionKey: s3.Has("encryption") ? ReadSecretRef(s3.Object("encryption").Object("secretRef")) : null,
            Keep: s3.Has("keep") ? s3.Integer("keep") : backup.Integer("keep"),
            Image: s3.RequiredString("image"));
    }

    /// <summary>Each key the user gives replaces the default of that key; the others keep their defaults.</summary>
    /// <remarks>A resource that sets neither shares the defaults: 10,000 instances would otherwise keep 80,000 equal maps.</remarks>
    internal static ComputeResources ReadResources(FieldReader resources, ComputeResources defaults)
    {
        var requests = resources.StringMap("requests");
        var limits = resources.StringMap("limits");
        return requests.Count == 0 && limits.Count == 0 ? defaults
            : new(Merge(defaults.Requests, requests), Merge(defaults.Limits, limits));
    }

    private static SortedDictionary<string, string> Merge(IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, string> given)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in defaults)
        {
            merged[key] = value;
        }
        foreach (var (key, value) in given)
        {
            merged[key] = value;
        }
        return merged;
    }
}
