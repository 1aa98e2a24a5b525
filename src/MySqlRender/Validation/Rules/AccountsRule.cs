using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>
/// Every managed account has one owner: a user is declared once, never both declared and removed, and the exporter's
/// user is neither an application user nor removed. The exporter needs its password Secret.
/// </summary>
public sealed class AccountsRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        var platform = resource.Spec.Platform;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < platform.Users.Count; i++)
        {
            var name = platform.Users[i].Name;
            if (seen.TryGetValue(name, out var first))
            {
                context.Report(resource, $"spec.users[{i}].name", Severity.Error, DiagnosticCodes.DuplicateUser,
                    $"user '{name}' is declared twice (first as spec.users[{first}])", "keep one entry per user");
            }
            else
            {
                seen[name] = i;
            }
        }
        for (var i = 0; i < platform.RemovedUsers.Count; i++)
        {
            var name = platform.RemovedUsers[i];
            if (seen.TryGetValue(name, out var declared))
            {
                context.Report(resource, $"spec.removedUsers[{i}]", Severity.Error, DiagnosticCodes.DuplicateUser,
                    $"user '{name}' is both declared (spec.users[{declared}]) and listed for removal",
                    "remove it from one of the two lists");
            }
        }
        CheckMetrics(resource, context, platform, seen);
    }

    private static void CheckMetrics(MySqlResource resource, RuleContext context, PlatformSpec platform, Dictionary<string, int> users)
    {
        var metrics = platform.Metrics;
        if (!metrics.Enabled)
        {
            return;
        }
        if (metrics.PasswordSecretRef is null)
        {
            context.Report(resource, "spec.metrics", Severity.Error, DiagnosticCodes.MissingExporterPassword,
                "metrics are enabled but the exporter's user has no password Secret",
                "add passwordSecretRef: {name: <secret>, key: password} under spec.metrics");
        }
        if (users.ContainsKey(metrics.User) || platform.RemovedUsers.Contains(metrics.User))
        {
            context.Report(resource, "spec.metrics.user", Severity.Error, DiagnosticCodes.DuplicateUser,
                $"'{metrics.User}' is the exporter's user and also in spec.users or spec.removedUsers",
                "give the exporter a user of its own");
        }
    }
}
