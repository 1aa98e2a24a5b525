using System.Globalization;
using System.Text;
using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// A pod's volumes as host folders, set up before its first container (https://kubernetes.io/docs/concepts/storage/volumes/):
/// - persistentVolumeClaim: the node's volume (see <see cref="NodeStorage"/>);
/// - emptyDir: a fresh folder, mode 0777; medium Memory is a tmpfs (sizeLimit as its size);
/// - secret / configMap: the object's keys (or its items, each with mode or defaultMode, 0644 by default) as files;
///   a missing object fails the pod unless the volume is optional; always mounted read-only;
/// - projected (https://kubernetes.io/docs/concepts/storage/projected-volumes/): each source's keys (or items) in
///   the one folder, with the item's mode or the volume's defaultMode; configMap and secret sources are modelled;
/// - downwardAPI: each item's fieldRef as a file;
/// - projected (https://kubernetes.io/docs/concepts/storage/projected-volumes/): its secret sources' keys or items in
///   one folder, each source optional or not like a secret volume, the volume's defaultMode for every file;
/// - hostPath: the node folder;
/// - ephemeral (a generic ephemeral volume, https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/#generic-ephemeral-volumes):
///   the claim POD-VOLUME made from its volumeClaimTemplate, provisioned as any claim (<see cref="NodeStorage"/>),
///   deleted with the pod.
/// fsGroup (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/): every volume except hostPath
/// (and a claim bound to a hostPath PV) gets group fsGroup, group read (and write unless read-only) and set-gid
/// directories; fsGroupChangePolicy OnRootMismatch skips a volume whose root already matches.
/// Not modelled: the ..data symlink layout of atomic writer volumes, live updates of Secret/ConfigMap files, projected
/// serviceAccountToken, downwardAPI and clusterTrustBundle sources.
/// </summary>
public sealed class PodVolumes : IDisposable
{
    private readonly Dictionary<string, (string Folder, bool ReadOnly)> byName = [];
    private readonly List<string> tmpfsMounts = [];
    private readonly List<string> ephemeralClaims = [];
    private readonly PodContext pod;
    private readonly ClusterObjects cluster;
    private readonly NodeStorage storage;

    public PodVolumes(PodContext pod, ClusterObjects cluster, NodeStorage storage)
    {
        this.pod = pod;
        this.cluster = cluster;
        this.storage = storage;
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            byName[volume.Name] = SetUp(volume, cluster, storage);
        }
    }

    /// <summary>The host folder (or file, for a subPath to a file) and read-only flag of a volumeMount.</summary>
    public (string Source, bool ReadOnly) Source(V1VolumeMount mount)
    {
        Assert.True(mount.SubPathExpr is null, "subPathExpr is not modelled");
        var (folder, volumeReadOnly) = byName.TryGetValue(mount.Name, out var v)
            ? v : throw new InvalidOperationException($"volumeMount {mount.Name} names no volume of the pod");
        var source = folder;
        if (!string.IsNullOrEmpty(mount.SubPath))
        {
            Assert.False(mount.SubPath.Split('/').Contains(".."), $"subPath {mount.SubPath} escapes the volume");
            source = Path.Combine(folder, mount.SubPath);
            if (!Path.Exists(source))
            {
                // kubelet (kubelet_pods.go makeMounts) creates a missing subPath as root with the volume root's mode.
                Directory.CreateDirectory(source);
                File.SetUnixFileMode(source, File.GetUnixFileMode(folder));
            }
        }
        return (source, volumeReadOnly || mount.ReadOnlyProperty == true);
    }

    public void Dispose()
    {
        foreach (var mount in tmpfsMounts)
        {
            ProcessRunner.Run("umount", ["-l", mount]);
        }
        foreach (var claim in ephemeralClaims)
        {
            cluster.Delete("PersistentVolumeClaim", claim); // the claim is owned by the pod: garbage-collected with it
            storage.DeleteProvisioned(claim);
        }
    }

    private (string, bool) SetUp(V1Volume volume, ClusterObjects cluster, NodeStorage storage)
    {
        var folder = Path.Combine(pod.Folder, "volumes", volume.Name);
        var fsGroup = pod.Spec.SecurityContext?.FsGroup;
        if (volume.PersistentVolumeClaim is { } claim)
        {
            var bound = storage.Claim(claim.ClaimName);
            if (!bound.IsHostPath)
            {
                Ownership(bound.Folder, fsGroup, readOnly: false);
            }
            return (bound.Folder, claim.ReadOnlyProperty == true);
        }
        if (volume.Ephemeral is { } ephemeral)
        {
            var template = ephemeral.VolumeClaimTemplate;
            var name = $"{pod.Name}-{volume.Name}";
            cluster.Apply([new V1PersistentVolumeClaim
            {
                Kind = "PersistentVolumeClaim",
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = pod.Namespace, Labels = template.Metadata?.Labels },
                Spec = template.Spec,
            }]);
            ephemeralClaims.Add(name);
            var bound = storage.Claim(name);
            Ownership(bound.Folder, fsGroup, readOnly: false);
            return (bound.Folder, false);
        }
        if (volume.HostPath is { } hostPath)
        {
            return (storage.HostPath(hostPath.Path, hostPath.Type ?? "DirectoryOrCreate"), false);
        }
        Directory.CreateDirectory(folder);
        if (volume.EmptyDir is { } emptyDir)
        {
            File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("777", 8));
            if (emptyDir.Medium == "Memory")
            {
                var size = emptyDir.SizeLimit?.ToString() is { Length: > 0 } limit ? $",size={TmpfsSize(limit)}" : "";
                var result = ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", $"mode=0777{size}", "tmpfs", folder]);
                Assert.True(result.ExitCode == 0, "tmpfs mount failed: " + result.Stderr);
                tmpfsMounts.Add(folder);
            }
            Ownership(folder, fsGroup, readOnly: false);
            return (folder, false);
        }
        if (volume.Secret is { } secret)
        {
            var found = cluster.Find<V1Secret>("Secret", secret.SecretName);
            Assert.True(found is not null || secret.Optional == true, $"Secret {secret.SecretName} does not exist: the pod would stay ContainerCreating");
            var data = found?.Data ?? new Dictionary<string, byte[]>();
            WriteItems(folder, data, secret.Items, secret.DefaultMode, secret.Optional == true, $"Secret {secret.SecretName}");
        }
        else if (volume.ConfigMap is { } configMap)
        {
            var found = cluster.Find<V1ConfigMap>("ConfigMap", configMap.Name);
            Assert.True(found is not null || configMap.Optional == true, $"ConfigMap {configMap.Name} does not exist: the pod would stay ContainerCreating");
            var data = (found?.Data ?? new Dictionary<string, string>()).ToDictionary(e => e.Key, e => Encoding.UTF8.GetBytes(e.Value));
            foreach (var (key, value) in found?.BinaryData ?? new Dictionary<string, byte[]>())
            {
                data[key] = value;
            }
            WriteItems(folder, data, configMap.Items, configMap.DefaultMode, configMap.Optional == true, $"ConfigMap {configMap.Name}");
        }
        else if (volume.Projected is { } projected)
        {
            foreach (var source in projected.Sources)
            {
                ProjectSource(folder, source, projected.DefaultMode, cluster);
            }
        }
        else if (volume.DownwardAPI is { } downward)
        {
            foreach (var item in downward.Items)
            {
                Assert.NotNull(item.FieldRef);
                WriteFile(folder, item.Path, Encoding.UTF8.GetBytes(pod.Field(item.FieldRef.FieldPath)), item.Mode ?? downward.DefaultMode ?? 420);
            }
        }
        else
        {
            throw new InvalidOperationException($"volume {volume.Name}: its kind is not modelled");
        }
        File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
        Ownership(folder, fsGroup, readOnly: true);
        return (folder, true);
    }

    /// <summary>One source of a projected volume: a ConfigMap or Secret, as its own volume would show it, into the shared folder.</summary>
    private static void ProjectSource(string folder, V1VolumeProjection source, int? defaultMode, ClusterObjects cluster)
    {
        if (source.ConfigMap is { } configMap)
        {
            var found = cluster.Find<V1ConfigMap>("ConfigMap", configMap.Name);
            Assert.True(found is not null || configMap.Optional == true, $"ConfigMap {configMap.Name} (projected) does not exist: the pod would stay ContainerCreating");
            var data = (found?.Data ?? new Dictionary<string, string>()).ToDictionary(e => e.Key, e => Encoding.UTF8.GetBytes(e.Value));
            Assert.All(data.Keys, key => Assert.False(File.Exists(Path.Combine(folder, key)), $"projected key {key} comes from two sources"));
            WriteItems(folder, data, configMap.Items, defaultMode, configMap.Optional == true, $"ConfigMap {configMap.Name}");
        }
        else if (source.Secret is { } secret)
        {
            var found = cluster.Find<V1Secret>("Secret", secret.Name);
            Assert.True(found is not null || secret.Optional == true, $"Secret {secret.Name} (projected) does not exist: the pod would stay ContainerCreating");
            WriteItems(folder, found?.Data ?? new Dictionary<string, byte[]>(), secret.Items, defaultMode, secret.Optional == true, $"Secret {secret.Name}");
        }
        else
        {
            throw new InvalidOperationException("a projected source other than configMap or secret is not modelled");
        }
    }

    private static void WriteItems(string folder, IDictionary<string, byte[]> data, IList<V1KeyToPath>? items, int? defaultMode, bool optional, string what)
    {
        if (items is null || items.Count == 0)
        {
            foreach (var (key, value) in data)
            {
                WriteFile(folder, key, value, defaultMode ?? 420);
            }
            return;
        }
        foreach (var item in items)
        {
            if (!data.TryGetValue(item.Key, out var value))
            {
                Assert.True(optional, $"{what} has no key {item.Key}: the pod would stay ContainerCreating");
                continue;
            }
            WriteFile(folder, item.Path, value, item.Mode ?? defaultMode ?? 420);
        }
    }

    private static void WriteFile(string folder, string relative, byte[] content, int mode)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
    }

    private void Ownership(string folder, long? fsGroup, bool readOnly)
    {
        if (fsGroup is not { } gid)
        {
            return;
        }
        var group = gid.ToString(CultureInfo.InvariantCulture);
        if (pod.Spec.SecurityContext?.FsGroupChangePolicy == "OnRootMismatch" && RootMatches(folder, group, readOnly))
        {
            return;
        }
        var bits = readOnly ? "g+rX" : "g+rwX";
        foreach (var (program, args) in new (string, string[])[]
        {
            ("chgrp", ["-R", "--no-dereference", group, folder]),
            ("chmod", ["-R", bits, folder]),
            ("find", [folder, "-type", "d", "-exec", "chmod", "g+s", "{}", "+"]),
        })
        {
            var result = ProcessRunner.Run(program, args);
            Assert.True(result.ExitCode == 0, $"{program} on {folder}: {result.Stderr}");
        }
    }

    private static bool RootMatches(string folder, string group, bool readOnly)
    {
        var stat = ProcessRunner.Run("stat", ["-c", "%g %a", folder]).Stdout.Trim().Split(' ');
        var mode = Convert.ToInt32(stat[1], 8);
        var wanted = readOnly ? Convert.ToInt32("2050", 8) : Convert.ToInt32("2070", 8);
        return stat[0] == group && (mode & wanted) == wanted;
    }

    private static string TmpfsSize(string quantity) => quantity.EndsWith("i", StringComparison.Ordinal)
        ? quantity[..^1].ToLowerInvariant() // 64Mi -> 64m (tmpfs size suffixes are binary)
        : quantity;
}
