namespace MySqlRender.Model;

/// <summary>Reads the <see cref="PlatformSpec"/> fields of a spec that passed schema checks.</summary>
public static class PlatformReader
{
    public static PlatformSpec Read(FieldReader spec) => new(
        Users: [.. spec.Items("users").Select(ReadUser)],
        RemovedUsers: spec.Strings("removedUsers"),
        Config: [.. spec.StringMap("config").Select(e => new ServerOption(e.Key, e.Value))],
        Metrics: ReadMetrics(spec.Object("metrics")),
        NetworkPolicy: ReadNetworkPolicy(spec.Object("networkPolicy")),
        Pod: ReadPod(spec.Object("pod")),
        Tls: spec.Has("tls") ? ReadTls(spec.Object("tls")) : null);

    private static AppUser ReadUser(FieldReader user) =>
        new(user.RequiredString("name"), ModelFactory.ReadSecretRef(user.Object("passwordSecretRef")), user.RequiredString("access"));

    private static MetricsSpec ReadMetrics(FieldReader metrics)
    {
        var monitor = metrics.Object("serviceMonitor");
        return new MetricsSpec(
            Enabled: metrics.Boolean("enabled"),
            Image: metrics.RequiredString("image"),
            User: metrics.RequiredString("user"),
            PasswordSecretRef: metrics.Has("passwordSecretRef") ? ModelFactory.ReadSecretRef(metrics.Object("passwordSecretRef")) : null,
            ServiceMonitor: monitor.Boolean("enabled"),
            Interval: monitor.RequiredString("interval"),
            ServiceMonitorLabels: monitor.StringMap("labels"),
            Resources: ModelFactory.ReadResources(metrics.Object("resources"), ComputeDefaults.Exporter));
    }

    private static NetworkPolicySpec ReadNetworkPolicy(FieldReader policy) => new(
        policy.Boolean("enabled"),
        policy.Plain("allowFrom") as List<object?> ?? [],
        policy.RequiredString("monitoringNamespace"));

    private static PodPlacement ReadPod(FieldReader pod) => new(
        NodeSelector: pod.StringMap("nodeSelector"),
        Tolerations: pod.Plain("tolerations") as List<object?> ?? [],
        Affinity: pod.Plain("affinity"),
        PriorityClassName: pod.String("priorityClassName"),
        ImagePullSecrets: pod.Strings("imagePullSecrets"),
        Annotations: pod.StringMap("annotations"),
        Labels: pod.StringMap("labels"));

    private static TlsSpec ReadTls(FieldReader tls) => new(tls.RequiredString("secretName"), tls.Boolean("requireSecureTransport"));
}
