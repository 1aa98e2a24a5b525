using MySqlRender.Schema.Formats;

namespace MySqlRender.Schema;

/// <summary>The MySQL custom resource, field by field. Add a field here and it reaches validation, CRD and docs.</summary>
public static class MySqlSchema
{
    public const string Group = "otus.homework";
    public const string Version = "v1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Kind = "MySQL";
    public const string Plural = "mysqls";
    public const string DefaultImage = "mysql:8.4";

    private static readonly string[] ResourceNames = ["cpu", "memory", "ephemeral-storage"];

    private static readonly Dictionary<string, string> ResourceHints = new()
    {
        ["cpu"] = "CPU is in cores or millicores, e.g. 2 or 500m",
        ["memory"] = "memory is in bytes, e.g. 512Mi or 2Gi; not 512MB",
        ["ephemeral-storage"] = "ephemeral storage is in bytes, e.g. 1Gi; not 1GB",
    };

    public static SchemaField Resources(string whose) => new("resources", FieldKind.Object,
        $"Compute resources of {whose}; each key given replaces the default of that key.")
    {
        Fields =
        [
            new("requests", FieldKind.StringMap, "Requested resources: cpu, memory, ephemeral-storage.")
                { Format = Quantity.Format, AllowedKeys = ResourceNames, KeyHints = ResourceHints },
            new("limits", FieldKind.StringMap, "Resource limits: cpu, memory, ephemeral-storage.")
                { Format = Quantity.Format, AllowedKeys = ResourceNames, KeyHints = ResourceHints },
        ],
    };

    // i16: restore drills
    public static readonly SchemaField Verify = new("verify", FieldKind.Object,
        "Restore drills: a CronJob imports the newest complete dump into a throwaway server in its own pod and checks "
        + "tables, views and row counts against the dump's manifest (docs/backup-restore.md).")
    {
        Fields =
        [
            new("enabled", FieldKind.Boolean, "Render the drill CronJob verify-{name}.") { Default = true },
            new("schedule", FieldKind.String, "When to drill: five cron fields or @weekly, @daily, ...")
                { Default = "0 5 * * 0", Format = CronSchedule.Format },
            Resources("the drill's throwaway server"),
        ],
    };

    // i16: alerts
    public static readonly SchemaField Monitoring = new("monitoring", FieldKind.Object,
        "Alerting on kube-state-metrics and kubelet series (docs/backup-restore.md#alerts).")
    {
        Fields =
        [
            new("prometheusRule", FieldKind.Boolean,
                "Render a PrometheusRule (monitoring.coreos.com/v1; needs the Prometheus Operator's CRD) with backup, drill, "
                + "readiness and volume alerts.")
                { Default = false },
        ],
    };

    // ---- i15: off-cluster backups (issue 15) ----
    public const string DefaultRcloneImage = "rclone/rclone:1.65.1";
    public static readonly ValueFormat RestoreSources = WordChoice.Words("restore-source", "auto", "local", "s3");

    private static SchemaField SecretRef(string what, string defaultKey) => new("secretRef", FieldKind.Object, $"The Secret holding {what}.")
    {
        Required = true,
        Fields =
        [
            new("name", FieldKind.String, "Name of the Secret, in the instance's namespace.")
                { Required = true, Format = KubernetesName.Subdomain },
            new("key", FieldKind.String, "Key inside the Secret.") { Default = defaultKey, Format = KubernetesName.SecretKey },
        ],
    };

    public static readonly SchemaField BackupS3 = new("s3", FieldKind.Object,
        "Copy every verified dump to S3-compatible object storage with rclone (docs/backup-restore.md, \"Off-cluster backups\").")
    {
        Fields =
        [
            new("bucket", FieldKind.String, "The bucket; it must exist.") { Required = true, Format = S3BucketName.Format },
            new("prefix", FieldKind.String, "Key prefix of this instance's dumps inside the bucket (never guessed from a namespace).")
                { DefaultDescription = "the instance name", Format = S3Prefix.Format },
            new("endpoint", FieldKind.String, "S3 endpoint URL (MinIO, Ceph RGW, another cloud); AWS S3 when unset.")
                { Format = HttpEndpoint.Format },
            new("region", FieldKind.String, "Region of the bucket.") { Format = S3Region.Format },
            new("forcePathStyle", FieldKind.Boolean, "Path-style requests (https://host/bucket/key), as MinIO and Ceph RGW need.")
                { Default = false },
            new("credentialsSecretRef", FieldKind.Object,
                "A Secret with the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Unset: workload identity (rclone's env_auth).")
            {
                Fields = [new("name", FieldKind.String, "Name of the Secret, in the instance's namespace.")
                    { Required = true, Format = KubernetesName.Subdomain }],
            },
            new("serviceAccountName", FieldKind.String,
                "Service account of the backup and fetch pods for workload identity (IRSA, EKS Pod Identity).")
                { Format = KubernetesName.Subdomain },
            new("caSecretRef", FieldKind.Object, "A Secret holding the private CA certificate (PEM) of the endpoint.")
            {
                Fields =
                [
                    new("name", FieldKind.String, "Name of the Secret, in the instance's namespace.")
                        { Required = true, Format = KubernetesName.Subdomain },
                    new("key", FieldKind.String, "Key of the certificate inside the Secret.")
                        { Default = "ca.crt", Format = KubernetesName.SecretKey },
                ],
            },
            new("encryption", FieldKind.Object,
                "Client-side encryption (rclone crypt: contents and names) before anything leaves the pod.")
            {
                Fields = [SecretRef("the passphrase", "passphrase")],
            },
            new("keep", FieldKind.Integer, "How many complete dumps to keep in the bucket; the newest complete one is never deleted.")
                { DefaultDescription = "spec.backup.keep", Minimum = 1, Maximum = 10000 },
            new("image", FieldKind.String, "The rclone image of the upload and fetch containers.")
                { Default = DefaultRcloneImage, Format = ImageReference.Format },
        ],
    };
    // ---- end i15 ----

    public static readonly SchemaField Backup = new("backup", FieldKind.Object,
        "Scheduled backups to a volume that outlives the instance.")
    {
        Fields =
        [
            new("enabled", FieldKind.Boolean, "Render the backup CronJob.") { Default = true },
            new("schedule", FieldKind.String, "When to back up: five cron fields or @daily, @hourly, ...")
                { Default = "0 3 * * *", Format = CronSchedule.Format },
            new("timeZone", FieldKind.String, "IANA time zone of the schedule; the controller's zone (usually UTC) when unset.")
                { Format = TimeZoneName.Format },
            new("keep", FieldKind.Integer, "How many of the newest dumps to keep.") { Default = 7L, Minimum = 1, Maximum = 1000 },
            new("suspend", FieldKind.Boolean, "Pause the schedule without deleting anything.") { Default = false },
            new("preDeleteHook", FieldKind.Boolean,
                "Render a PreDelete hook Job that backs up before Argo CD deletes the Application (Argo CD 3.3+; older "
                + "versions never run it). Set false under plain kubectl apply, where it would run as an ordinary Job.")
                { Default = true },
            new("storageSize", FieldKind.String, "Size of the backup volume.") { Default = "1Gi", Format = Quantity.PositiveFormat },
            new("storageClassName", FieldKind.String, "Storage class of the backup volume.")
                { DefaultDescription = "spec.storageClassName", Format = KubernetesName.Subdomain },
            Resources("the backup and restore containers"),
            Verify,
            BackupS3,
            new("beforeChange", FieldKind.String,
                "Take a backup before the change this names (an image upgrade, a big migration): each new value renders a "
                + "PreSync hook Job that dumps the running server before Argo CD applies anything, once per value (the "
                + "values served are recorded on the backup volume). Argo CD only; set it in the same commit as the change.")
                { Format = ChangeName.Format },
        ],
    };

    public static readonly SchemaField Deadlines = new("deadlines", FieldKind.Object,
        "activeDeadlineSeconds of the instance's Jobs: a Job that runs longer fails instead of blocking later runs, syncs "
        + "and the deletion of the Application.")
    {
        Fields =
        [
            new("backupSeconds", FieldKind.Integer,
                "Backups: every scheduled run, the final, pre-delete and before-change backups.")
                { DefaultDescription = Model.JobDeadlines.BackupRule, Minimum = 600, Maximum = 7 * 24 * 3600 },
            new("restoreSeconds", FieldKind.Integer,
                "The restore check and the accounts Job, which wait for a first start's import of a whole dump, and the "
                + "restore drill (plus 300 s for its own server's start).")
                { DefaultDescription = Model.JobDeadlines.RestoreRule, Minimum = 600, Maximum = 7 * 24 * 3600 },
        ],
    };

    public static readonly SchemaField Restore = new("restore", FieldKind.Object,
        "Restore from the newest backup when the instance starts with an empty database.")
    {
        Fields =
        [
            new("enabled", FieldKind.Boolean, "Render the restore Job.") { Default = true },
            new("from", FieldKind.String, "Restore this dump file (a name inside the backup volume) instead of the newest.")
                { Format = DumpFileName.Format },
            // i15: where a restore may take its dump from (issue 15)
            new("source", FieldKind.String,
                "Where the restore takes its dump from: auto (the newest valid dump of the backup volume and spec.backup.s3), "
                + "local (the backup volume only) or s3 (the bucket only).")
                { Default = "auto", Format = RestoreSources },
            new("s3Prefix", FieldKind.String,
                "Fetch dumps from this prefix of spec.backup.s3.bucket instead of the instance's own, e.g. to clone production "
                + "into staging. The restore only reads it; backups still go to spec.backup.s3.prefix.")
                { Format = S3Prefix.Format },
        ],
    };


    public static readonly SchemaField Spec = new("spec", FieldKind.Object, "The desired MySQL instance.")
    {
        Required = true,
        Fields =
        [
            new("image", FieldKind.String, "MySQL server image.")
                { Default = DefaultImage, Format = MySqlImage.Format },
            new("database", FieldKind.String, "Database created on first start, backed up and restored.")
                { Required = true, Format = MySqlIdentifier.DatabaseName },
            new("password", FieldKind.String,
                "Root password in plain text (kept for compatibility; warned about). Prefer passwordSecretRef.")
                { Format = NonEmpty },
            PlatformSchema.SecretKeyReference("the root password (Sealed Secrets, External Secrets, SOPS, ...)") with { Required = false },
            new("storage_size", FieldKind.String, "Size of the data volume.") { Required = true, Format = Quantity.PositiveFormat },
            new("storageClassName", FieldKind.String, "Storage class of the data volume; the cluster default when unset.")
                { Format = KubernetesName.Subdomain },
            Resources("the MySQL container"),
            new("hostPath", FieldKind.Object,
                "Opt-in static hostPath PersistentVolumes (Retain) for clusters without a provisioner, as the original operator made.")
            {
                Fields =
                [
                    new("path", FieldKind.String,
                        "Host folder under which each volume gets its own folder, named like its PersistentVolume.")
                        { Default = "/data", Format = AbsolutePath.Format },
                    new("node", FieldKind.String,
                        "Node whose folders hold the volumes (its kubernetes.io/hostname label): the PersistentVolumes get that node "
                        + "affinity, names and folders that include the namespace ({namespace}-{name}-pv) and a claimRef. For new "
                        + "instances: an existing PV's affinity and name cannot change, so 0.1 instances leave it unset.")
                        { Format = KubernetesName.Subdomain },
                ],
            },
            Backup,
            Restore,
            Monitoring,
            Deadlines,
            .. PlatformSchema.All,
            new("retired", FieldKind.Boolean,
                "Take a final backup and remove the instance: renders only the backup volume and a PreSync backup hook.")
                { Default = false },
        ],
    };

    public static readonly SchemaField Metadata = new("metadata", FieldKind.Object, "Standard object metadata.")
    {
        Required = true,
        IgnoredKeys = ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "finalizers",
            "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"],
        Fields =
        [
            new("name", FieldKind.String, "Instance name; derived object names must fit Kubernetes limits.")
                { Required = true, Format = InstanceName.Format },
            new("namespace", FieldKind.String, "Namespace of every object of the instance.") { Format = KubernetesName.Label },
            new("labels", FieldKind.StringMap, "Labels of the resource (not copied to rendered objects)."),
            new("annotations", FieldKind.StringMap, "Annotations of the resource (not copied to rendered objects)."),
        ],
    };

    public static readonly SchemaField Resource = new("MySQL", FieldKind.Object, "A MySQL instance.")
    {
        Fields =
        [
            new("apiVersion", FieldKind.String, $"Always {ApiVersion}.") { Required = true },
            new("kind", FieldKind.String, $"Always {Kind}.") { Required = true },
            Metadata,
            Spec,
            new("status", FieldKind.Object, "Ignored; present when a resource is exported from a cluster.") { AllowAnyFields = true },
        ],
    };

    private static readonly ValueFormat NonEmpty = new("non-empty", "a non-empty string",
        text => text.Length == 0 ? "must not be empty" : null);
}
