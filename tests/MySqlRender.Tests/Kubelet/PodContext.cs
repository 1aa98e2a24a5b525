using k8s.Models;

namespace MySqlRender.Tests.Kubelet;

/// <summary>A pod as the kubelet sees it: its name and metadata from the template, its folder on the node, its address.</summary>
public sealed record PodContext(string Name, string Namespace, V1ObjectMeta Metadata, V1PodSpec Spec, string Address, string Folder)
{
    public string Uid { get; } = Guid.NewGuid().ToString();

    public IDictionary<string, string> Labels => Metadata.Labels ?? new Dictionary<string, string>();

    public IDictionary<string, string> Annotations => Metadata.Annotations ?? new Dictionary<string, string>();

    /// <summary>
    /// A downward API fieldRef (https://kubernetes.io/docs/concepts/workloads/pods/downward-api/): the fields the
    /// rendered objects could use; any other path is an error.
    /// </summary>
    public string Field(string path)
    {
        if (TryKey(path, "metadata.annotations", out var annotation))
        {
            return Annotations.TryGetValue(annotation, out var value) ? value : "";
        }
        if (TryKey(path, "metadata.labels", out var label))
        {
            return Labels.TryGetValue(label, out var value) ? value : "";
        }
        return path switch
        {
            "metadata.name" => Name,
            "metadata.namespace" => Namespace,
            "metadata.uid" => Uid,
            "spec.nodeName" => "model-node",
            "spec.serviceAccountName" => Spec.ServiceAccountName ?? "default",
            "status.podIP" or "status.podIPs" or "status.hostIP" => Address,
            _ => throw new InvalidOperationException($"fieldRef {path} is not modelled"),
        };
    }

    private static bool TryKey(string path, string prefix, out string key)
    {
        key = "";
        if (!path.StartsWith(prefix + "['", StringComparison.Ordinal) || !path.EndsWith("']", StringComparison.Ordinal))
        {
            return false;
        }
        key = path[(prefix.Length + 2)..^2];
        return true;
    }
}
