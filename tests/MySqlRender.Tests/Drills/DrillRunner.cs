using k8s.Models;
using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.Drills;

/// <summary>
/// Runs the rendered drill CronJob's container as its pod would run it: the rendered command and env, as the pod's
/// runAsUser/runAsGroup (via setpriv when the tests run as root), with each volume as a host folder: the backup claim
/// shared with PodSandbox (group-owned by fsGroup with the setgid bit, as the kubelet's ownership change leaves it:
/// "Configure a Security Context for a Pod or Container", Kubernetes docs), the generic ephemeral scratch volume and
/// /tmp fresh per run, the scripts ConfigMap projected with its defaultMode. Paths under a mount in the command and env
/// are mapped to its folder. The kubelet bind-mounts the termination message file at terminationMessagePath; here the
/// file is made in the run folder and TERMINATION_MESSAGE_PATH points at it. Not modelled: the read-only root
/// filesystem (the script writes only under its mounts).
/// </summary>
public sealed class DrillRunner(RenderedInstance instance, string root)
{
    private int runs;

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>The backup claim's folder (the same as PodSandbox's), prepared as fsGroup leaves it.</summary>
    public string BackupFolder(string claim)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "claims", claim)).FullName;
        OwnByPod(folder, 999);
        return folder;
    }

    /// <summary>What the last drill wrote to its termination message file.</summary>
    public string LastTerminationMessage() => File.ReadAllText(Path.Combine(root, "drills", $"{runs}", "termination-log"));

    public CliResult Run(string cronJob)
    {
        var pod = instance.PodOf("CronJob", cronJob);
        var container = Assert.Single(pod.Containers);
        var uid = pod.SecurityContext.RunAsUser ?? throw new InvalidOperationException($"{cronJob} sets no runAsUser");
        var gid = pod.SecurityContext.RunAsGroup ?? uid;
        var run = Directory.CreateDirectory(Path.Combine(root, "drills", $"{++runs}")).FullName;
        OwnByPod(run, uid);
        var mounts = container.VolumeMounts.ToDictionary(m => m.MountPath, m => MountFolder(pod, m, run, uid));
        var termination = Path.Combine(run, "termination-log");
        File.WriteAllText(termination, "");
        Chown(termination, uid);

        List<string> env = [$"PATH={Environment.GetEnvironmentVariable("PATH")}", $"HOME={mounts["/tmp"]}", $"TERMINATION_MESSAGE_PATH={termination}"];
        env.AddRange((container.Env ?? []).Select(e => $"{e.Name}={UnderMount(e.Value ?? "", mounts)}"));
        List<string> args = ["env", "-i", .. env, .. container.Command.Concat(container.Args ?? []).Select(a => UnderMount(a, mounts))];
        var program = "/usr/bin/env";
        if (IsRoot)
        {
            program = ExternalTool.Require("setpriv", "apt-get install util-linux");
            args.InsertRange(0, [$"--reuid={uid}", $"--regid={gid}", "--clear-groups"]);
        }
        else
        {
            args.RemoveAt(0);
        }
        return ProcessRunner.Run(program, args, workingDirectory: run, timeout: TimeSpan.FromMinutes(3));
    }

    private static string UnderMount(string value, Dictionary<string, string> mounts)
    {
        foreach (var (mountPath, folder) in mounts)
        {
            if (value == mountPath || value.StartsWith(mountPath + "/", StringComparison.Ordinal))
            {
                return folder + value[mountPath.Length..];
            }
        }
        return value;
    }

    private string MountFolder(V1PodSpec pod, V1VolumeMount mount, string run, long uid)
    {
        var volume = pod.Volumes.Single(v => v.Name == mount.Name);
        if (volume.PersistentVolumeClaim is { } claim)
        {
            return BackupFolder(claim.ClaimName);
        }
        var folder = Directory.CreateDirectory(Path.Combine(run, "volumes", mount.Name)).FullName;
        // A configMap volume, or a projected one (Kubernetes docs, "Projected Volumes": all sources in one folder).
        var configMaps = volume.ConfigMap is { } single ? [(single.Name, single.DefaultMode)]
            : volume.Projected is { } projected ? projected.Sources.Select(s => (s.ConfigMap.Name, projected.DefaultMode)).ToList()
            : new List<(string Name, int? DefaultMode)>();
        if (configMaps.Count > 0 && !OperatingSystem.IsWindows())
        {
            foreach (var (name, defaultMode) in configMaps)
            {
                var configMap = instance.Find<V1ConfigMap>(name);
                Assert.True(configMap is not null, $"ConfigMap {name} is not rendered");
                foreach (var (key, text) in configMap.Data)
                {
                    var file = Path.Combine(folder, key);
                    File.WriteAllText(file, text);
                    File.SetUnixFileMode(file, (UnixFileMode)(defaultMode ?? 420));
                }
            }
            OwnByPod(run, uid); // parents stay searchable
            return folder;
        }
        Assert.True(volume.Ephemeral is not null || volume.EmptyDir is not null, $"volume {volume.Name} has an unexpected kind");
        OwnByPod(folder, uid);
        return folder;
    }

    private static void OwnByPod(string folder, long uid)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the drill runs in a Linux container");
        }
        for (var dir = new DirectoryInfo(folder); dir is not null && dir.FullName != Path.GetTempPath().TrimEnd('/'); dir = dir.Parent)
        {
            // Every parent must be searchable by the pod's uid, as the kubelet's volume paths are.
            dir.UnixFileMode |= UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
        }
        Chown(folder, uid);
        File.SetUnixFileMode(folder, UnixFileMode.SetGroup | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
    }

    private static void Chown(string path, long uid)
    {
        if (IsRoot)
        {
            var chown = ProcessRunner.Run("chown", [$"{uid}:{uid}", path]);
            Assert.True(chown.ExitCode == 0, chown.Stderr);
        }
    }
}
