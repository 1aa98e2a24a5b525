using System.Reflection;
using MySqlRender.Shared;

namespace MySqlRender.Schema;

/// <summary>
/// The server option names of server-options.txt (MySQL 8.0 and MariaDB 10.11, see its header), and the options
/// mysqlrender sets itself. Names are canonical: '_' for '-'. Option files also accept the prefixes loose-, skip-,
/// disable-, enable- and maximum- in front of a name (MySQL reference manual, "Program Option Modifiers").
/// </summary>
public static class ServerOptions
{
    private static readonly string[] Prefixes = ["loose_", "skip_", "disable_", "enable_", "maximum_"];

    private static readonly Lazy<HashSet<string>> Known = new(Load);

    /// <summary>Options the rendered pod decides; a user value would break the pod or a mysqlrender guarantee.</summary>
    private static readonly Dictionary<string, string> Managed = new(StringComparer.Ordinal)
    {
        ["datadir"] = "the data volume is mounted at /var/lib/mysql",
        ["socket"] = "probes, the exporter and the server init use /var/run/mysqld/mysqld.sock",
        ["port"] = "the Service, probes and jobs use 3306",
        ["bind_address"] = "the Service reaches the pod's address",
        ["skip_networking"] = "clients and jobs connect over TCP",
        ["pid_file"] = "the image's entrypoint decides it",
        ["user"] = "the pod's securityContext decides it",
        ["basedir"] = "the image decides it",
        ["tmpdir"] = "temporary files go to the data volume (/var/lib/mysql-tmp)",
        ["secure_file_priv"] = "the image sets /var/lib/mysql-files",
        ["ssl_cert"] = "spec.tls.secretName",
        ["ssl_key"] = "spec.tls.secretName",
        ["ssl_ca"] = "spec.tls.secretName",
        ["require_secure_transport"] = "spec.tls.requireSecureTransport",
        ["read_only"] = "the final backup of a retired instance",
        ["super_read_only"] = "the final backup of a retired instance",
    };

    public static bool IsKnown(string canonicalName) =>
        Known.Value.Contains(canonicalName) || Stripped(canonicalName).Any(Known.Value.Contains);

    /// <summary>What sets the option instead, or null when the user may set it.</summary>
    public static string? ManagedBy(string canonicalName) =>
        Managed.TryGetValue(canonicalName, out var owner) ? owner
            : Stripped(canonicalName).Select(name => Managed.GetValueOrDefault(name)).FirstOrDefault(owner => owner is not null);

    public static string? Closest(string canonicalName) => DidYouMean.Closest(canonicalName, Known.Value.Order(StringComparer.Ordinal));

    private static IEnumerable<string> Stripped(string name) =>
        Prefixes.Where(p => name.StartsWith(p, StringComparison.Ordinal)).Select(p => name[p.Length..]);

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("server-options.txt")
            ?? throw new InvalidOperationException("server-options.txt is not embedded");
        using var reader = new StreamReader(stream);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                names.Add(line.Trim());
            }
        }
        return names;
    }
}
