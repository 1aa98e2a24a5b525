using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>
/// Issue 13 defect 11. A hostPath PersistentVolume without node affinity binds a pod on any node, which then sees
/// another (empty) folder and starts an empty database; its cluster-wide name collides with the same instance in
/// another namespace. spec.hostPath.node fixes both for new instances, and its PV names need the namespace. An
/// existing PV's affinity and name cannot change, so the old layout stays possible, with a warning.
/// </summary>
public sealed class HostPathRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        if (resource.Spec.HostPath is not { } hostPath)
        {
            return;
        }
        if (hostPath.Node is null)
        {
            context.Report(resource, "spec.hostPath", Severity.Warning, DiagnosticCodes.HostPathWithoutNode,
                "hostPath volumes without spec.hostPath.node: a pod scheduled on another node sees an empty folder, and the PV names collide with the same instance name in another namespace",
                "for a new instance set spec.hostPath.node; an instance rendered by 0.1 keeps its PVs (their affinity and names cannot change): pin its pods to the node that holds the folders (docs/operations.md, 'hostPath volumes')");
        }
        else if (resource.Namespace is null)
        {
            context.Report(resource, "spec.hostPath.node", Severity.Error, DiagnosticCodes.InvalidValue,
                "the node-pinned hostPath volumes are named after the namespace, and this resource has none",
                "set metadata.namespace, or render with --namespace (Argo CD passes the Application's destination namespace)");
        }
    }
}
