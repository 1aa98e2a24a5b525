
namespace MySqlRender.Shared;

/// <summary>One Kubernetes object of the output: rendered from a template, or passed through from the input.</summary>
/// <param name="Source">The input file it comes from, for the <c># Source:</c> comment.</param>
public sealed record RenderedObject(YMapping Root, string Source, string ApiVersion, string Kind, string Name, string? Namespace)
{
    /// <summary>Identity as the API server sees it: group, kind, namespace, name.</summary>
    public string Identity => $"{Group}/{Kind}/{Namespace ?? ""}/{Name}";

    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
