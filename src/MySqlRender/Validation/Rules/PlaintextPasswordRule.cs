using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>A plaintext password in Git is accepted for compatibility, but said out loud; <c>--strict</c> refuses it.</summary>
public sealed class PlaintextPasswordRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        if (resource.Spec.Password is null)
        {
            return;
        }
        context.Report(resource, "spec.password", context.Options.Strict ? Severity.Error : Severity.Warning,
            DiagnosticCodes.PlaintextPassword, "plaintext password in the resource; it is rendered into a Secret anyone with repository access can read",
            "keep the password in a Secret (Sealed Secrets, External Secrets, SOPS) and use passwordSecretRef");
    }
}
