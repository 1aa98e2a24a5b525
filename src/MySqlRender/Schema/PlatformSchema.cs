using MySqlRender.Schema.Formats;

namespace MySqlRender.Schema;

/// <summary>
/// The fields a DBA and a platform team add to an instance: application users, server settings, metrics, network
/// policy, scheduling and TLS. Part of <see cref="MySqlSchema.Spec"/>; kept apart so each block reads on its own.
/// </summary>
public static class PlatformSchema
{
    public const string ExporterImage = "prom/mysqld-exporter:v0.17.2";
    public const string DefaultMonitoringNamespace = "monitoring";

    public static SchemaField SecretKeyReference(string what) => new("passwordSecretRef", FieldKind.Object,
        $"An existing Secret holding {what}.")
    {
        Required = true,
        Fields =
        [
            new("name", FieldKind.String, "Name of the Secret, in the instance's namespace.")
                { Required = true, Format = KubernetesName.Subdomain },
            new("key", FieldKind.String, "Key of the password inside the Secret.")
                { Default = "password", Format = KubernetesName.SecretKey },
        ],
    };

    public static readonly SchemaField Users = new("users", FieldKind.List,
        "Application users, applied by the NAME-accounts Job on every sync and by the server's first start: created, "
        + "password applied, privileges on spec.database set. Declared in Git, so a restore need not carry them.")
    {
        Item = new("user", FieldKind.Object, "An application user ('name'@'%').")
        {
            Fields =
            [
                new("name", FieldKind.String, "MySQL user name.") { Required = true, Format = MySqlUserName.Format },
                SecretKeyReference("the user's password"),
                new("access", FieldKind.String,
                    "readWrite: every privilege on spec.database except GRANT OPTION (DDL included, for migrations); "
                    + "readOnly: SELECT, SHOW VIEW, EXECUTE.")
                    { Default = "readWrite", Format = Choice.Of("readWrite", "readOnly") },
            ],
        },
    };

    public static readonly SchemaField RemovedUsers = new("removedUsers", FieldKind.List,
        "Users to drop. A user that only disappears from spec.users is kept, so a typo never drops one.")
    {
        Item = new("name", FieldKind.String, "MySQL user name.") { Format = MySqlUserName.Format },
    };

    public static readonly SchemaField Config = new("config", FieldKind.StringMap,
        "Server options (my.cnf [mysqld] names, '-' or '_') rendered into the NAME-config ConfigMap over the defaults; "
        + "yours win. A change restarts the server.")
    {
        Format = ServerOptionValue.Format,
        AcceptsIntegers = true,
    };

    public static readonly SchemaField Metrics = new("metrics", FieldKind.Object,
        "A mysqld_exporter sidecar with its own least-privilege user, a metrics port on the Service, optionally a ServiceMonitor.")
    {
        Fields =
        [
            new("enabled", FieldKind.Boolean, "Add the exporter sidecar.") { Default = false },
            new("image", FieldKind.String, "Exporter image.") { Default = ExporterImage, Format = ImageReference.Format },
            new("user", FieldKind.String, "The exporter's MySQL user ('user'@'localhost': it logs in over the pod's socket).")
                { Default = "mysqlrender_exporter", Format = MySqlUserName.Format },
            SecretKeyReference("the exporter user's password (required when enabled)") with { Required = false },
            new("serviceMonitor", FieldKind.Object, "A monitoring.coreos.com/v1 ServiceMonitor for the Prometheus Operator.")
            {
                Fields =
                [
                    new("enabled", FieldKind.Boolean, "Render the ServiceMonitor.") { Default = false },
                    new("interval", FieldKind.String, "Scrape interval.") { Default = "30s", Format = PrometheusDuration.Format },
                    new("labels", FieldKind.StringMap, "Extra labels, e.g. the release label your Prometheus selects."),
                ],
            },
            MySqlSchema.Resources("the exporter container"),
        ],
    };

    public static readonly SchemaField Selector = new("selector", FieldKind.Object, "A Kubernetes label selector.")
    {
        Fields =
        [
            new("matchLabels", FieldKind.StringMap, "Labels that must all match."),
            new("matchExpressions", FieldKind.List, "Set-based requirements.")
            {
                Item = new("requirement", FieldKind.Object, "A label selector requirement.")
                {
                    Fields =
                    [
                        new("key", FieldKind.String, "Label key.") { Required = true },
                        new("operator", FieldKind.String, "In, NotIn, Exists or DoesNotExist.")
                            { Required = true, Format = Choice.Of("In", "NotIn", "Exists", "DoesNotExist") },
                        new("values", FieldKind.List, "Values for In and NotIn.") { Item = new("value", FieldKind.String, "A label value.") },
                    ],
                },
            },
        ],
    };

    public static readonly SchemaField NetworkPolicy = new("networkPolicy", FieldKind.Object,
        "A NetworkPolicy: MySQL's port only from the listed peers and the instance's own backup, restore and drill pods; "
        + "the metrics port only from the monitoring namespace.")
    {
        Fields =
        [
            new("enabled", FieldKind.Boolean, "Render the NetworkPolicy.") { Default = false },
            new("allowFrom", FieldKind.List, "Peers allowed to connect to MySQL (Kubernetes NetworkPolicyPeer).")
            {
                Item = new("peer", FieldKind.Object, "A NetworkPolicyPeer.")
                {
                    Fields =
                    [
                        Selector with { Name = "podSelector", Description = "Pods (in the instance's namespace unless namespaceSelector is set)." },
                        Selector with { Name = "namespaceSelector", Description = "Namespaces." },
                        new("ipBlock", FieldKind.Object, "An IP range.")
                        {
                            Fields =
                            [
                                new("cidr", FieldKind.String, "A CIDR, e.g. 10.0.0.0/16.") { Required = true },
                                new("except", FieldKind.List, "CIDRs to leave out.") { Item = new("cidr", FieldKind.String, "A CIDR.") },
                            ],
                        },
                    ],
                },
            },
            new("monitoringNamespace", FieldKind.String, "Namespace whose pods may scrape the metrics port.")
                { Default = DefaultMonitoringNamespace, Format = KubernetesName.Label },
        ],
    };

    public static readonly SchemaField Pod = new("pod", FieldKind.Object,
        "Scheduling and pulling of the server pod; the backup, restore and drill pods inherit tolerations, "
        + "imagePullSecrets, nodeSelector and priorityClassName so they can run where the server's volumes are.")
    {
        Fields =
        [
            new("nodeSelector", FieldKind.StringMap, "Node labels the server pod requires."),
            new("tolerations", FieldKind.List, "Tolerations (Kubernetes Toleration).")
            {
                Item = new("toleration", FieldKind.Object, "A Toleration.")
                {
                    Fields =
                    [
                        new("key", FieldKind.String, "Taint key; empty with operator Exists matches every taint."),
                        new("operator", FieldKind.String, "Exists or Equal.") { Format = Choice.Of("Exists", "Equal") },
                        new("value", FieldKind.String, "Taint value (operator Equal)."),
                        new("effect", FieldKind.String, "NoSchedule, PreferNoSchedule or NoExecute; empty matches all.")
                            { Format = Choice.Of("NoSchedule", "PreferNoSchedule", "NoExecute") },
                        new("tolerationSeconds", FieldKind.Integer, "For NoExecute: how long the pod stays bound.")
                            { Minimum = 0, Maximum = long.MaxValue },
                    ],
                },
            },
            new("affinity", FieldKind.Object, "Kubernetes Affinity of the server pod, as written (checked by the API server).")
                { AllowAnyFields = true },
            new("priorityClassName", FieldKind.String, "PriorityClass of the server, backup, restore and drill pods.")
                { Format = KubernetesName.Subdomain },
            new("imagePullSecrets", FieldKind.List, "Names of Secrets to pull images with.")
                { Item = new("name", FieldKind.String, "A Secret name.") { Format = KubernetesName.Subdomain } },
            new("annotations", FieldKind.StringMap, "Annotations of the server pod."),
            new("labels", FieldKind.StringMap, "Extra labels of the server pod (the selector's labels cannot be changed)."),
        ],
    };

    public static readonly SchemaField Tls = new("tls", FieldKind.Object,
        "TLS for clients from a kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt), e.g. a cert-manager Certificate's.")
    {
        Fields =
        [
            new("secretName", FieldKind.String, "The Secret.") { Required = true, Format = KubernetesName.Subdomain },
            new("requireSecureTransport", FieldKind.Boolean, "Refuse unencrypted connections (require_secure_transport=ON).")
                { Default = false },
        ],
    };

    public static IReadOnlyList<SchemaField> All => [Users, RemovedUsers, Config, Metrics, NetworkPolicy, Pod, Tls];
}
