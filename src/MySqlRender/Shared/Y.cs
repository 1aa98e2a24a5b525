using System.Globalization;
using YamlDotNet.Core;

namespace MySqlRender.Shared;

/// <summary>Small constructors for building <see cref="YNode"/> trees in code (the CRD, JSON Schema, KRM results).</summary>
public static class Y
{
    private static readonly SourcePosition Nowhere = SourcePosition.Start;

    public static YScalar Str(string value) => new(Nowhere, null, value, ScalarStyle.DoubleQuoted);

    public static YScalar Int(long value) => new(Nowhere, null, value.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain);

    public static YScalar Bool(bool value) => new(Nowhere, null, value ? "true" : "false", ScalarStyle.Plain);

    public static YScalar Null() => new(Nowhere, null, "null", ScalarStyle.Plain);

    public static YSequence Seq(IEnumerable<YNode> items) => new(Nowhere, null, [.. items]);

    public static YSequence Seq(params YNode[] items) => new(Nowhere, null, items);

    public static YMapping Map(params (string Key, YNode? Value)[] entries) => Map((IEnumerable<(string, YNode?)>)entries);

    /// <summary>Entries with a null value are left out, which keeps optional keys simple to write.</summary>
    public static YMapping Map(IEnumerable<(string Key, YNode? Value)> entries) =>
        new(Nowhere, null, [.. entries.Where(e => e.Value is not null).Select(e => new KeyValuePair<YScalar, YNode>(Str(e.Key), e.Value!))]);

    public static YNode Value(object? value) => value switch
    {
        null => Null(),
        string text => Str(text),
        bool flag => Bool(flag),
        long number => Int(number),
        int number => Int(number),
        _ => throw new ArgumentException($"unsupported value {value.GetType().Name}"),
    };
}
