using MySqlRender.Model;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>
/// Issue 13 defect 5: plain kubectl apply has no sync phases, so a backup "before the change" would run at the same
/// moment as the change (an image upgrade restarts the server under the dump). Under --target kubectl the Job is
/// left out; this says so where the user set the field, and what to run instead.
/// </summary>
public sealed class KubectlTargetRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        if (context.Options.Target != RenderTarget.Kubectl || resource.Spec.Backup.BeforeChange is null || resource.Spec.Retired)
        {
            return;
        }
        context.Report(resource, "spec.backup.beforeChange", Severity.Warning, DiagnosticCodes.HookUnderKubectl,
            "no before-change backup is rendered under --target kubectl: kubectl apply cannot run it before the change",
            $"take it first: kubectl create job --from=cronjob/{resource.Names.BackupCronJob} {resource.Name}-before-change, wait for it to complete, then apply");
    }
}
