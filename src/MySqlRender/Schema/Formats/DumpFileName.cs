using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>A dump file name inside the backup volume: a plain file name, never a path.</summary>
public static partial class DumpFileName
{
    public const string Pattern = @"^[A-Za-z0-9][A-Za-z0-9._-]*\.sql\.gz$";

    public static readonly ValueFormat Format = new("dump-file-name", "a dump file name such as mysql-instance-20260101T030000Z.sql.gz",
        text => text.Length <= 255 && FileNameRegex().IsMatch(text) ? null
            : $"'{text}' is not a dump file name (a name like mysql-instance-20260101T030000Z.sql.gz, no folders)",
        Pattern, 255);

    [GeneratedRegex(Pattern)]
    private static partial Regex FileNameRegex();
}
