namespace MySqlRender.Model;

/// <summary>What a DBA and a platform team set: users, server settings, metrics, network policy, scheduling, TLS.</summary>
public sealed record PlatformSpec(
    IReadOnlyList<AppUser> Users,
    IReadOnlyList<string> RemovedUsers,
    IReadOnlyList<ServerOption> Config,
    MetricsSpec Metrics,
    NetworkPolicySpec NetworkPolicy,
    PodPlacement Pod,
    TlsSpec? Tls);

/// <summary>An application user; <see cref="Access"/> is readWrite or readOnly.</summary>
public sealed record AppUser(string Name, SecretKeyRef PasswordSecretRef, string Access);

/// <summary>One spec.config entry: the name as written (for diagnostics) and its value as text.</summary>
public sealed record ServerOption(string Name, string Value)
{
    public string CanonicalName => Canonical(Name);

    /// <summary>my.cnf treats '-' and '_' alike; the canonical form uses '_'.</summary>
    public static string Canonical(string name) => name.Replace('-', '_');
}

public sealed record MetricsSpec(
    bool Enabled,
    string Image,
    string User,
    SecretKeyRef? PasswordSecretRef,
    bool ServiceMonitor,
    string Interval,
    IReadOnlyDictionary<string, string> ServiceMonitorLabels,
    ComputeResources Resources);

/// <summary>AllowFrom holds NetworkPolicyPeers as plain values, as written.</summary>
public sealed record NetworkPolicySpec(bool Enabled, IReadOnlyList<object?> AllowFrom, string MonitoringNamespace);

/// <summary>Scheduling and pulling of the server pod; tolerations and affinity as plain values, as written.</summary>
public sealed record PodPlacement(
    IReadOnlyDictionary<string, string> NodeSelector,
    IReadOnlyList<object?> Tolerations,
    object? Affinity,
    string? PriorityClassName,
    IReadOnlyList<string> ImagePullSecrets,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> Labels);

public sealed record TlsSpec(string SecretName, bool RequireSecureTransport);
