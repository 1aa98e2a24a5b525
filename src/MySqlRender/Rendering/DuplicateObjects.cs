using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// Two objects with the same identity in one output would silently replace each other when applied, e.g. the
/// cluster-scoped PersistentVolumes of two instances with one name in different namespaces.
/// </summary>
public static class DuplicateObjects
{
    public static void Check(IReadOnlyList<RenderedObject> objects, DiagnosticBag diagnostics)
    {
        foreach (var group in objects.GroupBy(o => o.Identity).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                diagnostics.Error(duplicate.Source, SourcePosition.Start, DiagnosticCodes.DuplicateObject, duplicate.ToString(),
                    $"this object is produced twice (also from {first.Source})", "rename one of the instances or objects");
            }
        }
    }
}
