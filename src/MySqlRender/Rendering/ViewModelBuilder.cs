using MySqlRender.Model;
using MySqlRender.Schema.Formats;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// Builds what templates see, as plain dictionaries, lists, strings, numbers and booleans: Scriban reads those
/// without reflection, so the same templates render identically under Native AOT.
/// </summary>
public static class ViewModelBuilder
{
    public const string ManagedBy = "mysqlrender";
    public const long MySqlUserId = 999;

    public static Dictionary<string, object?> Build(MySqlResource resource, RenderOptions options, TemplateSet templates)
    {
        var spec = resource.Spec;
        var names = resource.Names;
        var labels = Labels(resource, options);
        var storageLabels = (Dictionary<string, object?>)labels["storage"]!;
        var scripts = ScriptsViewModel.Build(resource, templates.Scripts.Value);
        return new Dictionary<string, object?>
        {
            ["name"] = resource.Name,
            // Hook annotations only where Argo CD reads them; plain kubectl applies the same objects without them.
            ["argocd"] = options.Target == RenderTarget.ArgoCd,
            ["namespace"] = resource.Namespace,
            ["names"] = Names(names),
            ["labels"] = labels,
            ["selector"] = Map(("app", resource.Name)),
            ["image"] = spec.Image,
            ["database"] = spec.Database,
            ["mysqlArgs"] = MySqlArguments(spec.Image),
            ["uid"] = MySqlUserId,
            ["password"] = spec.Password,
            ["secret"] = Map(("name", spec.PasswordSecretRef?.Name ?? names.Secret), ("key", spec.PasswordSecretRef?.Key ?? "password")),
            ["data"] = Volume(spec.StorageSize, spec.StorageClassName, spec.HostPath, names.DataVolume, names.DataClaim,
                resource.Name, storageLabels),
            ["backupVolume"] = Volume(spec.Backup.StorageSize, spec.Backup.StorageClassName, spec.HostPath, names.BackupVolume,
                names.BackupClaim, $"backup-{resource.Name}", storageLabels),
            ["resources"] = Resources(spec.Resources),
            ["backup"] = Backup(spec.Backup),
            ["restore"] = Restore(spec),
            ["backupHook"] = BackupHook(resource, scripts),
            // The server pod's labels: every other pod that mounts the ReadWriteOnce backup claim runs on its node.
            ["serverSelector"] = Map(("app.kubernetes.io/instance", resource.Name), ("app.kubernetes.io/component", "database")),
            ["scripts"] = scripts,
            // i16: restore drills and alerts
            ["verify"] = Verify(resource),
            ["monitoring"] = Map(("group", $"mysqlrender.{resource.Name}"), ("rules", AlertRules.For(resource))),
            ["s3"] = S3ViewModel.Build(resource), // i15: the rclone containers; null without spec.backup.s3
            ["deadlines"] = Deadlines(resource.Spec.Deadlines),
            ["platform"] = PlatformViewModel.Build(resource, spec.PasswordSecretRef?.Name ?? names.Secret, spec.PasswordSecretRef?.Key ?? "password",
                (Dictionary<string, object?>)labels["database"]!),
        };
    }

    /// <summary>
    /// The restore check waits for the server as long as its deadline allows: under plain kubectl apply it starts
    /// with the server pod, whose init container may still be importing a large dump.
    /// </summary>
    private static Dictionary<string, object?> Restore(MySqlSpec spec) => Map(
        ("from", spec.Restore.From),
        ("waitSeconds", Math.Max(60, spec.Deadlines.RestoreSeconds - 60).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>activeDeadlineSeconds by kind of Job: every Job and CronJob template sets one (issue 14).</summary>
    private static Dictionary<string, object?> Deadlines(JobDeadlines deadlines) => Map(
        ("backup", deadlines.BackupSeconds), ("restore", deadlines.RestoreSeconds));

    /// <summary>
    /// i16: the drill's pod. Its scratch volume is as large as the data volume (the import needs the room the data
    /// takes): a generic ephemeral volume, which an emptyDir on the node's disk may not match; with hostPath volumes
    /// (clusters without a provisioner) an emptyDir with that size limit. It mounts the ReadWriteOnce backup volume, so
    /// it must run on the server's node.
    /// </summary>
    private static Dictionary<string, object?> Verify(MySqlResource resource)
    {
        var spec = resource.Spec;
        return Map(
            ("schedule", spec.Backup.Verify.Schedule), ("timeZone", spec.Backup.TimeZone),
            ("resources", Resources(spec.Backup.Verify.Resources)),
            ("bufferPoolSize", DrillSizing.BufferPoolSize(spec.Backup.Verify.Resources)),
            ("deadlineSeconds", DrillSizing.DeadlineSeconds(spec.Deadlines)),
            ("scratchSize", spec.StorageSize), ("scratchEphemeral", spec.HostPath is null),
            ("scratchStorageClassName", spec.StorageClassName));
    }

    private static Dictionary<string, object?> BackupHook(MySqlResource resource, Dictionary<string, object?> scripts)
    {
        var (hook, mode) = ObjectPlan.BackupHookOf(resource);
        // A PreSync Job stays until the next sync so its log can be read; a PreDelete Job goes with the Application.
        var deletePolicy = hook == "PreDelete" ? "BeforeHookCreation,HookSucceeded" : "BeforeHookCreation";
        // PreSync runs before the sync applies ordinary objects: the Job takes its scripts from the hook-phase copy.
        var bundle = (Dictionary<string, object?>)scripts[hook == "PreSync" ? "hook" : "job"]!;
        // The retired instance's final backup must still run when the server is already gone (a later sync finds the
        // dump and exits 0): it only prefers the server's node. PreDelete runs while the server does.
        var serverAffinity = mode == "final" ? "preferred" : "required";
        return Map(("hook", hook), ("mode", mode), ("deletePolicy", deletePolicy), ("scripts", bundle["name"]), ("serverAffinity", serverAffinity));
    }

    private static Dictionary<string, object?> Names(InstanceNames names) => Map(
        ("secret", names.Secret), ("dataVolume", names.DataVolume), ("dataClaim", names.DataClaim),
        ("backupVolume", names.BackupVolume), ("backupClaim", names.BackupClaim), ("service", names.Service),
        ("deployment", names.Deployment), ("backupCronJob", names.BackupCronJob), ("backupJob", names.BackupJob),
        ("backupBeforeChangeJob", names.BackupBeforeChangeJob), ("restoreJob", names.RestoreJob), ("verifyCronJob", names.VerifyCronJob), ("prometheusRule", names.PrometheusRule));

    /// <summary>Recommended labels per component; the Deployment also keeps the operator's <c>app</c> label (its selector).</summary>
    private static Dictionary<string, object?> Labels(MySqlResource resource, RenderOptions options)
    {
        Dictionary<string, object?> For(string component, bool withAppLabel = false)
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in options.ExtraLabels)
            {
                labels[key] = value;
            }
            labels["app.kubernetes.io/name"] = "mysql";
            labels["app.kubernetes.io/instance"] = resource.Name;
            labels["app.kubernetes.io/component"] = component;
            labels["app.kubernetes.io/part-of"] = resource.Name;
            labels["app.kubernetes.io/managed-by"] = ManagedBy;
            if (withAppLabel)
            {
                labels["app"] = resource.Name;
            }
            return labels.ToDictionary(l => l.Key, l => (object?)l.Value);
        }
        return Map(("database", For("database", withAppLabel: true)), ("credentials", For("credentials")), ("storage", For("storage")),
            ("backup", For("backup")), ("restore", For("restore")), ("scripts", For("scripts")),
            ("drill", For("restore-drill")), ("monitoring", For("monitoring")), // i16
            ("accounts", For("accounts")));
    }

    /// <summary>MySQL 5.7 needs to be told to ignore a volume's lost+found; 8.x refuses the flag.</summary>
    private static List<object?> MySqlArguments(string image) =>
        ImageReference.RepositoryName(image) == "mysql" && ImageReference.TagOf(image) is { } tag && tag.StartsWith("5.7", StringComparison.Ordinal)
            ? ["--ignore-db-dir=lost+found"]
            : [];

    /// <summary>
    /// A statically provisioned (hostPath) claim must ask for class "" or the default class would be filled in and
    /// it would never bind to its PersistentVolume. The <c>pv-usage</c> label pairs them, with the operator's values.
    /// </summary>
    /// <summary>
    /// A data or backup volume. A claim of spec.hostPath finds its static PV by the pv-usage label (0.1's way) or,
    /// pinned to a node, by name (volumeName) while the PV is reserved for it (claimRef): the label alone would let a
    /// claim of the same instance name in another namespace bind it.
    /// </summary>
    private static Dictionary<string, object?> Volume(string size, string? storageClass, HostPathSpec? hostPath, string volumeName,
        string claimName, string usage, Dictionary<string, object?> storageLabels)
    {
        var pinned = hostPath?.Node is not null;
        return Map(
            ("storageSize", size),
            ("storageClassName", storageClass ?? (hostPath is null ? null : "")),
            ("hostPath", hostPath is null ? null : $"{hostPath.Path.TrimEnd('/')}/{volumeName}/"),
            ("node", hostPath?.Node),
            ("selector", hostPath is null || pinned ? null : Map(("pv-usage", usage))),
            ("volumeName", pinned ? volumeName : null),
            ("claimName", claimName),
            ("volumeLabels", new Dictionary<string, object?>(storageLabels) { ["pv-usage"] = usage }));
    }

    private static Dictionary<string, object?> Backup(BackupSpec backup) => Map(
        ("schedule", backup.Schedule), ("timeZone", backup.TimeZone), ("keep", backup.Keep),
        ("keepText", backup.Keep.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("suspend", backup.Suspend), ("resources", Resources(backup.Resources)), ("beforeChange", backup.BeforeChange));

    private static Dictionary<string, object?> Resources(ComputeResources resources) => Map(
        ("requests", resources.Requests.ToDictionary(r => r.Key, r => (object?)r.Value)),
        ("limits", resources.Limits.ToDictionary(r => r.Key, r => (object?)r.Value)));

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
}
