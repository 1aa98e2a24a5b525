using MySqlRender.Model;
using MySqlRender.Shared;

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
    // i17
    public const string ServerConfig = "server-config.yaml.sbn";
    public const string ExporterConfig = "exporter-config.yaml.sbn";
    public const string AccountsJob = "accounts-job.yaml.sbn";
    public const string UnreadyService = "unready-service.yaml.sbn";
    public const string NetworkPolicy = "network-policy.yaml.sbn";
    public const string ServiceMonitor = "service-monitor.yaml.sbn";

    public static IEnumerable<string> For(MySqlResource resource, RenderTarget target = RenderTarget.ArgoCd)
    {
        var spec = resource.Spec;
        var argoCd = target == RenderTarget.ArgoCd;
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
        yield return UnreadyService; // i17: how the accounts Job reaches a server that is not Ready (a rotation)
        yield return ServerConfig;
        if (spec.Platform.Metrics.Enabled)
        {
            yield return ExporterConfig;
        }
        yield return ServerScripts;
        yield return Deployment;
        if (ScriptBundles.HasJobScripts(spec)) // what some Job or CronJob below runs
        {
            yield return JobScripts;
        }
        yield return AccountsJob; // runs accounts.sh from the server's scripts (the server init sources it too)
        if (spec.Platform.NetworkPolicy.Enabled)
        {
            yield return NetworkPolicy;
        }
        if (spec.Platform.Metrics is { Enabled: true, ServiceMonitor: true })
        {
            yield return ServiceMonitor;
        }
        if (spec.Backup.Enabled)
        {
            yield return BackupCronJob;
        }
        if (spec.Restore.Enabled)
        {
            yield return RestoreJob;
        }
        if (argoCd && spec.Backup.Enabled && spec.Backup.PreDeleteHook)
        {
            // PreDelete: a backup before Argo CD deletes the Application. kubectl would run it at every apply.
            yield return BackupHookJob;
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
        if (argoCd && spec.Backup.BeforeChange is not null) // kubectl cannot order it before the change
        {
            yield return HookScripts; // PreSync, in an earlier wave than the Job that runs them
            yield return BackupBeforeChangeJob; // PreSync: a dump before the change is applied, once per value
        }
    }

    /// <summary>The Argo CD hook of <see cref="BackupHookJob"/> and the mode its backup script runs in.</summary>
    public static (string Hook, string Mode) BackupHookOf(MySqlResource resource) =>
        resource.Spec.Retired ? ("PreSync", "final") : ("PreDelete", "pre-delete");
}
