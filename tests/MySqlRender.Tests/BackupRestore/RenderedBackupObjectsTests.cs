using k8s.Models;
using MySqlRender.Model;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>What the backup objects must be in every rendering: restricted pods, no leaked secret, names that fit.</summary>
public sealed class RenderedBackupObjectsTests : IDisposable
{
    private static readonly string[] RestrictedVolumeKinds = ["configMap", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
    private readonly string work = Directory.CreateTempSubdirectory("mysqlrender-backup-render-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    public static TheoryData<string> Examples() => [.. ExampleFolders.Rendered];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_pod_meets_pod_security_restricted_and_has_requests_and_limits(string example)
    {
        var instance = RenderedInstance.Render($"examples/{example}");
        var pods = PodsOf(instance).ToList();
        Assert.NotEmpty(pods);

        foreach (var (owner, pod) in pods)
        {
            Assert.True(pod.SecurityContext.RunAsNonRoot, owner);
            Assert.Equal(999, pod.SecurityContext.RunAsUser);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            Assert.False(pod.AutomountServiceAccountToken, owner);
            Assert.All(pod.Volumes, v => Assert.Contains(VolumeKind(v), RestrictedVolumeKinds));
            foreach (var container in pod.Containers)
            {
                var where = $"{owner} container {container.Name}";
                Assert.True(container.SecurityContext.AllowPrivilegeEscalation == false, where);
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, where);
                Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
                Assert.Null(container.SecurityContext.Capabilities.Add);
                Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp"
                    && pod.Volumes.Single(v => v.Name == m.Name).EmptyDir is not null);
                foreach (var resource in new[] { "cpu", "memory", "ephemeral-storage" })
                {
                    Assert.True(container.Resources.Requests.ContainsKey(resource), $"{where}: no {resource} request");
                    Assert.True(container.Resources.Limits.ContainsKey(resource), $"{where}: no {resource} limit");
                }
                // Secrets arrive as files only; except the exporter's password: mysqld_exporter reads it from the
                // MYSQLD_EXPORTER_PASSWORD variable or from a my.cnf holding it in clear (mysqld_exporter README,
                // "Required Grants" / config/config.go), and a ConfigMap must not hold it.
                Assert.All(container.Env ?? [], e => Assert.True(e.ValueFrom?.SecretKeyRef is null
                    || (container.Name == "metrics" && e.Name == "MYSQLD_EXPORTER_PASSWORD"), $"{where}: {e.Name} from a Secret"));
            }
        }
    }

    [Fact]
    public void The_password_appears_only_in_the_secret()
    {
        var instance = RenderedInstance.Render("examples/seed");
        var secretText = instance.Yaml.Split("\n---\n").Single(d => d.Contains("\nkind: Secret\n", StringComparison.Ordinal));
        var encoded = Convert.ToBase64String("otuspassword"u8.ToArray());

        Assert.DoesNotContain("otuspassword", instance.Yaml);
        Assert.Contains(encoded, secretText);
        Assert.Equal(1, instance.Yaml.Split(encoded).Length - 1);
    }

    [Fact]
    public void The_longest_allowed_name_fits_every_derived_name_and_label()
    {
        var name = "a" + new string('b', 44);
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "long"), Resource(name, ""));

        var objects = instance.Objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>().ToList();
        Assert.Contains(objects, o => o.Kind == "CronJob" && o.Metadata.Name == $"backup-{name}" && o.Metadata.Name.Length == 52);
        // A ConfigMap name is a DNS subdomain (253; Kubernetes docs, "Object Names and IDs"): the scripts ConfigMaps'
        // NAME-server-scripts-<hash> may be longer than a label. Everything else keeps to 63.
        Assert.All(objects, o => Assert.True(o.Metadata.Name.Length <= (o.Kind == "ConfigMap" ? 253 : 63), o.Metadata.Name));
        Assert.All(objects, o => Assert.All(o.Metadata.Labels, l => Assert.True(l.Value.Length <= 63, l.Key)));
    }

    [Theory]
    [InlineData("", "Job/backup-x-job,Job/restore-x-job,CronJob/backup-x,CronJob/verify-x,Job/x-accounts")]
    [InlineData("  backup:\n    preDeleteHook: false\n", "Job/restore-x-job,CronJob/backup-x,CronJob/verify-x,Job/x-accounts")]
    [InlineData("  backup:\n    enabled: false\n", "Job/restore-x-job,Job/x-accounts")]
    [InlineData("  restore:\n    enabled: false\n", "Job/backup-x-job,CronJob/backup-x,CronJob/verify-x,Job/x-accounts")]
    [InlineData("  retired: true\n", "Job/backup-x-job")]
    public void Backup_objects_follow_the_spec(string extraSpec, string expected)
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "plan"), Resource("x", extraSpec));

        var jobs = instance.Kinds().Where(k => k.StartsWith("Job/", StringComparison.Ordinal) || k.StartsWith("CronJob/", StringComparison.Ordinal));
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), jobs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_retired_instance_keeps_nothing_but_what_its_final_backup_needs()
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "retired"), Resource("x", "  retired: true\n"));

        var scripts = Assert.Single(instance.Objects.OfType<V1ConfigMap>());
        Assert.Equal(["Secret/x-credentials", "PersistentVolumeClaim/backup-x-pvc", $"ConfigMap/{scripts.Metadata.Name}", "Job/backup-x-job"], instance.Kinds());
        var job = instance.One<V1Job>("backup-x-job");
        Assert.Equal("PreSync", job.Metadata.Annotations["argocd.argoproj.io/hook"]);
        // Argo CD runs a PreSync hook before it applies anything else of the sync, and hooks of one phase in wave
        // order (Argo CD docs, "Sync Phases and Waves"): the Job's scripts come in the same phase, one wave earlier.
        Assert.Equal("PreSync", scripts.Metadata.Annotations["argocd.argoproj.io/hook"]);
        Assert.Equal("-1", scripts.Metadata.Annotations["argocd.argoproj.io/sync-wave"]);
        Assert.False(job.Metadata.Annotations.ContainsKey("argocd.argoproj.io/sync-wave")); // wave 0
        Assert.Equal(scripts.Metadata.Name, job.Spec.Template.Spec.Volumes.Single(v => v.Name == "scripts").ConfigMap.Name);
        // Self-contained (nothing else of the instance is left), and no upload scripts without spec.backup.s3 (p12).
        Assert.Equal(["backup.sh", "lib.sh"], scripts.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(job.Spec.Template.Spec.Containers[0].Env, e => e.Name == "BACKUP_MODE" && e.Value == "final");
    }

    [Theory]
    [InlineData("1Gi", "", 4200, 4800)]
    [InlineData("10Gi", "", 9600, 15600)]
    [InlineData("1500Mi", "", 4800, 6000)]
    [InlineData("1Gi", "  deadlines:\n    backupSeconds: 7200\n    restoreSeconds: 9000\n", 7200, 9000)]
    public void Every_job_has_a_deadline_derived_from_the_data_size_or_set(string size, string extraSpec, long backup, long restore)
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "deadline"),
            Resource("x", extraSpec + "  backup:\n    beforeChange: mysql-8.4\n").Replace("storage_size: 1Gi", $"storage_size: {size}"));

        Assert.Equal(backup, instance.One<V1CronJob>("backup-x").Spec.JobTemplate.Spec.ActiveDeadlineSeconds);
        Assert.Equal(backup, instance.One<V1Job>("backup-x-job").Spec.ActiveDeadlineSeconds);
        Assert.Equal(backup, instance.One<V1Job>("backup-x-before").Spec.ActiveDeadlineSeconds);
        // The restore check and the accounts Job wait for a first start's import; the drill imports and starts a server.
        Assert.Equal(restore, instance.One<V1Job>("restore-x-job").Spec.ActiveDeadlineSeconds);
        Assert.Equal(restore, instance.One<V1Job>("x-accounts").Spec.ActiveDeadlineSeconds);
        Assert.Equal(restore + 300, instance.One<V1CronJob>("verify-x").Spec.JobTemplate.Spec.ActiveDeadlineSeconds);
        Assert.All(instance.Objects.OfType<V1Job>(), job => Assert.True(job.Spec.ActiveDeadlineSeconds is > 0, job.Metadata.Name));
    }

    [Fact]
    public void The_retired_final_backup_has_the_backup_deadline()
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "deadline-retired"), Resource("x", "  retired: true\n"));

        Assert.Equal(4200, instance.One<V1Job>("backup-x-job").Spec.ActiveDeadlineSeconds);
    }

    [Fact]
    public void Job_pods_keep_the_password_file_in_memory_and_end_their_log_in_the_termination_message()
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "tmp"), Resource("x", ""));

        foreach (var (owner, pod) in PodsOf(instance).Where(p => !p.Owner.StartsWith("Deployment/", StringComparison.Ordinal)))
        {
            var tmp = pod.Volumes.Single(v => v.Name == "tmp").EmptyDir;
            Assert.NotNull(tmp.SizeLimit);
            // Pods that write the client option file (the password) to /tmp keep it in memory; the restore drill
            // has no password at all (it never connects to the live server).
            if (pod.Volumes.Any(v => v.Name == "credentials"))
            {
                Assert.True(tmp.Medium == "Memory", owner);
            }
            Assert.All(pod.Containers, c => Assert.Equal("FallbackToLogsOnError", c.TerminationMessagePolicy));
        }
    }

    [Fact]
    public void The_hostpath_backup_volume_is_never_pruned_nor_deleted()
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "hostpath"), Resource("x", "  hostPath:\n    path: /data\n"));

        var volume = instance.One<V1PersistentVolume>("backup-x-pv");
        Assert.Equal("Prune=false,Delete=false", volume.Metadata.Annotations["argocd.argoproj.io/sync-options"]);
        Assert.Equal("Retain", volume.Spec.PersistentVolumeReclaimPolicy);
    }

    [Fact]
    public void A_before_change_value_renders_a_presync_backup_that_is_told_the_value()
    {
        var instance = RenderedInstance.RenderResource(Path.Combine(work, "before"),
            Resource("x", "  backup:\n    beforeChange: mysql-8.4-upgrade\n"));
        var without = RenderedInstance.RenderResource(Path.Combine(work, "before-none"), Resource("x", ""));
        var retired = RenderedInstance.RenderResource(Path.Combine(work, "before-retired"),
            Resource("x", "  retired: true\n  backup:\n    beforeChange: mysql-8.4-upgrade\n"));

        var job = instance.One<V1Job>("backup-x-before");
        Assert.Equal("PreSync", job.Metadata.Annotations["argocd.argoproj.io/hook"]);
        var env = job.Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("before-change", env["BACKUP_MODE"]);
        Assert.Equal("mysql-8.4-upgrade", env["BACKUP_CHANGE"]);
        Assert.Null(without.Find<V1Job>("backup-x-before"));
        Assert.Null(retired.Find<V1Job>("backup-x-before")); // the final backup covers it
    }

    private static string Resource(string name, string extraSpec) => $"""
        apiVersion: otus.homework/v1
        kind: MySQL
        metadata:
          name: {name}
        spec:
          database: app
          password: secret-value
          storage_size: 1Gi

        """ + extraSpec;

    private static IEnumerable<(string Owner, V1PodSpec Pod)> PodsOf(RenderedInstance instance)
    {
        foreach (var o in instance.Objects)
        {
            switch (o)
            {
                case V1Deployment d: yield return ($"Deployment/{d.Metadata.Name}", d.Spec.Template.Spec); break;
                case V1CronJob c: yield return ($"CronJob/{c.Metadata.Name}", c.Spec.JobTemplate.Spec.Template.Spec); break;
                case V1Job j: yield return ($"Job/{j.Metadata.Name}", j.Spec.Template.Spec); break;
            }
        }
    }

    private static string VolumeKind(V1Volume volume) =>
        volume.ConfigMap is not null ? "configMap"
        : volume.EmptyDir is not null ? "emptyDir"
        : volume.PersistentVolumeClaim is not null ? "persistentVolumeClaim"
        : volume.Secret is not null ? "secret"
        : volume.Ephemeral is not null ? "ephemeral" // the drill's scratch volume (i16)
        : volume.Projected is not null ? "projected" // the Jobs' scripts (the server's and their own ConfigMap), the accounts Job's passwords
        : "other";
}
