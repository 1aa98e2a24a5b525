using MySqlRender.Shared;

namespace MySqlRender.Hosting;

/// <summary>A diagnostic as a GitHub Actions workflow command: <c>::error file=F,line=L,col=C,title=CODE::message</c>.</summary>
public static class GitHubAnnotation
{
    public static string Of(Diagnostic diagnostic)
    {
        var level = diagnostic.IsError ? "error" : "warning";
        var subject = diagnostic.Subject.Length > 0 ? diagnostic.Subject + ": " : "";
        var hint = diagnostic.Hint is null ? "" : $" ({diagnostic.Hint})";
        return $"::{level} file={Property(diagnostic.File)},line={diagnostic.Position.Line},col={diagnostic.Position.Column},"
            + $"title={Property(diagnostic.Code)}::{Data(subject + diagnostic.Message + hint)}";
    }

    // The escapes the Actions runner undoes (toolkit's command.ts): data escapes % CR LF, properties also : and ,.
    private static string Data(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string Property(string text) => Data(text).Replace(":", "%3A").Replace(",", "%2C");
}
