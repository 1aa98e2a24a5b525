using MySqlRender.Shared;

namespace MySqlRender.Plugins.Krm;

/// <summary>A <c>config.kubernetes.io/v1</c> <c>ResourceList</c> as read from stdin.</summary>
public sealed record ResourceList(IReadOnlyList<ResourceListItem> Items, YMapping? FunctionConfig)
{
    public const string ApiVersion = "config.kubernetes.io/v1";
    public const string Kind = "ResourceList";
}
