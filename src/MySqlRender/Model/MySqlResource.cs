using MySqlRender.Input;

namespace MySqlRender.Model;

/// <summary>A validated MySQL resource with every default applied.</summary>
public sealed record MySqlResource(SourceDocument Source, string Name, string? Namespace, MySqlSpec Spec)
{
    public InstanceNames Names { get; } = new(Name);

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
    string? HostPath,
    BackupSpec Backup,
    RestoreSpec Restore,
    bool Retired)
{
    /// <summary>activeDeadlineSeconds of the Jobs (issue 14): spec.deadlines, or defaults derived from storage_size.</summary>
    public JobDeadlines Deadlines { get; init; } = new(
        JobDeadlines.DefaultBackupSeconds(StorageSize), JobDeadlines.DefaultRestoreSeconds(StorageSize), JobDeadlines.DefaultHookSeconds);
}

public sealed record SecretKeyRef(string Name, string Key);

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
    ComputeResources Resources)
{
    /// <summary>spec.backup.beforeChange: a PreSync backup runs once for each new value (null: none).</summary>
    public string? BeforeChange { get; init; }
}

public sealed record RestoreSpec(bool Enabled, string? From);
