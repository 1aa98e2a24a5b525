using MySqlRender.Shared;

namespace MySqlRender.Model;

/// <summary>A validated MySQL resource with every default applied.</summary>
public sealed record MySqlResource(SourceDocument Source, string Name, string? Namespace, MySqlSpec Spec)
{
    public InstanceNames Names { get; } = new(Name, Spec.HostPath is { Node: not null } ? Namespace : null);

    /// <summary><c>MySQL/name</c>, as diagnostics name the resource.</summary>
    public string Subject => $"MySQL/{Name}";
}

public sealed record MySqlSpec(
    string Image,
    string Database,
    string? Password,
    SecretKeyRef? PasswordSecretRef,
    string StorageSize,
    string? StorageClassName,
    ComputeResources Resources,
    HostPathSpec? HostPath,
    BackupSpec Backup,
    RestoreSpec Restore,
    bool Retired,
    MonitoringSpec Monitoring,
    PlatformSpec Platform)
{
    /// <summary>activeDeadlineSeconds of the Jobs (issue 14): spec.deadlines, or defaults derived from storage_size.</summary>
    public JobDeadlines Deadlines { get; init; } = new(
        JobDeadlines.DefaultBackupSeconds(StorageSize), JobDeadlines.DefaultRestoreSeconds(StorageSize));
}

public sealed record SecretKeyRef(string Name, string Key);

/// <summary>
/// spec.hostPath: static PersistentVolumes in host folders. With a node they are pinned to it and named per namespace
/// (new instances); without one they keep the original operator's names (0.1 instances).
/// </summary>
public sealed record HostPathSpec(string Path, string? Node);

/// <summary>Requests and limits by resource name (cpu, memory, ephemeral-storage), defaults already merged.</summary>
public sealed record ComputeResources(IReadOnlyDictionary<string, string> Requests, IReadOnlyDictionary<string, string> Limits);

public sealed record BackupSpec(
    bool Enabled,
    string Schedule,
    string? TimeZone,
    long Keep,
    bool Suspend,
    bool PreDeleteHook,
    string StorageSize,
    string? StorageClassName,
    ComputeResources Resources,
    VerifySpec Verify)
{
    /// <summary>Off-cluster copies (issue 15); null when spec.backup.s3 is unset.</summary>
    public S3Spec? S3 { get; init; }
    /// <summary>spec.backup.beforeChange: a PreSync backup runs once for each new value (null: none).</summary>
    public string? BeforeChange { get; init; }
}

public sealed record RestoreSpec(bool Enabled, string? From)
{
    /// <summary><c>auto</c>, <c>local</c> or <c>s3</c> (issue 15).</summary>
    public string Source { get; init; } = "auto";

    /// <summary>Another prefix of the bucket to fetch dumps from (cloning); null means the instance's own.</summary>
    public string? S3Prefix { get; init; }
}

/// <summary>Restore drills (i16): the CronJob verify-{name}.</summary>
public sealed record VerifySpec(bool Enabled, string Schedule, ComputeResources Resources);

/// <summary>Alerting (i16): a PrometheusRule when <see cref="PrometheusRule"/>.</summary>
public sealed record MonitoringSpec(bool PrometheusRule);
