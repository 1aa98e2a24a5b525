using TimeZoneConverter;
using MySqlRender.Shared;

namespace MySqlRender.Schema.Formats;

/// <summary>IANA time zone names, from a list embedded in TimeZoneConverter (no dependency on the host's tzdata).</summary>
public static class TimeZoneName
{
    // Loaded on first use: building TimeZoneConverter's tables costs ~5 ms, a fifth of a cold one-instance render.
    private static readonly Lazy<HashSet<string>> Known = new(() => [.. TZConvert.KnownIanaTimeZoneNames]);

    public static readonly ValueFormat Format = new("iana-time-zone", "an IANA time zone name such as Europe/Berlin or Etc/UTC",
        text => text == "Local" ? "'Local' is rejected by Kubernetes; name the zone, e.g. Etc/UTC"
            : Known.Value.Contains(text) ? null
            : $"'{text}' is not an IANA time zone name{Suggestion(text)}");

    private static string Suggestion(string text) =>
        DidYouMean.Closest(text, Known.Value) is { } close ? $" (did you mean {close}?)" : " (e.g. Europe/Berlin, Etc/UTC)";
}
