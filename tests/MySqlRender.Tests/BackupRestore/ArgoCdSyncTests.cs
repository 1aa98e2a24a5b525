using k8s.Models;
using MySqlRender.Tests.Kubelet;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>Issue 13 defect 6 and the Argo CD phases of a first sync, through <see cref="ArgoCdSync"/>.</summary>
public sealed class ArgoCdSyncTests : BackupRestoreScenario
{
    [Fact]
    public void The_first_sync_on_wait_for_first_consumer_storage_becomes_healthy_and_runs_the_restore_check()
    {
        var on = Deploy(RenderResource("first-db"));

        var sync = new ArgoCdSync(on).Run(TimeSpan.FromSeconds(120));

        Assert.True(sync.Succeeded, sync.ToString());
        var check = Assert.Single(sync.Hooks, h => h.Last.Name.StartsWith("restore-first-db-job-", StringComparison.Ordinal));
        Assert.Contains("restore decision: nothing to restore", check.Output);
        Assert.Equal(sync.Hooks[^1], check); // PostSync: after the Sync hooks (the accounts Job)
    }

    [Fact]
    public void Without_the_server_mounting_the_backup_claim_the_first_sync_never_reaches_PostSync()
    {
        // The model fails as the real sync did before 0.2 (only Jobs mounted the backup claim): it is a real check.
        var on = Deploy(RenderResource("stuck-db"));
        var pod = on.Deployment.Spec.Template.Spec;
        pod.Volumes = [.. pod.Volumes.Where(v => v.PersistentVolumeClaim?.ClaimName != "backup-stuck-db-pvc")];
        foreach (var container in pod.InitContainers.Concat(pod.Containers))
        {
            container.VolumeMounts = [.. container.VolumeMounts.Where(m => pod.Volumes.Any(v => v.Name == m.Name))];
        }

        var sync = new ArgoCdSync(on).Run(TimeSpan.FromSeconds(5));

        Assert.False(sync.Succeeded);
        Assert.Equal("Sync", sync.Phase);
        Assert.Contains("PersistentVolumeClaim backup-stuck-db-pvc is Pending", sync.Message);
        Assert.DoesNotContain(sync.Hooks, h => h.Last.Name.StartsWith("restore-stuck-db-job-", StringComparison.Ordinal)); // PostSync never ran
    }
}
