using k8s.Models;
using MySqlRender.Model;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>What the backup objects must be in every rendering: restricted pods, no leaked secret, names that fit.</summary>
public sealed class RenderedBackupObjectsTests : IDisposable
{
    private static readonly string[] RestrictedVolumeKinds = ["configMap", "emptyDir", "ephemeral", "persistentVolumeClaim", "secret"];
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
                Assert.All(container.Env ?? [], e => Assert.Null(e.ValueFrom?.SecretKeyRef)); // secrets arrive as files only
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
    [InlineData("", "Job/backup-x-job,Job/restore-x-job,CronJob/backup-x,CronJob/verify-x")]
    [InlineData("  backup:\n    preDeleteHook: false\n", "Job/restore-x-job,CronJob/backup-x,CronJob/verify-x")]
    [InlineData("  backup:\n    enabled: false\n", "Job/restore-x-job")]
    [InlineData("  restore:\n    enabled: false\n", "Job/backup-x-job,CronJob/backup-x,CronJob/verify-x")]
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
        Assert.Equal(["backup.sh", "lib.sh"], scripts.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(job.Spec.Template.Spec.Containers[0].Env, e => e.Name == "BACKUP_MODE" && e.Value == "final");
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
        : "other";
}
