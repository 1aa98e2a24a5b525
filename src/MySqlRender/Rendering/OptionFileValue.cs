namespace MySqlRender.Rendering;

/// <summary>
/// A value as an option-file line needs it. Plain words stay bare; anything else is double-quoted with <c>\\</c>
/// and <c>\"</c> escaped, which both servers read back to the same bytes (mysys my_default.cc: a quoted value's '#' is
/// no comment, and \\ \" \' \n \t \r \b \s are unescaped). Newlines and '[' never get here (ServerOptionValue).
/// </summary>
public static class OptionFileValue
{
    public static string Render(string value) =>
        value.Length > 0 && value.All(IsBare) ? value : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static bool IsBare(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ',' or ':' or '/' or '+' or '*' or '@' or '%' or '=';
}
