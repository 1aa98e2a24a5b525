using MySqlRender.Validation;

namespace MySqlRender.Cli;

/// <summary>Prints diagnostics on stderr, one compiler-style line each, then a one-line summary when there are errors.</summary>
public static class DiagnosticPrinter
{
    public static void Print(IReadOnlyList<Diagnostic> diagnostics, TextWriter error)
    {
        foreach (var diagnostic in diagnostics)
        {
            error.Write(diagnostic.ToString());
            error.Write('\n');
        }
        var errors = diagnostics.Count(d => d.IsError);
        if (errors > 0)
        {
            error.Write($"mysqlrender: {errors} error{(errors == 1 ? "" : "s")}; nothing was written\n");
        }
    }
}
