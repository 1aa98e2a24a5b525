namespace MySqlRender.Plugins.Kustomize;

/// <summary>
/// Recognises how kustomize runs a legacy exec plugin: argv[1] is a temp file holding the plugin's config object
/// (here the MySQL resource itself) and <c>KUSTOMIZE_PLUGIN_CONFIG_STRING</c> is set. Checked before normal
/// command-line parsing, because the call carries no subcommand.
/// </summary>
public static class ExecPluginCall
{
    public const string ConfigStringVariable = "KUSTOMIZE_PLUGIN_CONFIG_STRING";

    public static bool Matches(string[] args, Func<string, string?> environment, IEnumerable<string> commandNames) =>
        args.Length >= 1
        && environment(ConfigStringVariable) is not null
        && !commandNames.Contains(args[0])
        && File.Exists(args[0]);
}
