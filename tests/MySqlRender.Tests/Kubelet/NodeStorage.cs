using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// The persistent storage of the model node: one folder per bound volume, kept across pods (so a server, a backup
/// and a restore pod share claims, and a re-created pod finds its data).
/// - A dynamically provisioned claim gets, by <see cref="Provisioner"/>: a freshly formatted ext4 block volume
///   (EBS, PD, Azure Disk; the default): root-owned 0755 root with `lost+found` (mkfs.ext4 creates it; mysql 8
///   `--initialize` refuses such a directory, docker-library/mysql #186); or a local-path folder (kind, k3s:
///   rancher/local-path-provisioner creates an empty 0777 folder).
/// - A claim bound to a hostPath PersistentVolume gets the node folder at that path, created by DirectoryOrCreate
///   as root 0755 (https://kubernetes.io/docs/concepts/storage/volumes/#hostpath) and never chowned for fsGroup
///   ("Host path volumes do not support ownership management", same page). The node's filesystem is a folder.
/// - A PersistentVolume with node affinity can only be used by pods on a node it selects: the scheduler leaves any
///   other pod Pending with "volume node affinity conflict" (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#node-affinity).
/// </summary>
public sealed class NodeStorage(string root, ClusterObjects cluster)
{
    public enum Kind
    {
        Ext4BlockVolume,
        LocalPathFolder,
    }

    /// <summary>What the default storage class provisions on this node.</summary>
    public Kind Provisioner { get; set; } = Kind.Ext4BlockVolume;

    public sealed record Volume(string Folder, bool IsHostPath);

    /// <summary>This node's kubernetes.io/hostname label.</summary>
    public string Hostname { get; set; } = "model-node-1";

    public Volume Claim(string claimName)
    {
        var claim = cluster.Find<V1PersistentVolumeClaim>("PersistentVolumeClaim", claimName)
            ?? throw new InvalidOperationException($"PersistentVolumeClaim {claimName} does not exist: the pod would stay Pending");
        var volume = cluster.VolumeOf(claim);
        if (volume?.Spec.NodeAffinity?.Required is { } required && !Selects(required, Hostname))
        {
            throw new InvalidOperationException(
                $"volume node affinity conflict: PersistentVolume {volume.Metadata.Name} of claim {claimName} is not on node {Hostname}; the pod would stay Pending");
        }
        if (volume?.Spec.HostPath is { } hostPath)
        {
            return new Volume(HostPath(hostPath.Path, hostPath.Type), IsHostPath: true);
        }
        var folder = Path.Combine(root, "provisioned", claimName);
        lock (this)
        {
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                if (Provisioner == Kind.LocalPathFolder)
                {
                    File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("777", 8));
                    return new Volume(folder, IsHostPath: false);
                }
                File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
                var lostFound = Directory.CreateDirectory(Path.Combine(folder, "lost+found")).FullName;
                File.SetUnixFileMode(lostFound, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        return new Volume(folder, IsHostPath: false);
    }

    private static bool Selects(V1NodeSelector selector, string hostname) =>
        selector.NodeSelectorTerms.Any(term => (term.MatchExpressions ?? []).All(e =>
            e.Key == "kubernetes.io/hostname" && e.OperatorProperty switch
            {
                "In" => e.Values.Contains(hostname),
                "NotIn" => !e.Values.Contains(hostname),
                _ => throw new NotSupportedException($"node selector operator {e.OperatorProperty} is not modelled"),
            }));

    /// <summary>The node folder behind a hostPath (a test may prepare it, as a user would with the documented command).</summary>
    public string HostPath(string path, string? type = "DirectoryOrCreate")
    {
        var folder = Path.Combine(root, "host", path.TrimStart('/'));
        lock (this)
        {
            if (!Directory.Exists(folder))
            {
                Assert.True(type is "DirectoryOrCreate", $"hostPath {path} (type {type}) does not exist on the node");
                Directory.CreateDirectory(folder);
                File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
            }
        }
        return folder;
    }

    /// <summary>Deletes a dynamically provisioned volume (the claim was deleted with reclaim policy Delete).</summary>
    public void DeleteProvisioned(string claimName)
    {
        var folder = Path.Combine(root, "provisioned", claimName);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
