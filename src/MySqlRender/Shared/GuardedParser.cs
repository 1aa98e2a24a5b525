using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MySqlRender.Shared;

/// <summary>
/// YamlDotNet's scanner throws plain exceptions (InvalidOperationException) on some broken input, e.g. an unclosed
/// '[' inside a block mapping. This turns any of them into a located <see cref="YamlException"/> at the last event
/// read, so that broken YAML is always a syntax diagnostic, never an internal error.
/// </summary>
public sealed class GuardedParser(IParser inner) : IParser
{
    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        var last = inner.Current?.Start ?? Mark.Empty;
        try
        {
            return inner.MoveNext();
        }
        catch (Exception e) when (e is not YamlException)
        {
            throw new SyntaxErrorException(last, last,
                "cannot read the document past this point (look for an unclosed '[', '{' or quote)");
        }
    }
}
