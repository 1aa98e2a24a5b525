using MySqlRender.Model;
using MySqlRender.Schema;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>
/// spec.config names: an option mysqlrender manages itself (paths, socket, port, networking) is an error, the same
/// option twice ('-' and '_' spellings) is an error, and a name missing from the repository's list of server options
/// is a warning with the closest known name (the list can lag a release, so it never blocks a render).
/// </summary>
public sealed class ServerOptionsRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in resource.Spec.Platform.Config)
        {
            var name = option.CanonicalName;
            if (seen.TryGetValue(name, out var first))
            {
                context.ReportKey(resource, "spec.config", option.Name, Severity.Error, DiagnosticCodes.DuplicateServerOption,
                    $"'{option.Name}' is the same option as '{first}' ('-' and '_' are one)", "keep one of them");
                continue;
            }
            seen[name] = option.Name;
            if (ServerOptions.ManagedBy(name) is { } owner)
            {
                context.ReportKey(resource, "spec.config", option.Name, Severity.Error, DiagnosticCodes.ManagedServerOption,
                    $"'{option.Name}' is set by mysqlrender ({owner})", "remove it from spec.config");
            }
            else if (!ServerOptions.IsKnown(name))
            {
                var close = ServerOptions.Closest(name);
                context.ReportKey(resource, "spec.config", option.Name, Severity.Warning, DiagnosticCodes.UnknownServerOption,
                    $"'{option.Name}' is not a server option mysqlrender knows; the server refuses to start on an unknown option",
                    close is null
                        ? "check the spelling; if a newer server has it, add it to src/MySqlRender/Schema/Options/server-options.txt"
                        : $"did you mean {close}?");
            }
        }
    }
}
