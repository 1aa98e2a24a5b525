using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>
/// The value of <c>spec.backup.beforeChange</c>: a short name for a change (<c>mysql-8.4-upgrade</c>). The backup
/// script records it on the backup volume, so it is limited to characters that need no quoting anywhere.
/// </summary>
public static partial class ChangeName
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";

    public static readonly ValueFormat Format = new("change-name", "a name for the change such as mysql-8.4-upgrade",
        text => NameRegex().IsMatch(text) ? null
            : $"'{text}' is not a change name (1-63 letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. mysql-8.4-upgrade)",
        Pattern, 63);

    [GeneratedRegex(Pattern)]
    private static partial Regex NameRegex();
}
