using MySqlRender.Model;

namespace MySqlRender.Rendering;

/// <summary>Which templates an instance renders, in the fixed output order (see ARCHITECTURE.md).</summary>
public static class ObjectPlan
{
    public const string Secret = "secret.yaml.sbn";
    public const string DataVolume = "data-pv.yaml.sbn";
    public const string DataClaim = "data-pvc.yaml.sbn";
    public const string BackupVolume = "backup-pv.yaml.sbn";
    public const string BackupClaim = "backup-pvc.yaml.sbn";
    public const string Service = "service.yaml.sbn";
    public const string Deployment = "deployment.yaml.sbn";
    public const string BackupCronJob = "backup-cronjob.yaml.sbn";
    public const string RestoreJob = "restore-job.yaml.sbn";
    public const string BackupHookJob = "backup-hook-job.yaml.sbn";
    public const string ServerScripts = "server-scripts.yaml.sbn";
    public const string JobScripts = "job-scripts.yaml.sbn";
    public const string HookScripts = "hook-scripts.yaml.sbn";
    public const string VerifyCronJob = "verify-cronjob.yaml.sbn"; // i16
    public const string PrometheusRule = "prometheus-rule.yaml.sbn"; // i16
    public const string BackupBeforeChangeJob = "backup-before-change-job.yaml.sbn";

    public static IEnumerable<string> For(MySqlResource resource)
    {
        var spec = resource.Spec;
        if (spec.Password is not null)
        {
            yield return Secret;
        }
        if (spec.HostPath is not null && !spec.Retired)
        {
            yield return DataVolume;
        }
        if (!spec.Retired)
        {
            yield return DataClaim;
        }
        if (spec.HostPath is not null)
        {
            yield return BackupVolume;
        }
        yield return BackupClaim;
        if (spec.Retired)
        {
            yield return HookScripts; // PreSync too, in an earlier wave than the Job that runs them
            yield return BackupHookJob; // PreSync: the final backup, while the server still runs
            yield break;
        }
        yield return Service;
        yield return ServerScripts;
        yield return Deployment;
        if (ScriptBundles.HasJobScripts(spec)) // what some Job or CronJob below runs
        {
            yield return JobScripts;
        }
        if (spec.Backup.Enabled)
        {
            yield return BackupCronJob;
        }
        if (spec.Restore.Enabled)
        {
            yield return RestoreJob;
        }
        if (spec.Backup.Enabled && spec.Backup.PreDeleteHook)
        {
            yield return BackupHookJob; // PreDelete: a backup before Argo CD deletes the Application
        }
        // i16: the restore drill and the alerts
        if (spec.Backup.Enabled && spec.Backup.Verify.Enabled)
        {
            yield return VerifyCronJob;
        }
        if (spec.Monitoring.PrometheusRule)
        {
            yield return PrometheusRule;
        }
        if (spec.Backup.BeforeChange is not null)
        {
            yield return HookScripts; // PreSync, in an earlier wave than the Job that runs them
            yield return BackupBeforeChangeJob; // PreSync: a dump before the change is applied, once per value
        }
    }

    /// <summary>The Argo CD hook of <see cref="BackupHookJob"/> and the mode its backup script runs in.</summary>
    public static (string Hook, string Mode) BackupHookOf(MySqlResource resource) =>
        resource.Spec.Retired ? ("PreSync", "final") : ("PreDelete", "pre-delete");
}
