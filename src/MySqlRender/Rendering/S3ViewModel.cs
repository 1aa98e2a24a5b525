using System.Globalization;
using MySqlRender.Model;

namespace MySqlRender.Rendering;

/// <summary>
/// What the rclone containers (upload in the backup pod, fetch in the server pod) need, as plain dictionaries: the
/// image, the environment the scripts read (templates/scripts/s3-lib.sh documents it) and the Secret volumes. Values
/// reach the scripts only through env and files; every secret stays in a Secret file.
/// </summary>
public static class S3ViewModel
{
    public const string BackupMount = "/backup";
    public const string DataVolumeMount = "/var/lib/mysql-volume";
    public const string DrillDumpFolder = "/scratch/dumps";
    public const string CredentialsMount = "/etc/mysqlrender/s3-credentials";
    public const string CaMount = "/etc/mysqlrender/s3-ca";
    public const string EncryptionMount = "/etc/mysqlrender/s3-encryption";
    public const string CaFile = "ca.crt";
    public const string PassphraseFile = "passphrase";
    public static readonly string[] CredentialKeys = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

    /// <summary>Null when spec.backup.s3 is unset (templates render no rclone container then).</summary>
    public static Dictionary<string, object?>? Build(MySqlResource resource)
    {
        if (resource.Spec.Backup.S3 is not { } s3)
        {
            return null;
        }
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["image"] = s3.Image,
            ["serviceAccountName"] = s3.ServiceAccountName,
            ["dataVolumeMount"] = DataVolumeMount,
            ["uploadEnv"] = EnvList(UploadEnv(resource.Name, s3)),
            ["fetchEnv"] = EnvList(FetchEnv(resource, s3)),
            ["drillEnv"] = EnvList(DrillEnv(resource.Name, s3)),
            ["drillDumpFolder"] = DrillDumpFolder,
            ["secretVolumes"] = SecretVolumes(s3),
        };
    }

    /// <summary>The upload container's environment, in the order it is rendered.</summary>
    public static IReadOnlyList<(string Name, string Value)> UploadEnv(string instance, S3Spec s3) =>
    [
        .. CommonEnv(instance, s3, s3.Prefix),
        ("S3_KEEP", s3.Keep.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The fetch init container's environment, in the order it is rendered.</summary>
    public static IReadOnlyList<(string Name, string Value)> FetchEnv(MySqlResource resource, S3Spec s3)
    {
        var env = new List<(string, string)>(CommonEnv(resource.Name, s3, s3.Prefix))
        {
            ("DATA_VOLUME", DataVolumeMount),
            ("RESTORE_SOURCE", resource.Spec.Restore.Source),
        };
        if (resource.Spec.Restore.S3Prefix is { } source)
        {
            env.Add(("S3_SOURCE_PREFIX", source));
        }
        if (resource.Spec.Restore.From is { } from)
        {
            env.Add(("RESTORE_FROM", from));
        }
        return env;
    }

    /// <summary>
    /// The drill's rclone containers (s3-drill-fetch.sh, s3-drill-report.sh): the newest complete dump of the
    /// instance's own prefix into the drill's scratch volume and the drill's report back next to it, so the drill
    /// needs neither the backup volume nor the database's node.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> DrillEnv(string instance, S3Spec s3) =>
        CommonEnv(instance, s3, s3.Prefix, DrillDumpFolder);

    private static List<(string, string)> CommonEnv(string instance, S3Spec s3, string prefix, string backupDir = BackupMount)
    {
        var env = new List<(string, string)>
        {
            ("BACKUP_DIR", backupDir),
            ("BACKUP_PREFIX", instance),
            ("TMPDIR", "/tmp"),
            ("S3_BUCKET", s3.Bucket),
            ("S3_PREFIX", prefix),
            ("S3_PROVIDER", s3.Provider),
            ("S3_FORCE_PATH_STYLE", s3.ForcePathStyle ? "true" : "false"),
        };
        Optional(env, "S3_ENDPOINT", s3.Endpoint);
        Optional(env, "S3_REGION", s3.Region);
        Optional(env, "S3_CREDENTIALS_DIR", s3.CredentialsSecret is null ? null : CredentialsMount);
        Optional(env, "S3_CA_FILE", s3.Ca is null ? null : $"{CaMount}/{CaFile}");
        Optional(env, "S3_ENCRYPTION_KEY_FILE", s3.EncryptionKey is null ? null : $"{EncryptionMount}/{PassphraseFile}");
        return env;
    }

    private static void Optional(List<(string, string)> env, string name, string? value)
    {
        if (value is not null)
        {
            env.Add((name, value));
        }
    }

    /// <summary>Each Secret volume: its name in the pod, the Secret, the mount path and the key -> file items.</summary>
    private static List<object?> SecretVolumes(S3Spec s3)
    {
        var volumes = new List<object?>();
        if (s3.CredentialsSecret is { } credentials)
        {
            volumes.Add(SecretVolume("s3-credentials", credentials, CredentialsMount, CredentialKeys.Select(k => (k, k))));
        }
        if (s3.Ca is { } ca)
        {
            volumes.Add(SecretVolume("s3-ca", ca.Name, CaMount, [(ca.Key, CaFile)]));
        }
        if (s3.EncryptionKey is { } key)
        {
            volumes.Add(SecretVolume("s3-encryption", key.Name, EncryptionMount, [(key.Key, PassphraseFile)]));
        }
        return volumes;
    }

    private static Dictionary<string, object?> SecretVolume(string volume, string secret, string mountPath,
        IEnumerable<(string Key, string Path)> items) => new(StringComparer.Ordinal)
    {
        ["volume"] = volume,
        ["secretName"] = secret,
        ["mountPath"] = mountPath,
        ["items"] = items.Select(i => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
            { ["key"] = i.Key, ["path"] = i.Path }).ToList(),
    };

    private static List<object?> EnvList(IEnumerable<(string Name, string Value)> env) =>
        env.Select(e => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = e.Name, ["value"] = e.Value })
            .ToList();
}
