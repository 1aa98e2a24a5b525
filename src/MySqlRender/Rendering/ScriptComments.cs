using System.Text;

namespace MySqlRender.Rendering;

/// <summary>
/// The container scripts as the ConfigMaps carry them: without their comment lines. The commented source stays in
/// the templates; the cluster gets the code, about a quarter smaller, and a comment-only edit of a script no longer
/// changes its ConfigMap's content hash, so it no longer restarts every database on the next sync.
/// Only whole comment lines outside quotes, here-documents and continued lines go; when a line's quoting cannot be
/// followed to the end of the script (an unclosed quote), the script is kept as it is.
/// </summary>
public static class ScriptComments
{
    public static string Strip(string name, string script)
    {
        var kept = new StringBuilder(script.Length);
        var state = new LexState();
        var rest = script.AsSpan();
        if (rest.StartsWith("#!"))
        {
            var shebang = NextLine(ref rest);
            kept.Append(shebang).Append('\n');
            state.Read(shebang);
        }
        kept.Append("# ").Append(name).Append(" of the mysqlrender templates, without its comment lines\n");
        while (!rest.IsEmpty)
        {
            var line = NextLine(ref rest);
            if (!(state.AtCommandStart && line.TrimStart(" \t").StartsWith('#')))
            {
                kept.Append(line).Append('\n');
            }
            state.Read(line);
        }
        if (!script.EndsWith('\n') && kept[^1] == '\n')
        {
            kept.Length--;
        }
        return state.Balanced ? kept.ToString() : script;
    }

    /// <summary>The text up to the next newline (which is consumed, not returned).</summary>
    private static ReadOnlySpan<char> NextLine(ref ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOf('\n');
        var line = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[(end + 1)..];
        return line;
    }

    /// <summary>Just enough of the shell's quoting to know whether the next line starts a new command.</summary>
    private sealed class LexState
    {
        private char quote;            // '\'', '"', '$' (ANSI-C $'...') or '\0'
        private string? hereDocument;  // the delimiter being waited for
        private bool stripTabs;        // <<- strips leading tabs before the delimiter
        private bool continued;        // the line ended in a backslash
        private readonly Queue<(string Delimiter, bool StripTabs)> pending = new();

        public bool AtCommandStart => quote == '\0' && hereDocument is null && !continued;

        public bool Balanced => quote == '\0' && hereDocument is null && pending.Count == 0;

        public void Read(ReadOnlySpan<char> line)
        {
            if (hereDocument is not null)
            {
                if ((stripTabs ? line.TrimStart('\t') : line).SequenceEqual(hereDocument))
                {
                    NextHereDocument();
                }
                return;
            }
            continued = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                switch (quote)
                {
                    case '\'':
                        if (c == '\'') quote = '\0';
                        break;
                    case '"' or '$':
                        if (c == '\\') i++;
                        else if (c == (quote == '$' ? '\'' : '"')) quote = '\0';
                        break;
                    default:
                        if (c == '\\')
                        {
                            if (i == line.Length - 1) continued = true;
                            i++;
                        }
                        else if (c == '$' && i + 1 < line.Length && line[i + 1] == '\'')
                        {
                            quote = '$'; // backslash escapes, \' included
                            i++;
                        }
                        else if (c is '\'' or '"') quote = c;
                        else if (c == '#' && (i == 0 || IsWordBreak(line[i - 1]))) i = line.Length; // a comment to the end of the line
                        else if (c == '<' && HereDocumentAt(line, i) is { } here)
                        {
                            pending.Enqueue((here.Delimiter, here.StripTabs));
                            i = here.End - 1; // past the delimiter word and its quotes
                        }
                        break;
                }
            }
            if (pending.Count > 0 && quote == '\0')
            {
                NextHereDocument();
            }
        }

        private void NextHereDocument()
        {
            (hereDocument, stripTabs) = pending.TryDequeue(out var next) ? next : (null, false);
        }

        private static bool IsWordBreak(char c) => c is ' ' or '\t' or ';' or '|' or '&' or '(' or ')';

        /// <summary>The delimiter of a here-document opened at <paramref name="at"/> (<c>&lt;&lt;WORD</c>, not <c>&lt;&lt;&lt;</c>).</summary>
        private static (string Delimiter, bool StripTabs, int End)? HereDocumentAt(ReadOnlySpan<char> line, int at)
        {
            if (at + 1 >= line.Length || line[at + 1] != '<' || at + 2 < line.Length && line[at + 2] == '<' || at > 0 && line[at - 1] == '<')
            {
                return null;
            }
            var i = at + 2;
            var stripTabs = i < line.Length && line[i] == '-';
            if (stripTabs) i++;
            while (i < line.Length && line[i] is ' ' or '\t') i++;
            var word = new StringBuilder();
            while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] is '_' or '\'' or '"'))
            {
                if (line[i] is not ('\'' or '"')) word.Append(line[i]);
                i++;
            }
            return word.Length == 0 ? null : (word.ToString(), stripTabs, i);
        }
    }
}
