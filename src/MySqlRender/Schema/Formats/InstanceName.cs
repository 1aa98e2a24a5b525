using MySqlRender.Shared;

namespace MySqlRender.Schema.Formats;

/// <summary>
/// The instance name is also the Service name (a DNS-1035 label: it starts with a letter) and the stem of every
/// derived name; the tightest is the backup CronJob <c>backup-NAME</c>, whose name may have at most 52 characters
/// (the controller appends an 11-character suffix to its Jobs' names). Checked with the schema, so that a bad name
/// is reported in the same run as every other field's problem.
/// </summary>
public static class InstanceName
{
    /// <summary>CronJob names are limited to 52 characters (the API appends 11 for its Jobs).</summary>
    public const int MaxCronJobName = 52;

    /// <summary>What is left of <see cref="MaxCronJobName"/> after the backup CronJob's <c>backup-</c> prefix.</summary>
    public static readonly int MaxInstanceName = MaxCronJobName - "backup-".Length;

    public static readonly ValueFormat Format = new("instance-name",
        $"a DNS-1035 label: lowercase letters, digits and '-', starting with a letter, at most {MaxInstanceName} characters",
        Check, KubernetesName.Dns1035Pattern, MaxInstanceName)
    {
        Code = DiagnosticCodes.InvalidName,
        Hint = "rename the instance",
    };

    private static string? Check(string name)
    {
        if (!KubernetesName.IsDns1035Label(name))
        {
            return $"'{name}' is not a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit): "
                + "it is also the Service name";
        }
        if (name.Length > MaxInstanceName)
        {
            return $"'{name}' is {name.Length} characters; at most {MaxInstanceName} are allowed because the backup CronJob "
                + $"'backup-{name}' must fit {MaxCronJobName}";
        }
        return null;
    }
}
