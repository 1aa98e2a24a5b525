using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace MySqlRender.Output;

/// <summary>
/// A unified diff as GNU diff and git write it (<c>--- a/F</c>, <c>+++ b/F</c>, <c>@@ -l,s +l,s @@</c>, removals
/// before additions, three lines of context, <c>\ No newline at end of file</c>), so that <c>git apply</c> and
/// <c>patch</c> accept it. DiffPlex computes the line diff; lines are compared with their line ending, as git does, so
/// a missing final newline is a change. (DiffPlex's own UnidiffRenderer counts the empty text after a final newline
/// as one more line, which git apply rejects; it only formats, so this class does the formatting.)
/// </summary>
public static class UnifiedDiff
{
    private const string NoNewline = "\\ No newline at end of file\n";

    /// <summary>Empty when both texts are equal.</summary>
    public static string Create(string expected, string actual, string expectedName, string actualName, int context = 3)
    {
        var diff = Differ.Instance.CreateCustomDiffs(expected, actual, false, false, Lines);
        if (diff.DiffBlocks.Count == 0)
        {
            return "";
        }
        var output = new StringBuilder($"--- {expectedName}\n+++ {actualName}\n");
        foreach (var hunk in Hunks(diff.DiffBlocks, context))
        {
            AppendHunk(output, diff, hunk, context);
        }
        return output.ToString();
    }

    /// <summary>Each line with its terminating newline; the last one may have none.</summary>
    private static string[] Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return [.. lines];
    }

    /// <summary>Changes whose context would touch or overlap share one hunk.</summary>
    private static List<List<DiffBlock>> Hunks(IEnumerable<DiffBlock> blocks, int context)
    {
        var hunks = new List<List<DiffBlock>>();
        foreach (var block in blocks)
        {
            if (hunks.Count > 0 && block.DeleteStartA - EndA(hunks[^1][^1]) <= 2 * context)
            {
                hunks[^1].Add(block);
            }
            else
            {
                hunks.Add([block]);
            }
        }
        return hunks;
    }

    private static void AppendHunk(StringBuilder output, DiffResult diff, List<DiffBlock> blocks, int context)
    {
        var (old, @new) = (diff.PiecesOld, diff.PiecesNew);
        var first = blocks[0];
        var last = blocks[^1];
        var startA = Math.Max(0, first.DeleteStartA - context);
        var startB = first.InsertStartB - (first.DeleteStartA - startA);
        var endA = Math.Min(old.Count, EndA(last) + context);
        var endB = last.InsertStartB + last.InsertCountB + (endA - EndA(last));
        output.Append($"@@ -{Range(startA, endA - startA)} +{Range(startB, endB - startB)} @@\n");
        var a = startA;
        foreach (var block in blocks)
        {
            AppendLines(output, ' ', old, a, block.DeleteStartA);
            AppendLines(output, '-', old, block.DeleteStartA, EndA(block));
            AppendLines(output, '+', @new, block.InsertStartB, block.InsertStartB + block.InsertCountB);
            a = EndA(block);
        }
        AppendLines(output, ' ', old, a, endA);
    }

    private static void AppendLines(StringBuilder output, char prefix, IReadOnlyList<string> lines, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            output.Append(prefix).Append(lines[i]);
            if (!lines[i].EndsWith('\n'))
            {
                output.Append('\n').Append(NoNewline);
            }
        }
    }

    private static int EndA(DiffBlock block) => block.DeleteStartA + block.DeleteCountA;

    /// <summary><c>start,count</c> with a 1-based start; an empty range names the line before it, and a count of 1 is left out (as GNU diff writes it).</summary>
    private static string Range(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };
}
