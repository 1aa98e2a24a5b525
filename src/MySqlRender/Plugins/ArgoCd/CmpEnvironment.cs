using System.Collections;
using System.Text;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>
/// What the plugin reads from the environment argocd-cmp-server builds: the Application's build variables and the
/// plugin env (<c>spec.source.plugin.env</c>, prefixed <c>ARGOCD_ENV_</c>) that backs the parameters up.
/// An empty variable counts as unset.
/// </summary>
public sealed record CmpEnvironment(
    string? AppName,
    string? DestinationNamespace,
    string? SourcePath,
    string? Namespace,
    bool? Strict,
    bool? OnlyMySql)
{
    public static CmpEnvironment Read(IReadOnlyDictionary<string, string> environment)
    {
        string? Get(string name) => environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        bool? Boolean(string name) => Get(name) is { } text ? CmpValue.Boolean(name, text) : null;

        return new CmpEnvironment(
            AppName: Get("ARGOCD_APP_NAME") is { } name ? SanitizedAppName(name) : null,
            DestinationNamespace: Get("ARGOCD_APP_NAMESPACE") is { } destination ? CmpValue.Namespace("ARGOCD_APP_NAMESPACE", destination) : null,
            SourcePath: Get("ARGOCD_APP_SOURCE_PATH"),
            Namespace: Get("ARGOCD_ENV_MYSQLRENDER_NAMESPACE") is { } ns ? CmpValue.Namespace("ARGOCD_ENV_MYSQLRENDER_NAMESPACE", ns) : null,
            Strict: Boolean("ARGOCD_ENV_MYSQLRENDER_STRICT"),
            OnlyMySql: Boolean("ARGOCD_ENV_MYSQLRENDER_ONLY_MYSQL"));
    }

    /// <summary>The process environment as a dictionary (the one place the adapter touches it).</summary>
    public static IReadOnlyDictionary<string, string> Snapshot()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        return variables;
    }

    /// <summary>
    /// ARGOCD_APP_NAME only ever reaches the log (stderr): it may be <c>namespace_name</c> and is not validated by
    /// Argo CD for our purposes, so anything but <c>[A-Za-z0-9._-]</c> becomes '_' and it is cut to 253 characters.
    /// </summary>
    public static string SanitizedAppName(string name)
    {
        var builder = new StringBuilder(Math.Min(name.Length, 253));
        foreach (var c in name.Take(253))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }
        return builder.ToString();
    }
}
