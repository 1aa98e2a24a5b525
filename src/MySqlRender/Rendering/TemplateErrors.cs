using System.Text.RegularExpressions;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>Fluid reports positions as "... at (line:col)"; this turns them into a <see cref="SourcePosition"/>.</summary>
public static partial class TemplateErrors
{
    public static SourcePosition PositionOf(string message)
    {
        var match = PositionPattern().Match(message);
        return match.Success
            ? new SourcePosition(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value))
            : SourcePosition.Start;
    }

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex PositionPattern();
}
