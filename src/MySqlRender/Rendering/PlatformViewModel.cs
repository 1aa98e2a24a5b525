using System.Globalization;
using MySqlRender.Model;
using MySqlRender.Schema;

namespace MySqlRender.Rendering;

/// <summary>
/// The view model of users, server settings, metrics, network policy, scheduling and TLS (<c>platform.*</c> in
/// templates): plain dictionaries, decided here so templates only place them.
/// </summary>
public static class PlatformViewModel
{
    public const int MetricsPort = 9104;

    /// <summary>How long before the accounts Job's deadline it stops waiting for the server (to say why it failed).</summary>
    private const long AccountsWaitMarginSeconds = 120;
    public const string UserPasswordsPath = "/etc/mysql-accounts/users";

    /// <summary>The server's tmpdir: the data volume's tmp/ folder (server-init.sh empties it before each start).</summary>
    public const string ServerTmpDir = "/var/lib/mysql-tmp";

    /// <summary>mysqlrender's server defaults; spec.config is written after them, so the user's setting wins.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> ServerDefaults =
    [
        ("max_allowed_packet", "64M"), // the dump's INSERTs of large BLOBs need more than 16 MB
        ("skip-log-bin", ""), // no point-in-time recovery is offered: binary logs would only fill the volume
        ("tmpdir", ServerTmpDir), // a big sort or ALTER on the node's ephemeral storage can get the pod evicted
    ];

    /// <summary><paramref name="serverLabels"/>: the server pod's own labels (the selector's among them), which win over spec.pod.labels.</summary>
    public static Dictionary<string, object?> Build(MySqlResource resource, string rootSecretName, string rootSecretKey,
        IReadOnlyDictionary<string, object?> serverLabels)
    {
        var platform = resource.Spec.Platform;
        var config = ServerConfig.Build(ServerDefaults, platform);
        return Map(
            ("accounts", Accounts(resource, rootSecretName, rootSecretKey)),
            ("config", Map(("name", $"{resource.Name}-config"), ("file", ServerConfig.FileName), ("text", config.Text),
                ("data", Map((ServerConfig.FileName, config.Text))),
                ("checksum", config.Checksum), ("tmpdir", ServerTmpDir), ("exporterFile", ExporterOptions(platform.Metrics)))),
            ("metrics", Metrics(platform.Metrics, resource.Name, serverLabels)),
            ("networkPolicy", Map(("enabled", platform.NetworkPolicy.Enabled), ("from", MySqlPeers(resource)),
                ("monitoringNamespace", platform.NetworkPolicy.MonitoringNamespace))),
            ("pod", Pod(platform.Pod, serverLabels, config.Checksum)),
            ("jobPod", JobPod(platform.Pod)),
            ("tls", platform.Tls is { } tls
                ? Map(("secretName", tls.SecretName), ("mountPath", ServerConfig.TlsMountPath), ("require", tls.RequireSecureTransport))
                : null));
    }

    /// <summary>
    /// The accounts Job: which users (NAME:ACCESS), which to drop, and one projected volume holding root's password
    /// and previous password (optional: present only during a rotation) and every user's password as a file named
    /// after the user.
    /// </summary>
    private static Dictionary<string, object?> Accounts(MySqlResource resource, string rootSecretName, string rootSecretKey)
    {
        var platform = resource.Spec.Platform;
        var users = platform.Users.Select(u => (u.Name, u.Access, Secret: u.PasswordSecretRef)).ToList();
        if (platform.Metrics is { Enabled: true, PasswordSecretRef: { } exporterSecret })
        {
            users.Add((platform.Metrics.User, "monitor", exporterSecret));
        }
        var sources = new List<object?>
        {
            Map(("secret", Map(("name", rootSecretName), ("items", new List<object?>
            {
                Map(("key", rootSecretKey), ("path", "root/password")),
            })))),
            Map(("secret", Map(("name", rootSecretName), ("optional", true), ("items", new List<object?>
            {
                Map(("key", "previous-password"), ("path", "root/previous-password")),
            })))),
        };
        // One source per Secret, items in user order: a Secret shared by several users is projected once. Optional:
        // the server pod mounts them too, and an application's missing Secret must not keep the database from
        // starting; accounts.sh says which user's file is missing instead.
        foreach (var group in users.GroupBy(u => u.Secret.Name))
        {
            sources.Add(Map(("secret", Map(("name", group.Key), ("optional", true), ("items",
                group.Select(u => (object?)Map(("key", u.Secret.Key), ("path", $"users/{u.Name}"))).ToList())))));
        }
        return Map(
            ("jobName", $"{resource.Name}-accounts"),
            ("service", $"{resource.Name}-unready"),
            ("users", string.Join(' ', users.Select(u => $"{u.Name}:{u.Access}"))),
            ("removed", string.Join(' ', platform.RemovedUsers)),
            ("sources", sources),
            ("passwordsDir", UserPasswordsPath),
            // The Job may wait for a first start's restore: it has the restore deadline, and stops waiting before it.
            ("waitSeconds", Math.Max(resource.Spec.Deadlines.RestoreSeconds - AccountsWaitMarginSeconds, 60).ToString(CultureInfo.InvariantCulture)));
    }

    private static Dictionary<string, object?> Metrics(MetricsSpec metrics, string instance, IReadOnlyDictionary<string, object?> serverLabels) => Map(
        ("enabled", metrics.Enabled),
        ("configMap", $"{instance}-exporter"),
        ("image", metrics.Image),
        ("user", metrics.User),
        ("port", (long)MetricsPort),
        // Optional: a missing exporter Secret must not keep the server's pod from starting (the exporter logs the refusal).
        ("secret", metrics.PasswordSecretRef is { } secret ? Map(("name", secret.Name), ("key", secret.Key), ("optional", true)) : null),
        ("resources", Map(("requests", ToMap(metrics.Resources.Requests)), ("limits", ToMap(metrics.Resources.Limits)))),
        ("serviceMonitor", Map(("enabled", metrics.Enabled && metrics.ServiceMonitor), ("interval", metrics.Interval),
            ("labels", Merge(ToMap(metrics.ServiceMonitorLabels), serverLabels)))));

    /// <summary>Who may reach MySQL's port: spec.networkPolicy.allowFrom, then the instance's own pods (backup, restore,
    /// accounts, drill: every pod with this instance's label that mysqlrender manages).</summary>
    private static List<object?> MySqlPeers(MySqlResource resource) =>
    [
        .. resource.Spec.Platform.NetworkPolicy.AllowFrom,
        Map(("podSelector", Map(("matchLabels", Map(("app.kubernetes.io/instance", resource.Name),
            ("app.kubernetes.io/managed-by", ViewModelBuilder.ManagedBy)))))),
    ];

    /// <summary><paramref name="over"/>'s entries win; the result is sorted like every rendered map.</summary>
    private static Dictionary<string, object?> Merge(IReadOnlyDictionary<string, object?> under, IReadOnlyDictionary<string, object?> over)
    {
        var merged = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in under)
        {
            merged[key] = value;
        }
        foreach (var (key, value) in over)
        {
            merged[key] = value;
        }
        return new Dictionary<string, object?>(merged, StringComparer.Ordinal);
    }

    /// <summary>The exporter's client options: its user over the pod's shared socket (the password comes from env).</summary>
    private static string? ExporterOptions(MetricsSpec metrics) => metrics.Enabled
        ? $"[client]\nuser = {metrics.User}\nsocket = /var/run/mysqld/mysqld.sock\n"
        : null;

    /// <summary>Empty maps and lists are null, so templates leave the field out with a plain <c>if</c>.</summary>
    private static Dictionary<string, object?> Pod(PodPlacement pod, IReadOnlyDictionary<string, object?> serverLabels, string configChecksum) => Map(
        ("nodeSelector", NullIfEmpty(ToMap(pod.NodeSelector))),
        ("tolerations", NullIfEmpty(pod.Tolerations.ToList())),
        ("affinity", pod.Affinity),
        ("priorityClassName", pod.PriorityClassName),
        ("imagePullSecrets", NullIfEmpty(pod.ImagePullSecrets.Select(name => (object?)Map(("name", name))).ToList())),
        // The config checksum rolls the pod (a restart) when the option file changes.
        ("annotations", Merge(ToMap(pod.Annotations), Map(("mysqlrender.otus.homework/config-checksum", configChecksum)))),
        ("labels", Merge(ToMap(pod.Labels), serverLabels)));

    private static Dictionary<string, object?>? NullIfEmpty(Dictionary<string, object?> map) => map.Count == 0 ? null : map;

    private static List<object?>? NullIfEmpty(List<object?> list) => list.Count == 0 ? null : list;

    /// <summary>
    /// What backup, restore, accounts and drill pods inherit to run where the server's volumes are: tolerations and
    /// nodeSelector (the server's node has them), pull secrets and priority. Not affinity: those pods follow the
    /// server pod through their own podAffinity.
    /// </summary>
    private static Dictionary<string, object?> JobPod(PodPlacement pod) => Map(
        // Whether any of them is set: the template includes partials/_job-placement.sbn only then.
        ("inherited", pod.NodeSelector.Count > 0 || pod.Tolerations.Count > 0 || pod.PriorityClassName is not null || pod.ImagePullSecrets.Count > 0),
        ("nodeSelector", NullIfEmpty(ToMap(pod.NodeSelector))),
        ("tolerations", NullIfEmpty(pod.Tolerations.ToList())),
        ("priorityClassName", pod.PriorityClassName),
        ("imagePullSecrets", NullIfEmpty(pod.ImagePullSecrets.Select(name => (object?)Map(("name", name))).ToList())));

    private static Dictionary<string, object?> ToMap(IReadOnlyDictionary<string, string> map) =>
        map.ToDictionary(e => e.Key, e => (object?)e.Value, StringComparer.Ordinal);

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
}
