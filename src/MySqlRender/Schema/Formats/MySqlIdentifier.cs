namespace MySqlRender.Schema.Formats;

/// <summary>A MySQL database name that works unquoted in env, as a directory name, and backtick-quoted in SQL.</summary>
public static class MySqlIdentifier
{
    public const string Pattern = @"^[^`/\\.\x00-\x1f\x7f]*[^`/\\.\x00-\x1f\x7f ]$";

    public static readonly ValueFormat DatabaseName = new("mysql-database-name",
        "a MySQL database name: at most 64 characters, no backtick, '/', '\\', '.', control characters or trailing space",
        Check, Pattern, 64);

    private static string? Check(string text)
    {
        if (text.Length == 0)
        {
            return "the database name must not be empty";
        }
        if (text.Length > 64)
        {
            return $"'{text}' is {text.Length} characters long; MySQL allows at most 64";
        }
        foreach (var c in text)
        {
            if (c is '`' or '/' or '\\' or '.' || char.IsControl(c))
            {
                return $"'{text}' contains '{Printable(c)}', which a MySQL database name cannot safely hold";
            }
        }
        return text.EndsWith(' ') ? $"'{text}' ends with a space, which MySQL does not allow" : null;
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
