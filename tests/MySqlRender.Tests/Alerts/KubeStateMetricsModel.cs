using System.Text;
using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests.Alerts;

/// <summary>
/// The series kube-state-metrics and the kubelet would export for a set of applied objects, as promtool input_series:
/// named after each object's metadata.name and namespace, with the labels kube-state-metrics documents
/// (docs/metrics/workload/deployment-metrics.md, cronjob-metrics.md, storage/persistentvolumeclaim-metrics.md) and
/// kubelet_volume_stats_* per claim. Every object is healthy: a ready server, CronJobs that succeeded after their last
/// schedule, volumes half full. Only names decide whether an alert sees them.
/// </summary>
public static class KubeStateMetricsModel
{
    public static string InputSeries(IEnumerable<YamlMappingNode> objects, string samples)
    {
        var series = new StringBuilder();
        void Add(string name, string labels, string values) =>
            series.Append($"      - series: '{name}{{{labels}}}'\n        values: '{values}'\n");
        foreach (var document in objects)
        {
            var kind = Yaml.Text(document, "kind");
            var metadata = Yaml.Mapping(document, "metadata");
            var name = Yaml.Text(metadata, "name");
            var ns = Yaml.Text(metadata, "namespace") ?? "default";
            switch (kind)
            {
                case "Deployment":
                    var deployment = $"namespace=\"{ns}\", deployment=\"{name}\"";
                    Add("kube_deployment_created", deployment, $"0x{samples}");
                    Add("kube_deployment_spec_replicas", deployment, $"1x{samples}");
                    Add("kube_deployment_status_replicas_available", deployment, $"1x{samples}");
                    break;
                case "CronJob":
                    var cronJob = $"namespace=\"{ns}\", cronjob=\"{name}\"";
                    Add("kube_cronjob_created", cronJob, $"0x{samples}");
                    Add("kube_cronjob_status_last_schedule_time", cronJob, $"60x{samples}");
                    Add("kube_cronjob_status_last_successful_time", cronJob, $"120+60x{samples}");
                    Add("kube_cronjob_status_active", cronJob, $"0x{samples}");
                    break;
                case "PersistentVolumeClaim":
                    var claim = $"namespace=\"{ns}\", persistentvolumeclaim=\"{name}\"";
                    Add("kube_persistentvolumeclaim_info", claim, $"1x{samples}");
                    Add("kubelet_volume_stats_capacity_bytes", claim, $"1000x{samples}");
                    Add("kubelet_volume_stats_available_bytes", claim, $"500x{samples}");
                    break;
            }
        }
        return series.ToString();
    }
}
