using MySqlRender.Shared;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>
/// Parameters and env become <see cref="RenderOptions"/>: parameter, then plugin env, then the default announced in
/// plugin.yaml. For the namespace the destination namespace comes last, and a resource's own namespace beats all.
/// </summary>
public static class CmpRenderOptions
{
    public static RenderOptions Build(string appFolder, string repositoryRoot, CmpParameters parameters, CmpEnvironment environment) => new()
    {
        DisplayRoot = appFolder,
        ConfineTo = repositoryRoot,
        DefaultNamespace = parameters.Namespace ?? environment.Namespace ?? environment.DestinationNamespace,
        Strict = parameters.Strict ?? environment.Strict ?? false,
        OnlyMySql = parameters.OnlyMySql ?? environment.OnlyMySql ?? false,
        ExtraLabels = parameters.Labels ?? new Dictionary<string, string>(),
    };
}
