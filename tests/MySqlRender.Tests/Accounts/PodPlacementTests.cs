using k8s;
using k8s.Models;
using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.Accounts;

/// <summary>
/// Issue 17 item 5: spec.pod places the server pod; every other pod inherits what it needs to run where the server's
/// volumes are (tolerations and nodeSelector of the server's nodes, pull secrets, priority), and keeps its own
/// podAffinity to the server instead of spec.pod.affinity (Kubernetes "Assigning Pods to Nodes":
/// https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/; a pod without the toleration of a tainted
/// node is never scheduled there, https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/).
/// </summary>
public sealed class PodPlacementTests : IDisposable
{
    private const string Placement = """
          pod:
            nodeSelector: {pool: db}
            tolerations:
              - {key: dedicated, operator: Equal, value: database, effect: NoSchedule}
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions: [{key: zone, operator: In, values: [a]}]
            priorityClassName: db-critical
            imagePullSecrets: [mirror]
            labels: {team: shop}
            annotations: {note: kept}

        """;

    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void The_server_pod_takes_spec_pod_and_every_job_pod_inherits_what_runs_it_on_the_servers_node()
    {
        var instance = Render("placed", "  backup:\n    beforeChange: v2\n" + Placement);

        var server = instance.One<V1Deployment>("placed").Spec.Template;
        AssertInherited("Deployment/placed", server.Spec);
        Assert.Equal("zone", server.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Key);
        Assert.Equal("shop", server.Metadata.Labels["team"]);
        Assert.Equal("placed", server.Metadata.Labels["app"]); // the selector's label stays
        Assert.Equal("kept", server.Metadata.Annotations["note"]);

        var jobs = JobPods(instance).ToList();
        Assert.Equal(["CronJob/backup-placed", "CronJob/verify-placed", "Job/backup-placed-before", "Job/backup-placed-job", "Job/placed-accounts",
            "Job/restore-placed-job"], jobs.Select(j => j.Owner).Order(StringComparer.Ordinal));
        foreach (var (owner, pod) in jobs)
        {
            AssertInherited(owner, pod);
            Assert.Null(pod.Affinity?.NodeAffinity); // they follow the server pod, not spec.pod.affinity
        }
    }

    [Fact]
    public void With_backups_in_a_bucket_the_drill_pod_from_the_bucket_inherits_the_placement_too()
    {
        // The drill then reads the bucket instead of the backup volume, but still pulls the instance's image.
        var instance = Render("offsite", "  backup:\n    s3:\n      bucket: dumps\n      credentialsSecretRef: {name: offsite-s3}\n" + Placement);

        var drill = instance.One<V1CronJob>("verify-offsite").Spec.JobTemplate.Spec.Template.Spec;
        Assert.Contains(drill.InitContainers, c => c.Name == "fetch"); // the drill from the bucket
        foreach (var (owner, pod) in JobPods(instance))
        {
            AssertInherited(owner, pod);
        }
    }

    [Fact]
    public void A_retired_instances_final_backup_inherits_the_placement_too()
    {
        var instance = Render("gone", "  retired: true\n" + Placement);

        var (owner, pod) = Assert.Single(JobPods(instance));
        AssertInherited(owner, pod);
    }

    private static void AssertInherited(string owner, V1PodSpec pod)
    {
        Assert.True(pod.NodeSelector?["pool"] == "db", $"{owner}: nodeSelector");
        var toleration = Assert.Single(pod.Tolerations ?? []);
        Assert.Equal(("dedicated", "Equal", "database", "NoSchedule"), (toleration.Key, toleration.OperatorProperty, toleration.Value, toleration.Effect));
        Assert.True(pod.PriorityClassName == "db-critical", $"{owner}: priorityClassName");
        Assert.Equal(["mirror"], (pod.ImagePullSecrets ?? []).Select(s => s.Name));
    }

    private static IEnumerable<(string Owner, V1PodSpec Pod)> JobPods(RenderedInstance instance) =>
        instance.Objects.Select(o => o switch
        {
            V1Job job => ($"Job/{job.Metadata.Name}", job.Spec.Template.Spec),
            V1CronJob cronJob => ($"CronJob/{cronJob.Metadata.Name}", cronJob.Spec.JobTemplate.Spec.Template.Spec),
            _ => ((string, V1PodSpec)?)null,
        }).OfType<(string, V1PodSpec)>();

    private RenderedInstance Render(string name, string extraSpec) => RenderedInstance.RenderResource(work.Combine(name), $"""
        apiVersion: otus.homework/v1
        kind: MySQL
        metadata:
          name: {name}
        spec:
          image: mysql:8.4
          database: app
          passwordSecretRef: {"{"}name: {name}-root{"}"}
          storage_size: 1Gi

        """ + extraSpec);
}
