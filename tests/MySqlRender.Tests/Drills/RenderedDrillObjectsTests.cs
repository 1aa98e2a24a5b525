using k8s.Models;
using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.Drills;

/// <summary>
/// The rendered drill CronJob and PrometheusRule: when they appear, and that the drill pod is restricted, bounded and
/// has nothing to reach the live server with (Pod Security Standards "restricted", Kubernetes docs; generic ephemeral
/// volumes: "Ephemeral Volumes", Kubernetes docs).
/// </summary>
public sealed class RenderedDrillObjectsTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("mysqlrender-drill-render-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public void The_drill_pod_is_restricted_bounded_and_has_no_way_to_the_live_server()
    {
        var instance = Render("drill-db", "  storageClassName: fast\n  backup:\n    verify:\n      resources:\n        limits: {memory: 2Gi}\n");
        var cronJob = instance.One<V1CronJob>("verify-drill-db");
        var pod = cronJob.Spec.JobTemplate.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.Equal("0 5 * * 0", cronJob.Spec.Schedule);
        Assert.Equal("Forbid", cronJob.Spec.ConcurrencyPolicy);
        Assert.Equal(0, cronJob.Spec.JobTemplate.Spec.BackoffLimit);
        Assert.Equal(3600 + 1200 + 300, cronJob.Spec.JobTemplate.Spec.ActiveDeadlineSeconds);
        Assert.Equal("mysql:8.4", container.Image);
        Assert.Equal(["/bin/bash", "/opt/mysqlrender/scripts/verify.sh"], container.Command);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(999, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Equal("2Gi", container.Resources.Limits["memory"].ToString());
        Assert.Equal(["cpu", "ephemeral-storage", "memory"], container.Resources.Requests.Keys.Order());
        Assert.Equal("1024M", container.Env.Single(e => e.Name == "INNODB_BUFFER_POOL_SIZE").Value);
        // Nothing to connect with: no host, port, password, Secret volume or service links.
        Assert.DoesNotContain(container.Env, e => e.Name.StartsWith("MYSQL_", StringComparison.Ordinal) && e.Name != "MYSQL_DATABASE");
        Assert.All(pod.Volumes, v => Assert.Null(v.Secret));
        Assert.False(pod.EnableServiceLinks);
        // Scratch: a generic ephemeral claim as large as the data volume, in the instance's class.
        var scratch = pod.Volumes.Single(v => v.Name == "scratch").Ephemeral.VolumeClaimTemplate.Spec;
        Assert.Equal("1Gi", scratch.Resources.Requests["storage"].ToString());
        Assert.Equal("fast", scratch.StorageClassName);
        Assert.Equal(["ReadWriteOnce"], scratch.AccessModes);
        Assert.Contains(container.VolumeMounts, m => m.Name == "scratch" && m.MountPath == "/scratch");
        Assert.Equal("/scratch", container.Env.Single(e => e.Name == "SCRATCH_DIR").Value);
        // The backup volume is ReadWriteOnce: required affinity to the server pod, whose labels the selector matches.
        var affinity = Assert.Single(pod.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", affinity.TopologyKey);
        var serverLabels = instance.One<V1Deployment>("drill-db").Spec.Template.Metadata.Labels;
        Assert.All(affinity.LabelSelector.MatchLabels, l => Assert.Equal(l.Value, serverLabels[l.Key]));
        // The script reaches the pod through the job scripts ConfigMap, the library it sources through the server's,
        // both in the one folder of a projected volume.
        var scripts = pod.Volumes.Single(v => v.Name == "scripts").Projected.Sources.Select(s => instance.One<V1ConfigMap>(s.ConfigMap.Name)).ToList();
        Assert.Contains("verify.sh", scripts.SelectMany(m => m.Data.Keys));
        Assert.Contains("lib.sh", scripts.SelectMany(m => m.Data.Keys));
    }

    [Theory]
    [InlineData("  backup:\n    verify:\n      enabled: false\n", false)]
    [InlineData("  backup:\n    enabled: false\n", false)]
    [InlineData("  retired: true\n", false)]
    [InlineData("", true)]
    public void The_drill_is_rendered_by_default_with_backups_and_never_for_a_retired_instance(string extra, bool rendered)
    {
        var instance = Render("when-db", extra);

        Assert.Equal(rendered, instance.Find<V1CronJob>("verify-when-db") is not null);
    }

    [Fact]
    public void With_hostPath_volumes_the_scratch_space_is_a_size_limited_emptyDir()
    {
        var instance = Render("host-db", "  hostPath:\n    path: /data\n");
        var pod = instance.PodOf("CronJob", "verify-host-db");

        var scratch = pod.Volumes.Single(v => v.Name == "scratch");

        Assert.Null(scratch.Ephemeral);
        Assert.Equal("1Gi", scratch.EmptyDir.SizeLimit.ToString());
    }

    [Theory]
    [InlineData("  monitoring:\n    prometheusRule: true\n", true)]
    [InlineData("", false)]
    [InlineData("  monitoring:\n    prometheusRule: true\n  retired: true\n", false)]
    public void The_prometheus_rule_is_opt_in_and_never_for_a_retired_instance(string extra, bool rendered)
    {
        var folder = Path.Combine(work, "rule");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "mysql.yaml"), Resource("rule-db", extra));

        var result = CliRunner.Run("render", folder);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var rules = Yaml.Documents(result.Stdout).Where(d => Yaml.Text(d, "kind") == "PrometheusRule").ToList();
        Assert.Equal(rendered ? 1 : 0, rules.Count);
        if (rendered)
        {
            Assert.Equal("monitoring.coreos.com/v1", Yaml.Text(rules[0], "apiVersion"));
            Assert.Equal("rule-db-alerts", Yaml.Text(Yaml.Mapping(rules[0], "metadata"), "name"));
        }
    }

    private RenderedInstance Render(string name, string extra) =>
        RenderedInstance.RenderResource(Path.Combine(work, name), Resource(name, extra));

    private static string Resource(string name, string extra) => $"""
        apiVersion: otus.homework/v1
        kind: MySQL
        metadata:
          name: {name}
        spec:
          database: db
          password: render-test
          storage_size: 1Gi

        """ + extra;
}
