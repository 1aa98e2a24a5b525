using MySqlRender.Validation;

namespace MySqlRender.Cli;

public enum DiagnosticFormat { Text, GitHub }

/// <summary>
/// Prints diagnostics on stderr, one per line, then a one-line summary when there are errors. Text is the
/// compiler-style <c>file:line:col: error CODE: ...</c>; GitHub is the Actions workflow command that becomes an
/// annotation on the pull request's file and line.
/// </summary>
public static class DiagnosticPrinter
{
    public static void Print(IReadOnlyList<Diagnostic> diagnostics, TextWriter error, DiagnosticFormat format = DiagnosticFormat.Text)
    {
        foreach (var diagnostic in diagnostics)
        {
            error.Write(format == DiagnosticFormat.GitHub ? GitHubAnnotation.Of(diagnostic) : diagnostic.ToString());
            error.Write('\n');
        }
        var errors = diagnostics.Count(d => d.IsError);
        if (errors > 0)
        {
            error.Write($"mysqlrender: {errors} error{(errors == 1 ? "" : "s")}; nothing was written\n");
        }
    }
}
