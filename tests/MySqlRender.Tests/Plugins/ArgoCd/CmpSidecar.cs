using System.Diagnostics;

namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>What an Application sends to the plugin: its path, destination, plugin env and parameters.</summary>
public sealed record CmpRequest(string AppPath)
{
    public string AppName { get; init; } = "shop-db";

    public string? DestinationNamespace { get; init; } = "shop";

    /// <summary><c>spec.source.plugin.env</c>, without the ARGOCD_ENV_ prefix.</summary>
    public IReadOnlyDictionary<string, string> PluginEnv { get; init; } = new Dictionary<string, string>();

    /// <summary>null: the Application sets no parameters (Argo CD then sends ARGOCD_APP_PARAMETERS=null).</summary>
    public IReadOnlyList<PluginParameter>? Parameters { get; init; }

    /// <summary>Raw variables added last (to send what Argo CD would not, e.g. malformed JSON).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Runs plugin.yaml's discover or generate command (<c>mysqlrender cmp discover|generate</c>) the way
/// argocd-cmp-server does: the binary under test
/// (<see cref="MySqlRenderBinary"/>; the Native AOT build in CI), no shell, cwd = the app path inside a
/// <see cref="RepositoryCopy"/>, an environment made of the sidecar's own few variables plus the build
/// variables, <c>ARGOCD_ENV_*</c> and the parameter variables, and a deadline.
/// </summary>
public static class CmpSidecar
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static CliResult Run(string step, RepositoryCopy repository, CmpRequest request)
    {
        using var process = Start(step, repository, request);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"plugin step {step} did not finish within {Deadline}");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Process Start(string step, RepositoryCopy repository, CmpRequest request)
    {
        var info = new ProcessStartInfo(MySqlRenderBinary.Path)
        {
            WorkingDirectory = repository.PathOf(request.AppPath),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in PluginDefinition.Arguments(step))
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment.Clear();
        foreach (var (key, value) in Environment(request))
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
        process.StandardInput.Close();
        return process;
    }

    /// <summary>The sidecar's own env (PATH, HOME; DOTNET_* so that a JIT apphost finds its runtime), then the request's.</summary>
    public static Dictionary<string, string> Environment(CmpRequest request)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = Path.GetTempPath(),
        };
        foreach (var name in new[] { "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_ROOT_ARM64" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                env[name] = value;
            }
        }
        env["ARGOCD_APP_NAME"] = request.AppName;
        env["ARGOCD_APP_NAMESPACE"] = request.DestinationNamespace ?? "";
        env["ARGOCD_APP_PROJECT_NAME"] = "default";
        env["ARGOCD_APP_REVISION"] = "0123456789abcdef0123456789abcdef01234567";
        env["ARGOCD_APP_REVISION_SHORT"] = "0123456";
        env["ARGOCD_APP_SOURCE_PATH"] = request.AppPath;
        env["ARGOCD_APP_SOURCE_REPO_URL"] = "https://github.com/mysqlrender/mysqlrender.git";
        env["ARGOCD_APP_SOURCE_TARGET_REVISION"] = "main";
        env["KUBE_VERSION"] = "1.32.0";
        env["KUBE_API_VERSIONS"] = "v1,apps/v1,batch/v1,admissionregistration.k8s.io/v1";
        foreach (var (key, value) in request.PluginEnv)
        {
            env["ARGOCD_ENV_" + key] = value;
        }
        foreach (var (key, value) in PluginParameter.Environ(request.Parameters))
        {
            env[key] = value;
        }
        foreach (var (key, value) in request.Extra)
        {
            env[key] = value;
        }
        // argocd-cmp-server drops entries with an empty value.
        return env.Where(e => e.Value.Length > 0).ToDictionary(StringComparer.Ordinal);
    }
}
