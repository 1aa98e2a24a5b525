using MySqlRender.Shared;

namespace MySqlRender.Hosting;

/// <summary>
/// Keeps a text report readable: of the warnings of one code, only the first <see cref="Shown"/> are printed, and
/// one line says exactly how many more there are. Errors are never summarised (each needs a fix), and
/// machine-readable reports (GitHub annotations, a KRM function's results) keep every item.
/// </summary>
public sealed class RepeatedWarnings
{
    public const int Shown = 3;

    private readonly Dictionary<string, int> seen = new(StringComparer.Ordinal);

    /// <summary>Whether to print this diagnostic; counts the warnings of its code.</summary>
    public bool Show(Diagnostic diagnostic)
    {
        if (diagnostic.Severity != Severity.Warning)
        {
            return true;
        }
        var count = seen[diagnostic.Code] = seen.GetValueOrDefault(diagnostic.Code) + 1;
        return count <= Shown;
    }

    /// <summary>One line per code with hidden warnings, in code order.</summary>
    public IEnumerable<string> Summary() =>
        seen.Where(code => code.Value > Shown).OrderBy(code => code.Key, StringComparer.Ordinal)
            .Select(code => $"mysqlrender: and {code.Value - Shown} more warning{(code.Value - Shown == 1 ? "" : "s")} {code.Key} like these "
                + $"({code.Value} in all; --diagnostics-format github and a KRM function's results list every one)");
}
