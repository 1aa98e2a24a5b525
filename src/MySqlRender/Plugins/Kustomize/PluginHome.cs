namespace MySqlRender.Plugins.Kustomize;

/// <summary>Where kustomize looks for the exec plugin of <c>otus.homework/v1</c> <c>MySQL</c>.</summary>
public static class PluginHome
{
    /// <summary>kustomize's own order: $KUSTOMIZE_PLUGIN_HOME, $XDG_CONFIG_HOME/kustomize/plugin, ~/.config/kustomize/plugin.</summary>
    public static string Default(Func<string, string?> environment)
    {
        if (environment("KUSTOMIZE_PLUGIN_HOME") is { Length: > 0 } home)
        {
            return home;
        }
        var config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(environment("HOME") is { Length: > 0 } user ? user : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "kustomize", "plugin");
    }

    /// <summary><c>{group}/{version}/{lowercase kind}/{Kind}</c> under the plugin home.</summary>
    public static string ExecutablePath(string pluginHome) =>
        Path.Combine(pluginHome, "otus.homework", "v1", "mysql", "MySQL");
}
