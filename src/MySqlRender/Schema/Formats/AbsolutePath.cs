namespace MySqlRender.Schema.Formats;

/// <summary>An absolute host path without '..' segments.</summary>
public static class AbsolutePath
{
    public const string Pattern = @"^/[^\x00]*$";

    public static readonly ValueFormat Format = new("absolute-path", "an absolute path such as /data",
        text => !text.StartsWith('/') ? $"'{text}' must be an absolute path, e.g. /data"
            : text.Split('/').Contains("..") ? $"'{text}' must not contain '..'"
            : text.Any(char.IsControl) ? $"'{text}' contains a control character"
            : null,
        Pattern, 4096);
}
