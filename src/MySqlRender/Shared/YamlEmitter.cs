using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace MySqlRender.Shared;

/// <summary>
/// Writes a <see cref="YNode"/> tree as canonical block YAML: two-space indents, keys in their given order,
/// strings through <see cref="YamlScalar"/>, multi-line strings as literal blocks when that is exact.
/// </summary>
public static class YamlEmitter
{
    public static string Emit(YNode node)
    {
        var builder = new StringBuilder();
        WriteRoot(builder, node);
        return builder.ToString();
    }

    public static void WriteRoot(StringBuilder builder, YNode node)
    {
        switch (node)
        {
            case YMapping { Entries.Count: > 0 } mapping:
                WriteMapping(builder, mapping, 0);
                break;
            case YSequence { Items.Count: > 0 } sequence:
                WriteSequence(builder, sequence, 0);
                break;
            default:
                builder.Append(Inline(node, 0)).Append('\n');
                break;
        }
    }

    private static void WriteMapping(StringBuilder builder, YMapping mapping, int indent)
    {
        foreach (var (key, value) in mapping.Entries)
        {
            builder.Append(' ', indent).Append(QuotedKey(key.Value)).Append(':');
            WriteValue(builder, value, indent + 2);
        }
    }

    private static void WriteSequence(StringBuilder builder, YSequence sequence, int indent)
    {
        foreach (var item in sequence.Items)
        {
            builder.Append(' ', indent).Append('-');
            if (item is YMapping { Entries.Count: > 0, Tag: null } mapping)
            {
                // "- key: value" with the following keys aligned under the first.
                var nested = new StringBuilder();
                WriteMapping(nested, mapping, indent + 2);
                builder.Append(' ').Append(nested.ToString(indent + 2, nested.Length - indent - 2));
            }
            else
            {
                WriteValue(builder, item, indent + 2);
            }
        }
    }

    /// <summary>Writes what follows "key:" or "-": an inline scalar, or a newline and a nested block.</summary>
    private static void WriteValue(StringBuilder builder, YNode value, int indent)
    {
        var tag = value.Tag is { } t && !IsImplicit(value) ? " " + t : "";
        switch (value)
        {
            case YMapping { Entries.Count: > 0 } mapping:
                builder.Append(tag).Append('\n');
                WriteMapping(builder, mapping, indent);
                break;
            case YSequence { Items.Count: > 0 } sequence:
                builder.Append(tag).Append('\n');
                WriteSequence(builder, sequence, indent);
                break;
            case YScalar scalar when IsLiteral(scalar):
                builder.Append(' ');
                WriteLiteralBlock(builder, scalar.Value, indent);
                builder.Append('\n');
                break;
            default:
                builder.Append(' ').Append(Inline(value, indent)).Append('\n');
                break;
        }
    }

    /// <summary>
    /// Keys as written: objects repeat the same few hundred keys (name, labels, image ...), so each is quoted once;
    /// the cache stops growing at <see cref="MaxQuoted"/> (user-chosen keys such as label names are unbounded).
    /// </summary>
    private static string QuotedKey(string key) => Quoted(QuotedKeys, key);

    /// <summary>String values the same way (image, labels, ports ...); long texts are quoted each time.</summary>
    private static string QuotedText(string text) => text.Length > 256 ? YamlScalar.QuoteInBlock(text) : Quoted(QuotedTexts, text);

    private static string Quoted(ConcurrentDictionary<string, string> cache, string text)
    {
        if (cache.TryGetValue(text, out var quoted))
        {
            return quoted;
        }
        quoted = YamlScalar.QuoteInBlock(text);
        if (cache.Count < MaxQuoted)
        {
            cache.TryAdd(text, quoted);
        }
        return quoted;
    }

    private static readonly ConcurrentDictionary<string, string> QuotedKeys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> QuotedTexts = new(StringComparer.Ordinal);

    private const int MaxQuoted = 4096;

    /// <summary>An untagged string written as a literal block (what <see cref="Scalar"/> would choose).</summary>
    private static bool IsLiteral(YScalar scalar) =>
        scalar.Value.Contains('\n') && (scalar.Tag is null || IsImplicit(scalar)) && scalar.Type == ScalarType.String
        && FitsLiteralBlock(scalar.Value);

    /// <summary>
    /// <see cref="LiteralBlock"/> written straight into the output, line by line: a container script is written for
    /// every instance, and building it as one string first would allocate it again each time.
    /// </summary>
    private static void WriteLiteralBlock(StringBuilder builder, string value, int indent)
    {
        var finalNewlines = value.Length - value.AsSpan().TrimEnd('\n').Length;
        builder.Append(finalNewlines switch { 0 => "|-", 1 => "|", _ => "|+" });
        var body = finalNewlines == 0 ? value.AsSpan() : value.AsSpan(0, value.Length - 1);
        foreach (var range in body.Split('\n'))
        {
            var line = body[range];
            builder.Append('\n');
            if (line.Length > 0)
            {
                builder.Append(' ', indent).Append(line);
            }
        }
    }

    /// <summary>The verdict for long texts (the same script objects in every instance), kept as long as the text lives.</summary>
    private static readonly ConditionalWeakTable<string, object> LongTextFits = [];

    private const int LongText = 1024;

    private static bool FitsLiteralBlock(string value) => value.Length < LongText
        ? CanBeLiteralBlock(value)
        : (bool)LongTextFits.GetValue(value, text => CanBeLiteralBlock(text));

    private static bool CanBeLiteralBlock(string value)
    {
        if (!value.Contains('\n') || value.StartsWith(' ') || value.StartsWith('\n'))
        {
            return false;
        }
        var content = value.TrimEnd('\n');
        return !content.Any(c => c == '\r' || c == '\t' || char.IsControl(c) && c != '\n')
            && !content.Split('\n').Any(line => line.EndsWith(' '));
    }

    private static string Inline(YNode node, int indent) => node switch
    {
        YMapping => Tagged(node, "{}"),
        YSequence => Tagged(node, "[]"),
        YScalar scalar => Scalar(scalar, indent),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private static string Scalar(YScalar scalar, int indent)
    {
        if (scalar.Tag is { } tag && !IsImplicit(scalar))
        {
            return $"{tag} {YamlScalar.DoubleQuoted(scalar.Value)}";
        }
        if (scalar.Type != ScalarType.String)
        {
            // A typed value (3306, true, null, !!int "7"): written plain it reads back as the same type and value.
            return ScalarResolver.ResolvePlain(scalar.Value) == scalar.Type
                ? (scalar.Value.Length == 0 ? "null" : scalar.Value)
                : $"{scalar.Tag} {YamlScalar.DoubleQuoted(scalar.Value)}";
        }
        return LiteralBlock(scalar.Value, indent) ?? QuotedText(scalar.Value);
    }

    /// <summary>
    /// A <c>|-</c> (no final newline), <c>|</c> (one) or <c>|+</c> (several) block for multi-line text, or null when a
    /// block could not hold it exactly.
    /// </summary>
    private static string? LiteralBlock(string value, int indent)
    {
        if (!FitsLiteralBlock(value))
        {
            return null;
        }
        var block = new StringBuilder(value.Length + 16);
        WriteLiteralBlock(block, value, indent);
        return block.ToString();
    }

    private static string Tagged(YNode node, string empty) =>
        node.Tag is { } tag && !IsImplicit(node) ? $"{tag} {empty}" : empty;

    /// <summary>Core tags that add nothing once a value is written in its canonical form.</summary>
    private static bool IsImplicit(YNode node) => node.Tag switch
    {
        "tag:yaml.org,2002:map" or "!!map" => node is YMapping,
        "tag:yaml.org,2002:seq" or "!!seq" => node is YSequence,
        "tag:yaml.org,2002:str" or "!!str" => node is YScalar,
        "tag:yaml.org,2002:int" or "!!int" or "tag:yaml.org,2002:bool" or "!!bool"
            or "tag:yaml.org,2002:float" or "!!float" or "tag:yaml.org,2002:null" or "!!null"
            => node is YScalar s && ScalarResolver.ResolvePlain(s.Value) == ScalarResolver.FromTag(node.Tag!),
        _ => false,
    };
}
