using System.CommandLine;
using MySqlRender.Hosting;
using MySqlRender.Rendering;
using MySqlRender.Schema.Formats;

namespace MySqlRender.Cli;

/// <summary><c>mysqlrender init NAME</c>: a commented starter resource that takes its password from a Secret.</summary>
public static class InitCommand
{
    private const string Template = "init/mysql.yaml.sbn";

    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Instance name (also the Service name)" };
        name.Validators.Add(result => CheckName(result.GetValueOrDefault<string>(), result.AddError));
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace of the instance" };
        ns.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !KubernetesName.IsLabel(value))
            {
                result.AddError($"'{value}' is not a valid namespace (a DNS-1123 label)");
            }
        });
        var command = new Command("init", "Print a commented starter MySQL resource using passwordSecretRef");
        command.Arguments.Add(name);
        command.Options.Add(ns);
        command.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            console.Out.Write(Render(parse.GetValue(name)!, parse.GetValue(ns)));
            console.Error.Write(BackupVolumeWarning);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// On stderr, so it reaches the terminal when the resource is redirected into a file: the one way the backups
    /// disappear with the instance (issue 14.10).
    /// </summary>
    public const string BackupVolumeWarning = """
        mysqlrender init: note: deleting the namespace deletes the backup volume's claim, and with a storage class
          whose reclaimPolicy is Delete (the default of most classes) every dump goes with it. Set
          spec.backup.storageClassName to a class with reclaimPolicy: Retain, and copy dumps off the cluster
          (docs/backup-restore.md, "What deletes the dumps").

        """;

    public static string Render(string name, string? ns) => TemplateSet.Embedded.Runner.Render(Template, new Dictionary<string, object?>
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["database"] = name.Replace('-', '_'),
        ["secretName"] = $"{name}-root",
    });

    private static void CheckName(string? name, Action<string> error)
    {
        if (name is null)
        {
            return;
        }
        if (InstanceName.Format.Check(name) is { } problem)
        {
            error(problem);
        }
    }
}
