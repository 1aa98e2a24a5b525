using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>Exactly one of <c>password</c> and <c>passwordSecretRef</c>.</summary>
public sealed class PasswordSourceRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        var spec = resource.Spec;
        if (spec.Password is null && spec.PasswordSecretRef is null)
        {
            context.Report(resource, "spec", Severity.Error, DiagnosticCodes.PasswordChoice,
                "no root password: set passwordSecretRef (or password)", "add passwordSecretRef: {name: <secret>, key: password}");
        }
        else if (spec.Password is not null && spec.PasswordSecretRef is not null)
        {
            context.Report(resource, "spec.passwordSecretRef", Severity.Error, DiagnosticCodes.PasswordChoice,
                "password and passwordSecretRef are both set; set exactly one", "remove password");
        }
    }
}
