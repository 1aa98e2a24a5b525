using MySqlRender.Model;
using MySqlRender.Validation.Formats;

namespace MySqlRender.Validation.Rules;

/// <summary>The instance name must also be valid as every name derived from it.</summary>
public sealed class InstanceNameRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        var name = resource.Name;
        if (!KubernetesName.IsDns1035Label(name))
        {
            context.Report(resource, "metadata.name", Severity.Error, DiagnosticCodes.InvalidName,
                $"'{name}' must start with a letter: it is also the Service name (a DNS-1035 label)", "rename the instance");
        }
        if (name.Length > InstanceNames.MaxInstanceName)
        {
            context.Report(resource, "metadata.name", Severity.Error, DiagnosticCodes.InvalidName,
                $"'{name}' is {name.Length} characters; at most {InstanceNames.MaxInstanceName} are allowed because the backup CronJob "
                + $"'{resource.Names.BackupCronJob}' must fit {InstanceNames.MaxCronJobName}", "use a shorter name");
        }
    }
}
