namespace MySqlRender.Plugins.ArgoCd;

/// <summary>A parameter or env value the plugin cannot use: a usage error (exit 2), never a silent default.</summary>
public sealed class CmpParameterException(string message) : Exception(message);
