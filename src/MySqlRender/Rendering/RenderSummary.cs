using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>What a spooled render keeps: how much it rendered and what it found; the objects themselves are in the spool.</summary>
public sealed record RenderSummary(int InstanceCount, int ObjectCount, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
