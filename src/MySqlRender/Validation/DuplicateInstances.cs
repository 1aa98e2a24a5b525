using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Validation;

/// <summary>Two resources with the same name and namespace would overwrite each other's objects.</summary>
public static class DuplicateInstances
{
    public static void Check(IEnumerable<MySqlResource> resources, DiagnosticBag diagnostics)
    {
        foreach (var group in resources.GroupBy(r => (r.Name, r.Namespace)).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                diagnostics.Error(duplicate.Source.DisplayPath, duplicate.Source.Root.Position, DiagnosticCodes.DuplicateInstance,
                    duplicate.Subject, $"defined twice in namespace '{duplicate.Namespace ?? "(default)"}'; first at {first.Source.DisplayPath}",
                    "rename one of them or give them different namespaces");
            }
        }
    }
}
