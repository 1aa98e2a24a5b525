using System.Globalization;
using System.Text.RegularExpressions;

namespace MySqlRender.Schema.Formats;

/// <summary>Kubernetes resource quantities (<c>1Gi</c>, <c>500m</c>, <c>1e3</c>); <c>10GB</c> is not one.</summary>
public static partial class Quantity
{
    public const string Pattern = @"^(\+)?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?$";

    /// <summary>Any quantity (CPU or bytes); the example that fits comes from the field (<see cref="Schema.SchemaField.KeyHints"/>).</summary>
    public static readonly ValueFormat Format = new("quantity", "a Kubernetes quantity such as 1Gi, 500Mi or 250m",
        text => TryParse(text, out _) ? null : $"'{text}' is not a Kubernetes quantity (a number with an optional suffix m, k, M, G, Ki, Mi, Gi, ...)",
        Pattern);

    /// <summary>A size in bytes, e.g. a volume's.</summary>
    public static readonly ValueFormat PositiveFormat = new("quantity", "a positive Kubernetes quantity such as 1Gi",
        text => !TryParse(text, out var value) ? $"'{text}' is not a Kubernetes quantity (use Ki, Mi, Gi, Ti or k, M, G, e.g. 10Gi; not 10GB)"
            : value <= 0 ? $"'{text}' must be greater than zero" : null,
        Pattern);

    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        var match = QuantityRegex().Match(text);
        if (!match.Success)
        {
            return false;
        }
        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        var suffix = match.Groups["suffix"].Value;
        try
        {
            value = number * Multiplier(suffix);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static decimal Multiplier(string suffix) => suffix switch
    {
        "" => 1m,
        "m" => 0.001m,
        "k" => 1e3m,
        "M" => 1e6m,
        "G" => 1e9m,
        "T" => 1e12m,
        "P" => 1e15m,
        "E" => 1e18m,
        "Ki" => 1024m,
        "Mi" => 1024m * 1024,
        "Gi" => 1024m * 1024 * 1024,
        "Ti" => 1024m * 1024 * 1024 * 1024,
        "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
        "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
        _ => Exponent(int.Parse(suffix[1..], CultureInfo.InvariantCulture)),
    };

    private static decimal Exponent(int exponent) =>
        exponent is < -18 or > 18 ? throw new OverflowException() : (decimal)Math.Pow(10, exponent);

    [GeneratedRegex(@"^\+?(?<number>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?$")]
    private static partial Regex QuantityRegex();
}
