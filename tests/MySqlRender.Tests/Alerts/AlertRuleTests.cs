namespace MySqlRender.Tests.Alerts;

/// <summary>
/// The alerts of spec.monitoring.prometheusRule, checked by Prometheus itself: promtool parses every expression
/// (check rules) and evaluates the rules over series shaped as kube-state-metrics and the kubelet export them
/// (test rules; labels as in kube-state-metrics' docs/metrics/*.md: cronjob, deployment, persistentvolumeclaim, namespace).
/// </summary>
public sealed class AlertRuleTests : IDisposable
{
    private const string Resource = """
        apiVersion: otus.homework/v1
        kind: MySQL
        metadata:
          name: shop-db
          namespace: shop
        spec:
          database: shop
          password: alert-test
          storage_size: 1Gi
          monitoring:
            prometheusRule: true

        """;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Every_expression_parses_and_every_series_is_a_documented_kube_state_metrics_or_kubelet_metric()
    {
        var rules = RuleFiles.Write(temp.Path, Resource);

        var check = PromTool.CheckRules(rules);

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("SUCCESS: 7 rules found", check.Stdout);
        var documented = File.ReadAllLines(RepoPaths.Of("tests", "MySqlRender.Tests", "Alerts", "documented-metrics.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        Assert.All(RuleFiles.SeriesNames(rules), name => Assert.Contains(name, documented));
        Assert.Contains("kube_cronjob_status_last_successful_time", RuleFiles.SeriesNames(rules));
        Assert.Contains("kubelet_volume_stats_available_bytes", RuleFiles.SeriesNames(rules));
    }

    [Fact]
    public void Backup_alerts_fire_after_twice_the_schedule_interval_and_when_the_last_run_failed()
    {
        RuleFiles.Write(temp.Path, Resource);

        var result = PromTool.TestRules(temp.Write("backup-test.yaml", """
            rule_files: [rules.yaml]
            evaluation_interval: 1m
            tests:
              # Daily schedule (0 3 * * *): stale after 2 days. Created at 0, never succeeded.
              - interval: 1m
                input_series:
                  - series: 'kube_cronjob_created{namespace="shop", cronjob="backup-shop-db"}'
                    values: '0x3000'
                alert_rule_test:
                  - eval_time: 47h
                    alertname: MySQLBackupTooOld
                  - eval_time: 49h
                    alertname: MySQLBackupTooOld
                    exp_alerts:
                      - exp_labels: {severity: critical, mysql_instance: shop-db, namespace: shop, cronjob: backup-shop-db}
                        exp_annotations:
                          summary: No successful backup of shop-db for more than twice its schedule's longest interval (2 days).
                          description: CronJob shop/backup-shop-db has not completed a backup within 2 days (or since it was created).
                          runbook: mysqlrender docs/backup-restore.md, section MySQLBackupTooOld
              # A success at 40h keeps it quiet at 49h.
              - interval: 1m
                input_series:
                  - series: 'kube_cronjob_created{namespace="shop", cronjob="backup-shop-db"}'
                    values: '0x3000'
                  - series: 'kube_cronjob_status_last_successful_time{namespace="shop", cronjob="backup-shop-db"}'
                    values: '_x2400 144000x600'
                alert_rule_test:
                  - eval_time: 49h
                    alertname: MySQLBackupTooOld
              # Scheduled at 100000 s, last success at 90000 s: failed once the Job is no longer active.
              - interval: 1m
                input_series:
                  - series: 'kube_cronjob_status_last_schedule_time{namespace="shop", cronjob="backup-shop-db"}'
                    values: '100000x30'
                  - series: 'kube_cronjob_status_last_successful_time{namespace="shop", cronjob="backup-shop-db"}'
                    values: '90000x30'
                  - series: 'kube_cronjob_status_active{namespace="shop", cronjob="backup-shop-db"}'
                    values: '1x10 0x20'
                alert_rule_test:
                  - eval_time: 9m
                    alertname: MySQLBackupFailed
                  - eval_time: 15m
                    alertname: MySQLBackupFailed
                    exp_alerts:
                      - exp_labels: {severity: warning, mysql_instance: shop-db, namespace: shop, cronjob: backup-shop-db}
                        exp_annotations:
                          summary: The last backup of shop-db failed.
                          description: The last Job of CronJob shop/backup-shop-db ended without success; its log and termination message say why.
                          runbook: mysqlrender docs/backup-restore.md, section MySQLBackupFailed
              # The drill: scheduled, never succeeded, not active.
              - interval: 1m
                input_series:
                  - series: 'kube_cronjob_status_last_schedule_time{namespace="shop", cronjob="verify-shop-db"}'
                    values: '100000x30'
                  - series: 'kube_cronjob_status_active{namespace="shop", cronjob="verify-shop-db"}'
                    values: '0x30'
                alert_rule_test:
                  - eval_time: 5m
                    alertname: MySQLRestoreDrillFailed
                    exp_alerts:
                      - exp_labels: {severity: warning, mysql_instance: shop-db, namespace: shop, cronjob: verify-shop-db}
                        exp_annotations:
                          summary: 'The last restore drill of shop-db failed: its newest dump may not restore.'
                          description: The last Job of CronJob shop/verify-shop-db failed; DUMP.verified.json on the backup volume and the Job's log name the dump and the reason.
                          runbook: mysqlrender docs/backup-restore.md, section MySQLRestoreDrillFailed
            """));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("SUCCESS", result.Stdout);
    }

    [Fact]
    public void Readiness_and_volume_alerts_fire_on_kube_state_metrics_and_kubelet_series()
    {
        RuleFiles.Write(temp.Path, Resource);

        var result = PromTool.TestRules(temp.Write("instance-test.yaml", """
            rule_files: [rules.yaml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - series: 'kube_deployment_spec_replicas{namespace="shop", deployment="shop-db"}'
                    values: '1x30'
                  - series: 'kube_deployment_status_replicas_available{namespace="shop", deployment="shop-db"}'
                    values: '1x5 0x25'
                  - series: 'kubelet_volume_stats_capacity_bytes{namespace="shop", persistentvolumeclaim="backup-shop-db-pvc"}'
                    values: '100x30'
                  - series: 'kubelet_volume_stats_available_bytes{namespace="shop", persistentvolumeclaim="backup-shop-db-pvc"}'
                    values: '50x10 5x20'
                  - series: 'kubelet_volume_stats_capacity_bytes{namespace="shop", persistentvolumeclaim="shop-db-pvc"}'
                    values: '100x30'
                  - series: 'kubelet_volume_stats_available_bytes{namespace="shop", persistentvolumeclaim="shop-db-pvc"}'
                    values: '50x30'
                alert_rule_test:
                  - eval_time: 14m
                    alertname: MySQLInstanceNotReady
                  - eval_time: 17m
                    alertname: MySQLInstanceNotReady
                    exp_alerts:
                      - exp_labels: {severity: critical, mysql_instance: shop-db, namespace: shop, deployment: shop-db}
                        exp_annotations:
                          summary: MySQL instance shop-db has had no ready server for 10 minutes.
                          description: Deployment shop/shop-db has fewer available replicas than it wants.
                          runbook: mysqlrender docs/backup-restore.md, section MySQLInstanceNotReady
                  - eval_time: 16m
                    alertname: MySQLBackupVolumeFillingUp
                    exp_alerts:
                      - exp_labels: {severity: warning, mysql_instance: shop-db, namespace: shop, persistentvolumeclaim: backup-shop-db-pvc}
                        exp_annotations:
                          summary: The backup volume of shop-db has less than 10% free.
                          description: PersistentVolumeClaim shop/backup-shop-db-pvc has less than 10% of its capacity available.
                          runbook: mysqlrender docs/backup-restore.md, section MySQLBackupVolumeFillingUp
                  - eval_time: 16m
                    alertname: MySQLDataVolumeFillingUp
            """));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    [Theory]
    [InlineData("0 3 * * *", "2 days")]
    [InlineData("@hourly", "2 hours")]
    [InlineData("0 3 * * 1-5", "6 days")] // Friday 03:00 to Monday 03:00 is the longest gap
    [InlineData("0 0 1,15 * *", "34 days")] // the 15th of a 31-day month to the 1st of the next: 17 days
    [InlineData("0 0 1 * 1", "14 days")] // day of month OR day of week, as the CronJob controller reads it: every Monday at least
    [InlineData("*/30 * * * *", "1 hour")]
    public void The_staleness_threshold_is_twice_the_longest_gap_of_the_backup_schedule(string schedule, string expected)
    {
        RuleFiles.Write(temp.Path, Resource.Replace("  monitoring:", $"  backup:\n    schedule: \"{schedule}\"\n  monitoring:"));
        var tooOld = RuleFiles.Rules(temp.Of("rules.yaml")).Single(r => Yaml.Text(r, "alert") == "MySQLBackupTooOld");

        Assert.EndsWith($"twice its schedule's longest interval ({expected}).", Yaml.Text(Yaml.Mapping(tooOld, "annotations"), "summary"));
    }
}
