using MySqlRender.Model;

namespace MySqlRender.Rendering;

/// <summary>
/// What templates see of the scripts ConfigMaps (<see cref="ScriptBundles"/>): each one's content-hashed name and files,
/// and for each name the ConfigMaps its pods' <c>scripts</c> volume shows in one folder (partials/_scripts-volume.sbn).
/// Scripts are static text: no value is ever substituted into shell code (values arrive through env and files).
/// </summary>
public static class ScriptsViewModel
{
    public static Dictionary<string, object?> Build(MySqlResource resource, ScriptBundles bundles)
    {
        var spec = resource.Spec;
        var server = Bundle($"{resource.Name}-server-scripts-", bundles.For(ScriptHome.Server, spec));
        var job = Bundle($"{resource.Name}-job-scripts-", bundles.For(ScriptHome.Job, spec));
        var hook = Bundle($"{resource.Name}-hook-scripts-", bundles.For(ScriptHome.Hook, spec));
        string Name(Dictionary<string, object?> bundle) => (string)bundle["name"]!;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["mountPath"] = ScriptBundles.MountPath,
            ["server"] = server,
            ["job"] = job,
            // A PreSync backup runs before anything else of the sync is applied: its own self-contained copy.
            ["hook"] = hook,
            ["volumeSources"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [Name(server)] = new List<object?> { Name(server) },
                // Job pods: the libraries from the server's ConfigMap, beside the Job-only scripts.
                [Name(job)] = new List<object?> { Name(server), Name(job) },
                [Name(hook)] = new List<object?> { Name(hook) },
            },
        };
    }

    private static Dictionary<string, object?> Bundle(string namePrefix, ScriptBundle bundle) =>
        new(StringComparer.Ordinal) { ["name"] = namePrefix + bundle.Hash, ["files"] = bundle.Files };
}
