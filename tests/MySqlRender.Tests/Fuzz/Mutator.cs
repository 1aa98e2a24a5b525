using System.Text;

namespace MySqlRender.Tests.Fuzz;

/// <summary>
/// Random, seeded mutations of a valid YAML text: character inserts and deletes, type swaps, deepening, duplicate
/// keys and lines, anchors and aliases, indentation changes, random bytes (invalid UTF-8 included), truncation.
/// The same seed always gives the same mutations.
/// </summary>
public sealed class Mutator(Random random)
{
    private static readonly string[] Scalars =
    [
        "[]", "{}", "123", "-1", "0", "true", "no", "null", "~", "\"\"", "''", "[a, b]", "{a: 1}", "1e9999", ".inf", ".nan",
        "0x1F", "0o17", "1_000", "2026-01-01", "12:30:00", "!!binary aGVsbG8=", "!custom x", "&anchor value", "*alias",
        "|\n  block\n", ">-\n  folded\n", "\"\\u0000\"", "\"\\x85\"", "\"a\\nb\"", "99999999999999999999999", "-0.0",
        "'{{ x }}'", "\"{% if %}\"", "$(id)", "`id`", "a: b", "- x", "? x", "%YAML 1.1", "@x", "\"\\uD800\"",
    ];

    private static readonly string[] Fragments =
    [
        ":", "-", " ", "\t", "\n", "[", "]", "{", "}", "\"", "'", "&", "*", "!", "|", ">", "#", "%", "@", "`", ",", "?",
        "---\n", "...\n", "<<: ", "\r", "\u0085", "\u2028", "\ufeff", "\u0000", "é", "😀", "\\",
    ];

    public (byte[] Bytes, List<string> Steps) Mutate(string text)
    {
        var steps = new List<string>();
        var count = 1 + random.Next(3);
        byte[]? bytes = null;
        for (var i = 0; i < count; i++)
        {
            var kind = random.Next(11);
            if (kind == 10)
            {
                bytes ??= Encoding.UTF8.GetBytes(text);
                bytes = RandomBytes(bytes, steps);
                continue;
            }
            if (bytes is not null)
            {
                continue; // text mutations only before bytes become possibly invalid UTF-8
            }
            text = kind switch
            {
                0 => Insert(text, steps),
                1 => Delete(text, steps),
                2 or 3 => SwapValue(text, steps),
                4 => Deepen(text, steps),
                5 => DuplicateLine(text, steps),
                6 => Reindent(text, steps),
                7 => Truncate(text, steps),
                8 => AnchorAndAlias(text, steps),
                _ => Billion(text, steps),
            };
        }
        return (bytes ?? Encoding.UTF8.GetBytes(text), steps);
    }

    private string Insert(string text, List<string> steps)
    {
        var at = random.Next(text.Length + 1);
        var fragment = Fragments[random.Next(Fragments.Length)];
        steps.Add($"insert {Escape(fragment)} at {at}");
        return text.Insert(at, fragment);
    }

    private string Delete(string text, List<string> steps)
    {
        if (text.Length == 0)
        {
            return text;
        }
        var at = random.Next(text.Length);
        var length = 1 + random.Next(Math.Min(20, text.Length - at));
        steps.Add($"delete {length} at {at}");
        return text.Remove(at, length);
    }

    /// <summary>Replaces the value of a random "key: value" line (or a list item) with a value of another type.</summary>
    private string SwapValue(string text, List<string> steps)
    {
        var lines = text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(": ") || lines[i].TrimEnd().EndsWith(':')).ToList();
        if (candidates.Count == 0)
        {
            return text;
        }
        var index = candidates[random.Next(candidates.Count)];
        var colon = lines[index].IndexOf(':');
        var value = Scalars[random.Next(Scalars.Length)];
        steps.Add($"line {index + 1} value -> {Escape(value)}");
        lines[index] = lines[index][..(colon + 1)] + " " + value;
        return string.Join('\n', lines);
    }

    private string Deepen(string text, List<string> steps)
    {
        var lines = text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(": ")).ToList();
        if (candidates.Count == 0)
        {
            return text;
        }
        var index = candidates[random.Next(candidates.Count)];
        var depth = 1 + random.Next(random.Next(2) == 0 ? 10 : 150);
        var colon = lines[index].IndexOf(": ", StringComparison.Ordinal);
        var value = lines[index][(colon + 2)..];
        var (open, close) = random.Next(2) == 0 ? ("[", "]") : ("{k: ", "}");
        steps.Add($"line {index + 1} nested {depth} deep in {open}");
        lines[index] = lines[index][..(colon + 2)] + string.Concat(Enumerable.Repeat(open, depth)) + value + new string(close[0], depth);
        return string.Join('\n', lines);
    }

    private string DuplicateLine(string text, List<string> steps)
    {
        var lines = text.Split('\n').ToList();
        var index = random.Next(lines.Count);
        var to = Math.Min(lines.Count, index + 1 + random.Next(3));
        steps.Add($"duplicate line {index + 1} at {to + 1}");
        lines.Insert(to, lines[index]);
        return string.Join('\n', lines);
    }

    private string Reindent(string text, List<string> steps)
    {
        var lines = text.Split('\n');
        var index = random.Next(lines.Length);
        var delta = random.Next(-3, 4);
        steps.Add($"line {index + 1} indent {delta:+0;-0}");
        lines[index] = delta >= 0 ? new string(' ', delta) + lines[index] : lines[index][Math.Min(-delta, lines[index].Length - lines[index].TrimStart().Length)..];
        return string.Join('\n', lines);
    }

    private string Truncate(string text, List<string> steps)
    {
        var at = random.Next(text.Length + 1);
        steps.Add($"truncate at {at}");
        return text[..at];
    }

    private string AnchorAndAlias(string text, List<string> steps)
    {
        var lines = text.Split('\n');
        var values = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(": ")).ToList();
        if (values.Count < 2)
        {
            return text;
        }
        var (anchor, alias) = (values[random.Next(values.Count)], values[random.Next(values.Count)]);
        steps.Add($"anchor line {anchor + 1}, alias line {alias + 1}");
        var colon = lines[anchor].IndexOf(": ", StringComparison.Ordinal);
        lines[anchor] = lines[anchor].Insert(colon + 2, "&a ");
        colon = lines[alias].IndexOf(": ", StringComparison.Ordinal);
        lines[alias] = lines[alias][..(colon + 2)] + "*a";
        return string.Join('\n', lines);
    }

    /// <summary>Prepends a small "billion laughs" block of doubling aliases.</summary>
    private string Billion(string text, List<string> steps)
    {
        var levels = 5 + random.Next(20);
        steps.Add($"{levels} levels of doubling aliases");
        var builder = new StringBuilder("l0: &l0 [x, x]\n");
        for (var i = 1; i < levels; i++)
        {
            builder.Append($"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]\n");
        }
        var specAt = text.IndexOf("\nspec:\n", StringComparison.Ordinal);
        return specAt < 0 ? builder + text : text.Insert(specAt + 1, builder.ToString());
    }

    private byte[] RandomBytes(byte[] bytes, List<string> steps)
    {
        var at = random.Next(bytes.Length + 1);
        var inserted = new byte[1 + random.Next(4)];
        random.NextBytes(inserted);
        steps.Add($"insert bytes {Convert.ToHexString(inserted)} at byte {at}");
        return [.. bytes[..at], .. inserted, .. bytes[at..]];
    }

    public static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c < 0x20 || c is '\u0085' or '\u2028' or '\ufeff' ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return builder.ToString();
    }
}
