using k8s.Models;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// The server pod of release 0.1 (docs/backup-restore.md "Start and restore (0.2)"), for upgrade tests: no init
/// container, the data claim mounted whole at /var/lib/mysql (the image initialises the volume root) and no backup
/// volume. Derived from the current rendering by taking away what issue 13 added, so everything else (image,
/// probes, credentials) stays what the upgrade keeps.
/// </summary>
public static class Release01Deployment
{
    public static void Apply(V1Deployment deployment)
    {
        var pod = deployment.Spec.Template.Spec;
        pod.InitContainers = null;
        var mysql = pod.Containers.Single(c => c.Name == "mysql");
        mysql.Command = null; // 0.2's server-start.sh: 0.1 ran the image's entrypoint
        mysql.Env = mysql.Env.Where(e => e.Name is not ("BACKUP_DIR" or "BACKUP_PREFIX" or "CONFIG_DIR")).ToList();
        mysql.VolumeMounts = mysql.VolumeMounts.Where(m => (m.Name != "data" || m.SubPath != "tmp") && m.Name != "backup").ToList(); // 0.2's tmpdir
        mysql.VolumeMounts.Single(m => m.Name == "data").SubPath = null;
        pod.Volumes = pod.Volumes.Where(v => v.Name != "backup").ToList();
    }
}
