using System.Collections.Concurrent;

namespace MySqlRender.Shared;

/// <summary>
/// One copy of each distinct scalar text for the lifetime of a render. Thousands of rendered objects repeat the
/// same keys, labels and script bodies; keeping one copy bounds what a large render holds until it is written.
/// </summary>
public sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> strings = new(StringComparer.Ordinal);

    public string Get(string text) => text.Length == 0 ? "" : strings.GetOrAdd(text, text);
}
