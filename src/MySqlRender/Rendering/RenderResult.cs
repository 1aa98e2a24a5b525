using MySqlRender.Model;
using MySqlRender.Output;
using MySqlRender.Validation;

namespace MySqlRender.Rendering;

public sealed record RenderResult(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<MySqlResource> Instances, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
