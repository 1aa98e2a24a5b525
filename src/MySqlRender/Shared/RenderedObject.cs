
namespace MySqlRender.Shared;

/// <summary>One Kubernetes object of the output: rendered from a template, or passed through from the input.</summary>
/// <param name="Source">The input file it comes from, for the <c># Source:</c> comment.</param>
public sealed record RenderedObject(YMapping Root, string Source, string ApiVersion, string Kind, string Name, string? Namespace)
{
    /// <summary>Identity as the API server sees it: group, kind, namespace, name.</summary>
    public string Identity => $"{Group}/{Kind}/{Namespace ?? ""}/{Name}";

    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    /// <summary>The same object without its content (spooled output keeps only what identifies it).</summary>
    public RenderedObject HeaderOnly() => this with { Root = EmptyRoot };

    private static readonly YMapping EmptyRoot = new(SourcePosition.Start, null, []);

    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
