using System.Runtime.CompilerServices;
using MySqlRender.Shared;

namespace MySqlRender.Rendering.Filters;

/// <summary>
/// <c>yaml</c>: any value (string, number, boolean, null, list, map) as a YAML flow node that reads back as exactly
/// that value and cannot change the structure around it. The only way values reach a template's output.
/// </summary>
public sealed class YamlFilter : PipeFilter
{
    protected override string Apply(object? value) => TemplateValues.Write(value, Quote);

    /// <summary>
    /// Long strings here are the container scripts: the same string objects in every instance of a template set,
    /// so each is quoted once (kept only as long as the string itself lives).
    /// </summary>
    private static readonly ConditionalWeakTable<string, string> QuotedLongStrings = [];

    private const int LongString = 1024;

    private static string Quote(string text) => text.Length < LongString ? YamlScalar.Quote(text)
        : QuotedLongStrings.GetValue(text, YamlScalar.Quote);
}
