using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

public sealed record RenderResult(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<MySqlResource> Instances, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
