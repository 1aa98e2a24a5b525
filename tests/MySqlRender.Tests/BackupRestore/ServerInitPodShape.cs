using k8s.Models;

namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// The server pod of issue 13 (DESIGN.md "Server pod"): the rendered Deployment plus the server-init init container
/// (templates/scripts/server-init.sh after lib.sh), the data volume mounted whole by it and through subPath `data` by
/// the mysql container, and the backup claim mounted read-only. Template files may change only once the Scriban
/// engine is on main, so until then the tests apply this shape to the rendered Deployment; the template will render
/// exactly this and the tests will read it from the output instead.
/// </summary>
public static class ServerInitPodShape
{
    public const string DataRoot = "/var/lib/mysql-volume";

    public static void Apply(V1Deployment deployment, string instanceName, string? restoreFrom = null)
    {
        var pod = deployment.Spec.Template.Spec;
        var mysql = pod.Containers.Single(c => c.Name == "mysql");
        if (pod.InitContainers?.Any(c => c.Name == "server-init") == true)
        {
            return;
        }
        mysql.VolumeMounts.Single(m => m.Name == "data").SubPath = "data";
        var backupClaim = $"backup-{instanceName}-pvc";
        if (!pod.Volumes.Any(v => v.Name == "backup")) // i15's fetch container already brings the backup claim
        {
            pod.Volumes.Add(new V1Volume { Name = "backup", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = backupClaim } });
        }
        var database = mysql.Env.Single(e => e.Name == "MYSQL_DATABASE").Value;
        var env = new List<V1EnvVar>
        {
            new() { Name = "DATA_ROOT", Value = DataRoot },
            new() { Name = "MYSQL_DATABASE", Value = database },
            new() { Name = "MYSQL_ROOT_PASSWORD_FILE", Value = "/etc/mysql-credentials/password" },
            new() { Name = "BACKUP_DIR", Value = "/backup" },
            new() { Name = "BACKUP_PREFIX", Value = instanceName },
            new() { Name = "TMPDIR", Value = "/tmp" },
        };
        if (restoreFrom is not null)
        {
            env.Add(new V1EnvVar { Name = "RESTORE_FROM", Value = restoreFrom });
        }
        // After the init containers the template renders (i15's fetch, which must run first), as the merged pod has it.
        pod.InitContainers =
        [
            .. pod.InitContainers ?? [],
            new V1Container
            {
                Name = "server-init",
                Image = mysql.Image,
                Command = ["/bin/bash", "-c", Script()],
                Env = env,
                Resources = mysql.Resources,
                SecurityContext = mysql.SecurityContext,
                VolumeMounts =
                [
                    new V1VolumeMount { Name = "data", MountPath = DataRoot },
                    new V1VolumeMount { Name = "backup", MountPath = "/backup", ReadOnlyProperty = true },
                    new V1VolumeMount { Name = "credentials", MountPath = "/etc/mysql-credentials", ReadOnlyProperty = true },
                    new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
                ],
            },
        ];
    }

    private static string Script() =>
        File.ReadAllText(RepoPaths.Of("templates", "scripts", "lib.sh")) + "\n" + File.ReadAllText(RepoPaths.Of("templates", "scripts", "server-init.sh"));
}
