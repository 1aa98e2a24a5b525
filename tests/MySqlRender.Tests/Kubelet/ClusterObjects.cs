using k8s;
using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// The API objects the kubelet reads while it runs pods: Secrets and ConfigMaps for volumes and env, claims and
/// volumes for storage, Services for names. Tests apply rendered objects and may delete some (a pruned Secret).
/// </summary>
public sealed class ClusterObjects
{
    private readonly Dictionary<(string Kind, string Name), object> objects = [];

    public void Apply(IEnumerable<object> rendered)
    {
        lock (objects)
        {
            foreach (var o in rendered.OfType<IKubernetesObject<V1ObjectMeta>>())
            {
                objects[(o.Kind, o.Metadata.Name)] = o;
            }
        }
    }

    public void Delete(string kind, string name)
    {
        lock (objects)
        {
            objects.Remove((kind, name));
        }
    }

    public T? Find<T>(string kind, string name) where T : class
    {
        lock (objects)
        {
            return objects.TryGetValue((kind, name), out var o) ? o as T : null;
        }
    }

    public IReadOnlyList<T> All<T>()
    {
        lock (objects)
        {
            return [.. objects.Values.OfType<T>()];
        }
    }

    /// <summary>
    /// The PersistentVolume a claim binds to: the one named by volumeName, or the one whose labels match its selector
    /// (a static hostPath volume), among those not reserved for another claim; null for a dynamically provisioned claim.
    /// </summary>
    public V1PersistentVolume? VolumeOf(V1PersistentVolumeClaim claim)
    {
        // A PV reserved by claimRef binds only that claim (persistent-volumes/#reserving-a-persistentvolume).
        var volumes = All<V1PersistentVolume>().Where(v => v.Spec.ClaimRef is not { } reserved
            || (reserved.Name == claim.Metadata.Name && reserved.NamespaceProperty == (claim.Metadata.NamespaceProperty ?? "default"))).ToList();
        if (claim.Spec.VolumeName is { } name)
        {
            return volumes.SingleOrDefault(v => v.Metadata.Name == name)
                ?? throw new InvalidOperationException($"claim {claim.Metadata.Name} names PersistentVolume {name}, which does not exist or is reserved for another claim: it stays Pending");
        }
        if (claim.Spec.Selector?.MatchLabels is { } labels)
        {
            return volumes.SingleOrDefault(v => labels.All(l => v.Metadata.Labels?.TryGetValue(l.Key, out var value) == true && value == l.Value));
        }
        return null;
    }
}
