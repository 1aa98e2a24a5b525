using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>A Prometheus duration as the Prometheus Operator's CRDs accept it: <c>30s</c>, <c>1m30s</c>, <c>2h</c>.</summary>
public static partial class PrometheusDuration
{
    public const string Pattern = "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$";

    public static readonly ValueFormat Format = new("prometheus-duration", "a Prometheus duration such as 30s or 1m",
        text => text.Length > 0 && DurationRegex().IsMatch(text) ? null : $"'{text}' is not a Prometheus duration (e.g. 30s, 1m, 2h)",
        Pattern);

    [GeneratedRegex(Pattern)]
    private static partial Regex DurationRegex();
}
