using MySqlRender.Shared;

namespace MySqlRender.Hosting;

public enum DiagnosticFormat { Text, GitHub }

/// <summary>
/// Prints diagnostics on stderr, one per line, then a one-line summary when there are errors. Text is the
/// compiler-style <c>file:line:col: error CODE: ...</c>, with repeated warnings summarised (<see cref="RepeatedWarnings"/>);
/// GitHub is the Actions workflow command that becomes an annotation on the pull request's file and line, one per item.
/// </summary>
public static class DiagnosticPrinter
{
    public static void Print(IReadOnlyList<Diagnostic> diagnostics, TextWriter error, DiagnosticFormat format = DiagnosticFormat.Text)
    {
        var repeated = new RepeatedWarnings();
        foreach (var diagnostic in diagnostics)
        {
            if (format == DiagnosticFormat.GitHub)
            {
                error.Write(GitHubAnnotation.Of(diagnostic) + "\n");
            }
            else if (repeated.Show(diagnostic))
            {
                error.Write(diagnostic.ToString() + "\n");
            }
        }
        foreach (var line in repeated.Summary())
        {
            error.Write(line + "\n");
        }
        var errors = diagnostics.Count(d => d.IsError);
        if (errors > 0)
        {
            error.Write($"mysqlrender: {errors} error{(errors == 1 ? "" : "s")}; nothing was written\n");
        }
    }
}
