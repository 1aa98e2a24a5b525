using System.Text.RegularExpressions;

namespace MySqlRender.Shared;

public enum ScalarType { String, Null, Bool, Int, Float }

/// <summary>
/// Types plain scalars the way Kubernetes reads them (sigs.k8s.io/yaml, YAML 1.1 rules), so that
/// <c>password: yes</c> is a boolean here exactly as it would be for the API server.
/// </summary>
public static partial class ScalarResolver
{
    public static ScalarType Resolve(YScalar scalar) =>
        scalar.IsPlain ? ResolvePlain(scalar.Value) : ScalarType.String;

    public static ScalarType ResolvePlain(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return ScalarType.Null;
        }
        if (BoolPattern().IsMatch(text))
        {
            return ScalarType.Bool;
        }
        if (IntPattern().IsMatch(text))
        {
            return ScalarType.Int;
        }
        return FloatPattern().IsMatch(text) ? ScalarType.Float : ScalarType.String;
    }

    public static ScalarType FromTag(string tag) => tag switch
    {
        "tag:yaml.org,2002:null" or "!!null" => ScalarType.Null,
        "tag:yaml.org,2002:bool" or "!!bool" => ScalarType.Bool,
        "tag:yaml.org,2002:int" or "!!int" => ScalarType.Int,
        "tag:yaml.org,2002:float" or "!!float" => ScalarType.Float,
        _ => ScalarType.String,
    };

    public static bool IsTrue(string text) => text is "true" or "True" or "TRUE" or "yes" or "Yes" or "YES"
        or "y" or "Y" or "on" or "On" or "ON";

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^([-+]?(0|[1-9][0-9_]*)|[-+]?0[0-7_]+|[-+]?0o[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
