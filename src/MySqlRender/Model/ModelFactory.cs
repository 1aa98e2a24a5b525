using MySqlRender.Input;
using MySqlRender.Schema;

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
            ReadSpec(spec));
    }

    private static MySqlSpec ReadSpec(FieldReader spec)
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
            HostPath: spec.Has("hostPath") ? spec.Object("hostPath").RequiredString("path") : null,
            Backup: ReadBackup(spec.Object("backup"), storageClass),
            Restore: ReadRestore(spec.Object("restore")),
            Retired: spec.Boolean("retired"));
        return read with { Deadlines = ReadDeadlines(spec.Object("deadlines"), read.Deadlines) };
    }

    private static JobDeadlines ReadDeadlines(FieldReader deadlines, JobDeadlines defaults) => new(
        deadlines.OptionalInteger("backupSeconds") ?? defaults.BackupSeconds,
        deadlines.OptionalInteger("restoreSeconds") ?? defaults.RestoreSeconds,
        deadlines.OptionalInteger("hookSeconds") ?? defaults.HookSeconds);

    private static SecretKeyRef ReadSecretRef(FieldReader reference) =>
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
        Resources: ReadResources(backup.Object("resources"), ComputeDefaults.Jobs))
    {
        BeforeChange = backup.String("beforeChange"),
    };

    private static RestoreSpec ReadRestore(FieldReader restore) =>
        new(restore.Boolean("enabled"), restore.String("from"));

    /// <summary>Each key the user gives replaces the default of that key; the others keep their defaults.</summary>
    private static ComputeResources ReadResources(FieldReader resources, ComputeResources defaults) => new(
        Merge(defaults.Requests, resources.StringMap("requests")),
        Merge(defaults.Limits, resources.StringMap("limits")));

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
