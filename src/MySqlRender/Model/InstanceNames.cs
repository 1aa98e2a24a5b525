using MySqlRender.Schema.Formats;

namespace MySqlRender.Model;

/// <summary>
/// The names of an instance's objects. They keep the original operator's, so Argo CD can adopt its objects. The
/// cluster-scoped PersistentVolumes of a node-pinned hostPath instance carry its namespace
/// (<paramref name="VolumeNamespace"/>), so one instance name in two namespaces cannot collide.
/// </summary>
public sealed record InstanceNames(string Instance, string? VolumeNamespace = null)
{
    private string VolumeStem => VolumeNamespace is null ? Instance : $"{VolumeNamespace}-{Instance}";

    public string Secret => $"{Instance}-credentials";
    public string DataVolume => $"{VolumeStem}-pv";
    public string DataClaim => $"{Instance}-pvc";
    public string BackupVolume => $"backup-{VolumeStem}-pv";
    public string BackupClaim => $"backup-{Instance}-pvc";
    public string Service => Instance;
    public string Deployment => Instance;
    public string BackupCronJob => $"backup-{Instance}";
    public string BackupJob => $"backup-{Instance}-job";
    public string RestoreJob => $"restore-{Instance}-job";
    public string BackupBeforeChangeJob => $"backup-{Instance}-before";

    // i16: the restore drill CronJob (as long as backup-{name}: within MaxCronJobName) and the alerting rule
    public string VerifyCronJob => $"verify-{Instance}";
    public string PrometheusRule => $"{Instance}-alerts";

    /// <summary>CronJob names are limited to 52 characters; the limits live with the name's format, which the schema checks.</summary>
    public const int MaxCronJobName = InstanceName.MaxCronJobName;

    public static readonly int MaxInstanceName = InstanceName.MaxInstanceName;
}
