using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>
/// A MySQL account name the accounts Job manages: letters, digits and '_', at most 32 characters (MySQL 8's limit;
/// MariaDB allows 80). It is also a file name in the Job's password folder, so nothing else is allowed. Names the
/// server uses itself are refused.
/// </summary>
public static partial class MySqlUserName
{
    public const string Pattern = "^[A-Za-z0-9_]{1,32}$";

    /// <summary>root is rotated, never managed as an application user; the others belong to the server.</summary>
    public static readonly IReadOnlyList<string> Reserved = ["root", "mysql", "mysqlxsys", "mariadb"];

    public static readonly ValueFormat Format = new("mysql-user-name",
        "letters, digits and '_', at most 32 characters; not root",
        Check, Pattern, 32);

    private static string? Check(string text)
    {
        if (!NameRegex().IsMatch(text))
        {
            return $"'{text}' is not a valid user name (letters, digits and '_', 1 to 32 characters)";
        }
        return Reserved.Contains(text, StringComparer.OrdinalIgnoreCase)
            ? $"'{text}' is reserved (root's password is spec.passwordSecretRef; the others belong to the server)"
            : null;
    }

    [GeneratedRegex(Pattern)]
    private static partial Regex NameRegex();
}
