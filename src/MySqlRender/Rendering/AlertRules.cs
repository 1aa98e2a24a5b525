using MySqlRender.Model;

namespace MySqlRender.Rendering;

/// <summary>
/// The alerts of an instance's PrometheusRule (docs/backup-restore.md#alerts), built only on series that exist wherever
/// kube-state-metrics and the kubelet are scraped: kube_cronjob_*, kube_deployment_*, kube_persistentvolumeclaim_*
/// (kube-state-metrics docs/metrics/) and kubelet_volume_stats_* (Kubernetes metrics reference). Those series carry
/// object names, not our labels, so every selector names objects; kustomize does not rewrite PromQL, and an object
/// renamed by namePrefix/nameSuffix makes MySQLMonitoringTargetsMissing fire instead of every other alert going quiet.
/// </summary>
public static class AlertRules
{
    public const string Runbook = "docs/backup-restore.md";
    private const string VolumeFreeRatio = "0.10";
    private const string VolumeFreePercent = "10%";

    public static List<object?> For(MySqlResource resource)
    {
        var spec = resource.Spec;
        var names = resource.Names;
        var ns = resource.Namespace;
        var rules = new List<object?>();
        var targets = new List<string>
        {
            $"absent(kube_deployment_created{{{Selector(ns, "deployment", names.Deployment)}}})",
            $"absent(kube_persistentvolumeclaim_info{{{Selector(ns, "persistentvolumeclaim", names.DataClaim)}}})",
            $"absent(kube_persistentvolumeclaim_info{{{Selector(ns, "persistentvolumeclaim", names.BackupClaim)}}})",
        };
        if (spec.Backup.Enabled)
        {
            var backup = Selector(ns, "cronjob", names.BackupCronJob);
            var stale = (long)(2 * ScheduleGap.Longest(spec.Backup.Schedule).TotalSeconds);
            rules.Add(Rule(resource.Name, "MySQLBackupTooOld", "critical", "5m",
                $"time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{{{backup}}} or kube_cronjob_created{{{backup}}}) > {stale}",
                $"No successful backup of {resource.Name} for more than twice its schedule's longest interval ({Duration(stale)}).",
                $"CronJob {{{{ $labels.namespace }}}}/{names.BackupCronJob} has not completed a backup within {Duration(stale)} (or since it was created)."));
            rules.Add(Rule(resource.Name, "MySQLBackupFailed", "warning", "1m", LastRunFailed(backup),
                $"The last backup of {resource.Name} failed.",
                $"The last Job of CronJob {{{{ $labels.namespace }}}}/{names.BackupCronJob} ended without success; its log and termination message say why."));
            targets.Add($"absent(kube_cronjob_created{{{backup}}})");
            if (spec.Backup.Verify.Enabled)
            {
                var verify = Selector(ns, "cronjob", names.VerifyCronJob);
                rules.Add(Rule(resource.Name, "MySQLRestoreDrillFailed", "warning", "1m", LastRunFailed(verify),
                    $"The last restore drill of {resource.Name} failed: its newest dump may not restore.",
                    $"The last Job of CronJob {{{{ $labels.namespace }}}}/{names.VerifyCronJob} failed; DUMP.verified.json on the backup volume and the Job's log name the dump and the reason."));
                targets.Add($"absent(kube_cronjob_created{{{verify}}})");
            }
        }
        var deployment = Selector(ns, "deployment", names.Deployment);
        rules.Add(Rule(resource.Name, "MySQLInstanceNotReady", "critical", "10m",
            $"max by (namespace, deployment) (kube_deployment_status_replicas_available{{{deployment}}}) < max by (namespace, deployment) (kube_deployment_spec_replicas{{{deployment}}})",
            $"MySQL instance {resource.Name} has had no ready server for 10 minutes.",
            $"Deployment {{{{ $labels.namespace }}}}/{names.Deployment} has fewer available replicas than it wants."));
        rules.Add(VolumeRule(resource.Name, "MySQLDataVolumeFillingUp", ns, names.DataClaim, $"The data volume of {resource.Name}"));
        rules.Add(VolumeRule(resource.Name, "MySQLBackupVolumeFillingUp", ns, names.BackupClaim, $"The backup volume of {resource.Name}"));
        rules.Add(Rule(resource.Name, "MySQLMonitoringTargetsMissing", "warning", "15m", string.Join(" or ", targets),
            $"The alerts of {resource.Name} cannot see the objects they watch.",
            "No kube-state-metrics series for {{ $labels.deployment }}{{ $labels.cronjob }}{{ $labels.persistentvolumeclaim }}: "
            + "kube-state-metrics is not scraped, or the object was renamed (kustomize namePrefix/nameSuffix, namespace) "
            + "after mysqlrender rendered the rule."));
        return rules;
    }

    /// <summary>The CronJob's last scheduled Job is finished and did not succeed (or none ever succeeded).</summary>
    private static string LastRunFailed(string cronJob) =>
        $"(max by (namespace, cronjob) (kube_cronjob_status_last_schedule_time{{{cronJob}}}) > max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{{{cronJob}}})"
        + $" or max by (namespace, cronjob) (kube_cronjob_status_last_schedule_time{{{cronJob}}}) unless on (namespace, cronjob) kube_cronjob_status_last_successful_time{{{cronJob}}})"
        + $" and on (namespace, cronjob) max by (namespace, cronjob) (kube_cronjob_status_active{{{cronJob}}}) == 0";

    private static Dictionary<string, object?> VolumeRule(string instance, string alert, string? ns, string claim, string what)
    {
        var selector = Selector(ns, "persistentvolumeclaim", claim);
        return Rule(instance, alert, "warning", "5m",
            $"kubelet_volume_stats_available_bytes{{{selector}}} / kubelet_volume_stats_capacity_bytes{{{selector}}} < {VolumeFreeRatio}",
            $"{what} has less than {VolumeFreePercent} free.",
            $"PersistentVolumeClaim {{{{ $labels.namespace }}}}/{claim} has less than {VolumeFreePercent} of its capacity available.");
    }

    private static Dictionary<string, object?> Rule(string instance, string alert, string severity, string forDuration, string expr,
        string summary, string description) => new(StringComparer.Ordinal)
        {
            ["alert"] = alert,
            ["expr"] = expr,
            ["for"] = forDuration,
            ["labels"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["severity"] = severity, ["mysql_instance"] = instance },
            ["annotations"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["summary"] = summary,
                ["description"] = description,
                ["runbook"] = $"mysqlrender {Runbook}, section {alert}",
            },
        };

    /// <summary>Label matchers naming one object; without a namespace in the resource, any namespace matches.</summary>
    private static string Selector(string? ns, string label, string name) =>
        ns is null ? $"{label}={Quote(name)}" : $"namespace={Quote(ns)}, {label}={Quote(name)}";

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Duration(long seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        var (count, unit) = span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? (span.TotalDays, "day")
            : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? (span.TotalHours, "hour")
            : (Math.Ceiling(span.TotalMinutes), "minute");
        return $"{count:0} {unit}{(count == 1 ? "" : "s")}";
    }
}
