using System.Security.Cryptography;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// The container scripts of a template set, which every instance renders unchanged (about 75 KB of the ~105 KB of
/// a seed instance). The <c>yaml</c> filter writes each as a short token instead of quoting it, and the parse-back
/// check puts the text back in place of a scalar that is exactly a token: the output is the same, but the scripts
/// are not quoted, scanned and copied again for every instance. A script is constant text, so it cannot change
/// the structure of a document around it; a token anywhere else (inside a larger value) is an error.
/// </summary>
public sealed class StaticTexts
{
    /// <summary>Random per process: no input value can be a token.</summary>
    private readonly string nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private readonly Dictionary<string, string> tokenByText = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, string> textByToken = new(StringComparer.Ordinal);

    /// <param name="texts">The texts, as the very string objects the view model hands to templates.</param>
    public StaticTexts(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            if (!tokenByText.ContainsKey(text))
            {
                var token = $"mysqlrender-static-{textByToken.Count}-{nonce}";
                tokenByText[text] = token;
                textByToken[token] = text;
            }
        }
    }

    /// <summary>The token for this very string object (a plain YAML scalar), or null for any other string.</summary>
    public string? TokenOf(string text) => tokenByText.GetValueOrDefault(text);

    /// <summary>Whether a rendered text may hold a token (cheap test before walking its tree).</summary>
    public bool MayHoldTokens(string rendered) => rendered.Contains(nonce, StringComparison.Ordinal);

    /// <summary>
    /// The tree with every scalar that is exactly a token replaced by its text, as if the text had been parsed
    /// there (a double-quoted string); unchanged nodes are reused. Null when a token is part of a larger value.
    /// </summary>
    public YNode? Restore(YNode node) => node switch
    {
        YScalar scalar when textByToken.TryGetValue(scalar.Value, out var text) =>
            new YScalar(scalar.Position, scalar.Tag, text, YamlDotNet.Core.ScalarStyle.DoubleQuoted),
        YScalar scalar => scalar.Value.Contains(nonce, StringComparison.Ordinal) ? null : scalar,
        YMapping mapping => RestoreMapping(mapping),
        YSequence sequence => RestoreSequence(sequence),
        _ => node,
    };

    private YMapping? RestoreMapping(YMapping mapping)
    {
        var entries = new KeyValuePair<YScalar, YNode>[mapping.Entries.Count];
        var changed = false;
        for (var i = 0; i < entries.Length; i++)
        {
            var (key, value) = mapping.Entries[i];
            if (key.Value.Contains(nonce, StringComparison.Ordinal) || Restore(value) is not { } restored)
            {
                return null;
            }
            changed |= !ReferenceEquals(restored, value);
            entries[i] = new(key, restored);
        }
        return changed ? new YMapping(mapping.Position, mapping.Tag, entries) : mapping;
    }

    private YSequence? RestoreSequence(YSequence sequence)
    {
        var items = new YNode[sequence.Items.Count];
        var changed = false;
        for (var i = 0; i < items.Length; i++)
        {
            if (Restore(sequence.Items[i]) is not { } restored)
            {
                return null;
            }
            changed |= !ReferenceEquals(restored, sequence.Items[i]);
            items[i] = restored;
        }
        return changed ? new YSequence(sequence.Position, sequence.Tag, items) : sequence;
    }
}
