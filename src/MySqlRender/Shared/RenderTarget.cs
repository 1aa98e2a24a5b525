namespace MySqlRender.Shared;

/// <summary>
/// What applies the output. Argo CD runs hook Jobs in their phases (PreSync, PostSync, PreDelete); plain
/// <c>kubectl apply</c> ignores the hook annotations and starts every Job at once, so under <see cref="Kubectl"/>
/// the Jobs that only make sense at a hook's moment (a backup before deletion, a backup before a change) are left
/// out and the hook annotations are dropped (docs/backup-restore.md, "Under plain kubectl").
/// </summary>
public enum RenderTarget
{
    ArgoCd,
    Kubectl,
}

public static class RenderTargets
{
    public const string Choices = "argocd or kubectl";

    public static RenderTarget? Parse(string? text) => text switch
    {
        "argocd" => RenderTarget.ArgoCd,
        "kubectl" => RenderTarget.Kubectl,
        _ => null,
    };

    public static string Name(this RenderTarget target) => target == RenderTarget.Kubectl ? "kubectl" : "argocd";
}
