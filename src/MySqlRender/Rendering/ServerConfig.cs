using System.Text;
using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// The server's option file (the NAME-config ConfigMap, mounted under /etc/mysql/conf.d/): mysqlrender's defaults,
/// then TLS, then spec.config. Option files are read top to bottom and the last setting of an option wins, so the
/// user's settings win over the defaults (also in another spelling, e.g. log-bin after skip-log-bin). The checksum
/// goes on the pod template, so a change restarts the server.
/// </summary>
public sealed record ServerConfig(string Text, string Checksum)
{
    public const string FileName = "mysqlrender.cnf";
    public const string TlsMountPath = "/etc/mysql-tls";

    public static ServerConfig Build(IEnumerable<(string Name, string Value)> defaults, PlatformSpec platform)
    {
        var user = platform.Config.Select(o => o.CanonicalName).ToHashSet(StringComparer.Ordinal);
        var lines = new List<(string Name, string Value)>();
        lines.AddRange(defaults.Where(d => !user.Contains(ServerOption.Canonical(d.Name))));
        lines.AddRange(Tls(platform.Tls));
        lines.AddRange(platform.Config.Select(o => (o.Name, o.Value)));
        var text = new StringBuilder("# Rendered by mysqlrender: defaults, then spec.tls, then spec.config (the last setting wins).\n[mysqld]\n");
        foreach (var (name, value) in lines)
        {
            // An empty value is a bare option (skip-log-bin): skip-/disable- options take no argument.
            text.Append(name).Append(value.Length == 0 ? "" : " = " + OptionFileValue.Render(value)).Append('\n');
        }
        var content = text.ToString();
        return new ServerConfig(content, ContentHash.Of(content, 16));
    }

    /// <summary>The certificate files of a kubernetes.io/tls Secret (cert-manager adds ca.crt).</summary>
    private static IEnumerable<(string, string)> Tls(TlsSpec? tls)
    {
        if (tls is null)
        {
            yield break;
        }
        yield return ("ssl_ca", $"{TlsMountPath}/ca.crt");
        yield return ("ssl_cert", $"{TlsMountPath}/tls.crt");
        yield return ("ssl_key", $"{TlsMountPath}/tls.key");
        if (tls.RequireSecureTransport)
        {
            yield return ("require_secure_transport", "ON");
        }
    }
}
