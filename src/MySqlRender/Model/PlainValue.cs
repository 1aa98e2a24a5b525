using System.Globalization;
using MySqlRender.Shared;

namespace MySqlRender.Model;

/// <summary>
/// A YAML node as the plain values templates render (ordered dictionaries, lists, strings, longs, doubles, booleans,
/// null), typed like Kubernetes reads YAML (<see cref="ScalarResolver"/>): for fields passed through as written.
/// </summary>
public static class PlainValue
{
    public static object? Of(YNode node) => node switch
    {
        YMapping mapping => mapping.Entries.ToDictionary(e => e.Key.Value, e => Of(e.Value), StringComparer.Ordinal),
        YSequence sequence => sequence.Items.Select(Of).ToList(),
        YScalar scalar => Scalar(scalar),
        _ => null,
    };

    private static object? Scalar(YScalar scalar) => scalar.Type switch
    {
        ScalarType.Null => null,
        ScalarType.Bool => ScalarResolver.IsTrue(scalar.Value),
        ScalarType.Int when long.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        ScalarType.Float when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => real,
        _ => scalar.Value,
    };
}
