using YamlDotNet.Core;

namespace MySqlRender.Shared;

/// <summary>A YAML node that remembers where it came from. Built by <see cref="YamlDocumentParser"/>.</summary>
public abstract class YNode(SourcePosition position, string? tag)
{
    public SourcePosition Position { get; } = position;

    /// <summary>An explicit tag such as <c>!!binary</c> or <c>!custom</c>; null when untagged.</summary>
    public string? Tag { get; } = tag;

    public abstract string KindName { get; }
}

public sealed class YScalar(SourcePosition position, string? tag, string value, ScalarStyle style)
    : YNode(position, tag)
{
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    /// <summary>Plain scalars are typed by their text (3306 is an int); quoted and block scalars are strings.</summary>
    public bool IsPlain => Style is ScalarStyle.Plain or ScalarStyle.Any;

    public ScalarType Type => Tag is null ? ScalarResolver.Resolve(this) : ScalarResolver.FromTag(Tag);

    public override string KindName => Type switch
    {
        ScalarType.Null => "null",
        ScalarType.Bool => "boolean",
        ScalarType.Int => "integer",
        ScalarType.Float => "number",
        _ => "string",
    };
}

public sealed class YMapping(SourcePosition position, string? tag, IReadOnlyList<KeyValuePair<YScalar, YNode>> entries)
    : YNode(position, tag)
{
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; } = entries;

    public override string KindName => "mapping";

    public YNode? this[string key] => Find(key)?.Value;

    public KeyValuePair<YScalar, YNode>? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }
        return null;
    }
}

public sealed class YSequence(SourcePosition position, string? tag, IReadOnlyList<YNode> items)
    : YNode(position, tag)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override string KindName => "sequence";
}
