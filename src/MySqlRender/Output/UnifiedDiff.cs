using System.Text;

namespace MySqlRender.Output;

/// <summary>A small line-based unified diff (LCS), enough to read a golden-file mismatch.</summary>
public static class UnifiedDiff
{
    public static string Create(string expected, string actual, string expectedName, string actualName, int context = 3)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var ops = Operations(a, b);
        var output = new StringBuilder($"--- {expectedName}\n+++ {actualName}\n");
        var changed = ops.Select((op, i) => (op, i)).Where(x => x.op.Kind != ' ').Select(x => x.i).ToList();
        var shown = new HashSet<int>(changed.SelectMany(i => Enumerable.Range(i - context, 2 * context + 1)));
        var last = -2;
        for (var i = 0; i < ops.Count; i++)
        {
            if (!shown.Contains(i))
            {
                continue;
            }
            if (i != last + 1)
            {
                output.Append($"@@ line {ops[i].Line} @@\n");
            }
            output.Append(ops[i].Kind).Append(ops[i].Text).Append('\n');
            last = i;
        }
        return output.ToString();
    }

    private static List<(char Kind, string Text, int Line)> Operations(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var ops = new List<(char, string, int)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                ops.Add((' ', a[x++], x));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                ops.Add(('+', b[y++], x + 1));
            }
            else
            {
                ops.Add(('-', a[x++], x));
            }
        }
        return ops;
    }
}
