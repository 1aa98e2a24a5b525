using k8s.Models;
using MySqlRender.Rendering;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// Issue 13's server pod as rendered (DESIGN.md "Server pod", docs/backup-restore.md "Start and restore (0.2)"):
/// the server-init container, the data directory as the subfolder `data` of the data volume, and the backup claim
/// mounted by the server pod so that a WaitForFirstConsumer claim binds on the server's node; every other pod that
/// mounts that ReadWriteOnce claim follows it there (Kubernetes docs, "Assigning Pods to Nodes", inter-pod affinity).
/// </summary>
public sealed class ServerPodRenderTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("mysqlrender-server-pod-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public void The_server_pod_runs_server_init_last_before_mysql_with_the_whole_data_volume_and_the_backup_claim()
    {
        var pod = Render("x", "").One<V1Deployment>("x").Spec.Template.Spec;

        var init = pod.InitContainers.Last(); // containers that fetch dumps go before it
        Assert.Equal("server-init", init.Name);
        Assert.Equal(["/bin/bash", ScriptBundles.MountPath + "/server-init.sh"], init.Command);
        var mysql = pod.Containers.Single(c => c.Name == "mysql");
        Assert.Equal(mysql.Image, init.Image);
        Assert.Equal(
            ["data:/var/lib/mysql-volume:rw", "backup:/backup:ro", "credentials:/etc/mysql-credentials:ro", $"scripts:{ScriptBundles.MountPath}:ro", "tmp:/tmp:rw",
                // i17: NAME-config copied into the config emptyDir (the mysql container's conf.d), the accounts' Secrets
                "config-source:/etc/mysqlrender/config:ro", "config:/etc/mysqlrender/conf.d:rw", "accounts:/etc/mysql-accounts:ro"],
            init.VolumeMounts.Select(m => $"{m.Name}:{m.MountPath}:{(m.ReadOnlyProperty == true ? "ro" : "rw")}"));
        var env = init.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("/var/lib/mysql-volume", env["DATA_ROOT"]);
        Assert.Equal("x", env["BACKUP_PREFIX"]);
        Assert.Equal("app", env["MYSQL_DATABASE"]);
        Assert.False(env.ContainsKey("RESTORE_FROM"));
        Assert.Equal(["data:/var/lib/mysql", "tmp:/var/lib/mysql-tmp"], mysql.VolumeMounts.Where(m => m.Name == "data").Select(m => $"{m.SubPath}:{m.MountPath}"));
        Assert.Equal("/etc/mysql/conf.d", mysql.VolumeMounts.Single(m => m.Name == "config").MountPath);
        Assert.Equal("backup-x-pvc", pod.Volumes.Single(v => v.Name == "backup").PersistentVolumeClaim.ClaimName);
        // The mysql container sees the backup volume read-only, for NAME.read-only at each of its starts (server-start.sh).
        Assert.True(mysql.VolumeMounts.Single(m => m.Name == "backup") is { MountPath: "/backup", ReadOnlyProperty: true });
        Assert.Equal(["/bin/bash", "/opt/mysqlrender/scripts/server-start.sh"], mysql.Command);
        Assert.Null(mysql.Args); // server-start.sh runs docker-entrypoint.sh mysqld, the image's own ENTRYPOINT and CMD
    }

    [Fact]
    public void Restore_from_reaches_server_init_only()
    {
        var instance = Render("x", "  restore:\n    from: x-20260101T000000Z.sql.gz\n");

        var init = instance.One<V1Deployment>("x").Spec.Template.Spec.InitContainers.Single(c => c.Name == "server-init");
        Assert.Equal("x-20260101T000000Z.sql.gz", init.Env.Single(e => e.Name == "RESTORE_FROM").Value);
    }

    [Fact]
    public void The_server_scripts_hold_server_init_and_the_library_it_sources()
    {
        Assert.Contains("server-init.sh", ScriptBundles.ServerScripts);
        Assert.Contains("lib.sh", ScriptBundles.ServerScripts);
        Assert.Contains(". \"${BASH_SOURCE[0]%/*}/lib.sh\"", File.ReadAllText(RepoPaths.Of("templates", "scripts", "server-init.sh")));
    }

    [Fact]
    public void Every_other_pod_that_mounts_the_backup_claim_must_run_on_the_servers_node()
    {
        var instance = Render("x", "  backup:\n    beforeChange: v2\n");

        var pods = PodsMountingTheBackupClaim(instance).Where(p => !p.Owner.StartsWith("Deployment/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["CronJob/backup-x", "CronJob/verify-x", "Job/backup-x-before", "Job/backup-x-job", "Job/restore-x-job"], pods.Select(p => p.Owner).Order(StringComparer.Ordinal));
        foreach (var (owner, pod) in pods)
        {
            var term = Assert.Single(pod.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
            AssertServerTerm(owner, term);
            Assert.Null(pod.Affinity.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        }
    }

    [Fact]
    public void The_retired_final_backup_only_prefers_the_servers_node_so_it_runs_when_the_server_is_gone()
    {
        var pod = Render("x", "  retired: true\n").One<V1Job>("backup-x-job").Spec.Template.Spec;

        Assert.Null(pod.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        var preferred = Assert.Single(pod.Affinity.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        AssertServerTerm("Job/backup-x-job", preferred.PodAffinityTerm);
    }

    private static void AssertServerTerm(string owner, V1PodAffinityTerm term)
    {
        Assert.True(term.TopologyKey == "kubernetes.io/hostname", owner);
        Assert.Equal(
            new Dictionary<string, string> { ["app.kubernetes.io/instance"] = "x", ["app.kubernetes.io/component"] = "database" },
            term.LabelSelector.MatchLabels);
    }

    private RenderedInstance Render(string name, string extraSpec) =>
        RenderedInstance.RenderResource(Path.Combine(work, Guid.NewGuid().ToString("N")), $"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: {name}
            spec:
              database: app
              password: secret-value
              storage_size: 1Gi

            """ + extraSpec);

    private static IEnumerable<(string Owner, V1PodSpec Pod)> PodsMountingTheBackupClaim(RenderedInstance instance)
    {
        foreach (var o in instance.Objects)
        {
            var (owner, pod) = o switch
            {
                V1Deployment d => ($"Deployment/{d.Metadata.Name}", d.Spec.Template.Spec),
                V1CronJob c => ($"CronJob/{c.Metadata.Name}", c.Spec.JobTemplate.Spec.Template.Spec),
                V1Job j => ($"Job/{j.Metadata.Name}", j.Spec.Template.Spec),
                _ => ((string?)null, (V1PodSpec?)null),
            };
            if (pod is not null && pod.Volumes.Any(v => v.PersistentVolumeClaim?.ClaimName == "backup-x-pvc"))
            {
                yield return (owner!, pod);
            }
        }
    }
}
