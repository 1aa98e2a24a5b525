namespace MySqlRender.Model;

/// <summary>The names of an instance's objects. They keep the original operator's, so Argo CD can adopt its objects.</summary>
public sealed record InstanceNames(string Instance)
{
    public string Secret => $"{Instance}-credentials";
    public string DataVolume => $"{Instance}-pv";
    public string DataClaim => $"{Instance}-pvc";
    public string BackupVolume => $"backup-{Instance}-pv";
    public string BackupClaim => $"backup-{Instance}-pvc";
    public string Service => Instance;
    public string Deployment => Instance;
    public string BackupCronJob => $"backup-{Instance}";
    public string BackupJob => $"backup-{Instance}-job";
    public string RestoreJob => $"restore-{Instance}-job";
    public string BackupBeforeChangeJob => $"backup-{Instance}-before";

    /// <summary>CronJob names are limited to 52 characters (the API appends 11 for its Jobs).</summary>
    public const int MaxCronJobName = 52;

    public static readonly int MaxInstanceName = MaxCronJobName - "backup-".Length;
}
