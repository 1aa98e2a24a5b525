namespace MySqlRender.Schema.Formats;

/// <summary>
/// A value of an option-file line (<c>name = value</c>). A newline would start a new line of the file and a leading
/// <c>[</c> a new group, so both are refused, as are other control characters; <c>#</c> and quotes are fine
/// (the renderer quotes such values, see <see cref="Rendering.OptionFileValue"/>).
/// </summary>
public static class ServerOptionValue
{
    public static readonly ValueFormat Format = new("server-option-value",
        "one line: no newline, control character or '['", Check, "^[^\\[\\x00-\\x1f\\x7f]*$");

    private static string? Check(string text)
    {
        foreach (var c in text)
        {
            if (c is '\n' or '\r')
            {
                return "a newline would end the option file line; give the value on one line";
            }
            if (c == '[')
            {
                return "'[' is refused in option values: the option file reads it as the start of a [group]";
            }
            if (char.IsControl(c))
            {
                return $"the control character \\u{(int)c:x4} is not allowed in an option value";
            }
        }
        return null;
    }
}
