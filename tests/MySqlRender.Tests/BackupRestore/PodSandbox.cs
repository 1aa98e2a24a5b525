using System.Diagnostics;
using System.Text;
using k8s.Models;
using MySqlRender.Plugins.Krm;

namespace MySqlRender.Tests.BackupRestore;

public sealed record ContainerRun(int ExitCode, string Output, IReadOnlyList<string> LeftInTmp)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>
/// Runs a rendered container's command on this machine, as its pod would run it: the command and env come from the
/// rendered object; every volume mount becomes a host folder (claims persist across runs, so a backup CronJob and a
/// restore Job share the backup volume; emptyDirs are fresh per run; Secret volumes hold the items of the rendered
/// Secret, ConfigMap volumes every key of the rendered ConfigMap). Paths under a mount in the command and env are
/// mapped to its folder. Env values under a mount path are mapped to its folder, the Service name to 127.0.0.1 and the Service
/// port to the test server's. Nothing else is passed in: PATH and an empty HOME only.
/// </summary>
public sealed class PodSandbox(RenderedInstance instance, MariaDbServer server, string root)
{
    private int runs;

    /// <summary>The host folder of a PersistentVolumeClaim.</summary>
    public string ClaimFolder(string claimName) => Directory.CreateDirectory(Path.Combine(root, "claims", claimName)).FullName;

    /// <summary>Secret names whose volume is treated as missing (an optional Secret that was deleted).</summary>
    public HashSet<string> MissingSecrets { get; } = [];

    /// <summary>
    /// Runs the container of a rendered CronJob or Job. <paramref name="overrides"/> replaces rendered env values
    /// (only to shorten a timeout or point at a closed port; the tests say why).
    /// </summary>
    public ContainerRun Run(string kind, string name, Action? whileRunning = null, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var pod = instance.PodOf(kind, name);
        var container = Assert.Single(pod.Containers);
        var runFolder = Directory.CreateDirectory(Path.Combine(root, "runs", $"{++runs}-{name}")).FullName;
        var mounts = container.VolumeMounts.ToDictionary(m => m.MountPath, m => MountFolder(pod, m, runFolder));
        var info = new ProcessStartInfo(container.Command[0])
        {
            WorkingDirectory = runFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in container.Command.Skip(1).Concat(container.Args ?? []))
        {
            info.ArgumentList.Add(UnderMount(arg, mounts)); // the script's path inside its ConfigMap volume
        }
        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        info.Environment["HOME"] = Directory.CreateDirectory(Path.Combine(runFolder, "home")).FullName;
        foreach (var variable in container.Env ?? [])
        {
            info.Environment[variable.Name] = MapValue(variable, instance.PodTemplateOf(kind, name).Metadata, mounts, InstanceOf(kind, name));
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            Assert.True(info.Environment.ContainsKey(key), $"{key} is not in the rendered env");
            info.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        whileRunning?.Invoke();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{kind}/{name} did not finish within 120 s:\n{output}");
        }
        process.WaitForExit();
        var tmp = container.VolumeMounts.Where(m => IsEmptyDir(pod, m)).Select(m => mounts[m.MountPath]);
        var leftovers = tmp.SelectMany(Directory.EnumerateFileSystemEntries).ToList();
        lock (output)
        {
            return new ContainerRun(process.ExitCode, output.ToString(), leftovers);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private string MapValue(V1EnvVar variable, V1ObjectMeta podMetadata, Dictionary<string, string> mounts, string instanceName)
    {
        // A retired instance renders no Service any more, but during its PreSync hook the old one still answers.
        // NAME-unready (i17) is only the accounts Job's way in; these pods use the instance's own Service.
        var service = instance.Objects.OfType<V1Service>().SingleOrDefault(s => s.Metadata.Name == instanceName);
        var serviceName = service?.Metadata.Name ?? instanceName;
        var servicePort = service?.Spec.Ports.Single().Port ?? 3306;
        var value = variable.Value ?? "";
        if (variable.Name == "MYSQL_HOST")
        {
            // The downward API: the pod's own annotation (kustomize renames it together with the Service).
            const string annotation = "mysqlrender.otus.homework/mysql-host";
            Assert.Equal($"metadata.annotations['{annotation}']", variable.ValueFrom?.FieldRef?.FieldPath);
            Assert.Equal(serviceName, podMetadata.Annotations[annotation]);
            return "127.0.0.1";
        }
        if (variable.Name == "MYSQL_PORT")
        {
            Assert.Equal(servicePort.ToString(System.Globalization.CultureInfo.InvariantCulture), value);
            return server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return UnderMount(value, mounts);
    }

    /// <summary>A path inside a mounted volume as the host folder that stands for it; anything else unchanged.</summary>
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

    private string InstanceOf(string kind, string name) => kind == "CronJob"
        ? instance.One<V1CronJob>(name).Metadata.Labels["app.kubernetes.io/instance"]
        : instance.One<V1Job>(name).Metadata.Labels["app.kubernetes.io/instance"];

    private static bool IsEmptyDir(V1PodSpec pod, V1VolumeMount mount) => VolumeOf(pod, mount).EmptyDir is not null;

    private static V1Volume VolumeOf(V1PodSpec pod, V1VolumeMount mount) => pod.Volumes.Single(v => v.Name == mount.Name);

    private string MountFolder(V1PodSpec pod, V1VolumeMount mount, string runFolder)
    {
        var volume = VolumeOf(pod, mount);
        if (volume.PersistentVolumeClaim is { } claim)
        {
            return ClaimFolder(claim.ClaimName);
        }
        var folder = Directory.CreateDirectory(Path.Combine(runFolder, "volumes", mount.Name)).FullName;
        if (volume.Secret is { } secretVolume)
        {
            MaterialiseSecret(secretVolume, folder);
        }
        else if (volume.ConfigMap is { } configMapVolume)
        {
            MaterialiseConfigMap(configMapVolume.Name, configMapVolume.DefaultMode, folder);
        }
        else if (volume.Projected is { } projected)
        {
            // Kubernetes docs, "Projected Volumes": every source's keys in the one folder, with the volume's defaultMode.
            foreach (var source in projected.Sources)
            {
                Assert.True(source.ConfigMap is not null, "only configMap sources of a projected volume are modelled here");
                MaterialiseConfigMap(source.ConfigMap.Name, projected.DefaultMode, folder);
            }
        }
        else
        {
            Assert.NotNull(volume.EmptyDir);
        }
        return folder;
    }

    /// <summary>Every key of the rendered ConfigMap as a file with the volume's mode (the kubelet's projection).</summary>
    private void MaterialiseConfigMap(string name, int? defaultMode, string folder)
    {
        var configMap = instance.Find<V1ConfigMap>(name);
        Assert.True(configMap is not null, $"ConfigMap {name} is not rendered");
        foreach (var (key, text) in configMap.Data)
        {
            var path = Path.Combine(folder, key);
            Assert.False(File.Exists(path), $"{key} of ConfigMap {name} is already in the volume from another source");
            File.WriteAllText(path, text);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)(defaultMode ?? 420));
            }
        }
    }

    private void MaterialiseSecret(V1SecretVolumeSource source, string folder)
    {
        var secret = MissingSecrets.Contains(source.SecretName) ? null : instance.Find<V1Secret>(source.SecretName);
        if (secret is null)
        {
            Assert.True(source.Optional == true || MissingSecrets.Contains(source.SecretName),
                $"Secret {source.SecretName} is neither rendered nor optional");
            return;
        }
        foreach (var item in source.Items)
        {
            var path = Path.Combine(folder, item.Path);
            File.WriteAllBytes(path, secret.Data[item.Key]);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)(item.Mode ?? source.DefaultMode ?? 420));
            }
        }
    }
}
