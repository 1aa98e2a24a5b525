using MySqlRender.Model;
using MySqlRender.Schema.Formats;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>The API server rejects a request above its limit; say so here, with the field.</summary>
public sealed class RequestsWithinLimitsRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        CheckPair(resource, resource.Spec.Resources, "spec.resources", context);
        CheckPair(resource, resource.Spec.Backup.Resources, "spec.backup.resources", context);
    }

    private static void CheckPair(MySqlResource resource, ComputeResources resources, string path, RuleContext context)
    {
        foreach (var (name, request) in resources.Requests)
        {
            if (resources.Limits.TryGetValue(name, out var limit)
                && Quantity.TryParse(request, out var requested) && Quantity.TryParse(limit, out var limited)
                && requested > limited)
            {
                context.Report(resource, $"{path}.requests.{name}", Severity.Error, DiagnosticCodes.RequestAboveLimit,
                    $"request {request} is above the limit {limit}", $"raise {path}.limits.{name} or lower the request");
            }
        }
    }
}
