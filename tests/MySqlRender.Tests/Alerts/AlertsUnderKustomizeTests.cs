using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests.Alerts;

/// <summary>
/// kustomize's namePrefix/nameSuffix rename objects but never rewrite the names inside PromQL strings (kustomize docs:
/// name references are updated only in the fields its nameReference configuration lists). The rendered rule goes
/// through the real `kubectl kustomize`; series are modelled from the objects it outputs (KubeStateMetricsModel);
/// promtool evaluates the kustomized PrometheusRule over them.
/// </summary>
public sealed class AlertsUnderKustomizeTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Without_renames_a_healthy_instance_raises_no_alert()
    {
        var objects = Kustomize("");

        var result = Evaluate(objects, AlertNames.Select(alert => $"""
              - eval_time: 30m
                alertname: {alert}
            """));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    [Theory]
    [InlineData("namePrefix: prod-\n", "prod-shop-db")]
    [InlineData("nameSuffix: -blue\n", "shop-db-blue")]
    public void After_a_rename_the_other_alerts_go_quiet_and_targets_missing_names_every_object(string transform, string renamedDeployment)
    {
        var objects = Kustomize(transform);
        Assert.Contains(objects, o => Yaml.Text(o, "kind") == "Deployment" && Yaml.Text(Yaml.Mapping(o, "metadata"), "name") == renamedDeployment);
        string[] missing =
        [
            "deployment: shop-db", "persistentvolumeclaim: shop-db-pvc", "persistentvolumeclaim: backup-shop-db-pvc",
            "cronjob: backup-shop-db", "cronjob: verify-shop-db",
        ];
        var expected = string.Join("", missing.Select(label => $$"""
                  - exp_labels: {severity: warning, mysql_instance: shop-db, namespace: shop, {{label}}}
                    exp_annotations:
                      summary: The alerts of shop-db cannot see the objects they watch.
                      description: 'No kube-state-metrics series for {{label.Split(": ")[1]}}: kube-state-metrics is not scraped, or the object was renamed (kustomize namePrefix/nameSuffix, namespace) after mysqlrender rendered the rule.'
                      runbook: mysqlrender docs/backup-restore.md, section MySQLMonitoringTargetsMissing

            """));

        var result = Evaluate(objects, [
            "  - eval_time: 14m\n    alertname: MySQLMonitoringTargetsMissing\n",
            $"  - eval_time: 20m\n    alertname: MySQLMonitoringTargetsMissing\n    exp_alerts:\n{expected}",
            .. AlertNames.Where(a => a != "MySQLMonitoringTargetsMissing").Select(alert => $"  - eval_time: 3h\n    alertname: {alert}\n"),
        ]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    private static readonly string[] AlertNames =
    [
        "MySQLBackupTooOld", "MySQLBackupFailed", "MySQLRestoreDrillFailed", "MySQLInstanceNotReady",
        "MySQLDataVolumeFillingUp", "MySQLBackupVolumeFillingUp", "MySQLMonitoringTargetsMissing",
    ];

    /// <summary>Renders shop-db (namespace shop, alerts on) and builds it with kubectl kustomize and <paramref name="transform"/>.</summary>
    private IReadOnlyList<YamlMappingNode> Kustomize(string transform)
    {
        var kubectl = ExternalTool.Require("kubectl", "kubectl with its built-in kustomize (v5.x)");
        var input = temp.Write("input/mysql.yaml", """
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

            """);
        var render = CliRunner.Run("render", Path.GetDirectoryName(input)!);
        Assert.True(render.ExitCode == 0, render.Stderr);
        temp.Write("kustomize/rendered.yaml", render.Stdout);
        temp.Write("kustomize/kustomization.yaml", "resources: [rendered.yaml]\n" + transform);
        var built = ProcessRunner.Run(kubectl, ["kustomize", temp.Of("kustomize")]);
        Assert.True(built.ExitCode == 0, built.Stderr);
        return Yaml.Documents(built.Stdout);
    }

    /// <summary>promtool test rules with the kustomized PrometheusRule's spec as the rule file.</summary>
    private CliResult Evaluate(IReadOnlyList<YamlMappingNode> objects, IEnumerable<string> alertTests)
    {
        RuleFiles.WriteSpec(temp.Path, objects);
        var test = temp.Write("test.yaml", $"""
            rule_files: [rules.yaml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
            {KubeStateMetricsModel.InputSeries(objects, "300")}
                alert_rule_test:
            {string.Join("", alertTests.Select(t => Indent(t, "    ")))}
            """);
        return PromTool.TestRules(test);
    }

    private static string Indent(string text, string prefix) =>
        string.Join("", text.Split('\n').Select(line => line.Length == 0 ? "\n" : prefix + line + "\n"));
}
