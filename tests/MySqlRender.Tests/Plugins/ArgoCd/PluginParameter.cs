using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>One entry of <c>spec.source.plugin.parameters</c>: a string, an array or a map.</summary>
public sealed partial record PluginParameter(string Name, string? String = null, IReadOnlyList<string>? Array = null,
    IReadOnlyDictionary<string, string>? Map = null)
{
    /// <summary>
    /// The variables Argo CD builds from the parameters: <c>ARGOCD_APP_PARAMETERS</c> (JSON; <c>null</c> when none)
    /// and <c>PARAM_&lt;NAME&gt;</c>, <c>PARAM_&lt;NAME&gt;_&lt;i&gt;</c>, <c>PARAM_&lt;NAME&gt;_&lt;KEY&gt;</c> (upper-cased, [^A-Z0-9_] as '_').
    /// </summary>
    public static Dictionary<string, string> Environ(IReadOnlyList<PluginParameter>? parameters)
    {
        var env = new Dictionary<string, string> { ["ARGOCD_APP_PARAMETERS"] = Json(parameters) };
        foreach (var parameter in parameters ?? [])
        {
            var name = "PARAM_" + Escaped(parameter.Name);
            if (parameter.String is not null)
            {
                env[name] = parameter.String;
            }
            foreach (var (key, value) in parameter.Map ?? new Dictionary<string, string>())
            {
                env[$"{name}_{Escaped(key)}"] = value;
            }
            for (var i = 0; i < (parameter.Array?.Count ?? 0); i++)
            {
                env[$"{name}_{i}"] = parameter.Array![i];
            }
        }
        return env;
    }

    public static string Json(IReadOnlyList<PluginParameter>? parameters)
    {
        if (parameters is null)
        {
            return "null";
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var parameter in parameters)
            {
                writer.WriteStartObject();
                if (parameter.Array is not null)
                {
                    writer.WriteStartArray("array");
                    parameter.Array.ToList().ForEach(writer.WriteStringValue);
                    writer.WriteEndArray();
                }
                if (parameter.Map is not null)
                {
                    writer.WriteStartObject("map");
                    foreach (var (key, value) in parameter.Map.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        writer.WriteString(key, value);
                    }
                    writer.WriteEndObject();
                }
                writer.WriteString("name", parameter.Name);
                if (parameter.String is not null)
                {
                    writer.WriteString("string", parameter.String);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Escaped(string name) => NotEnvChar().Replace(name.ToUpperInvariant(), "_");

    [GeneratedRegex("[^A-Z0-9_]")]
    private static partial Regex NotEnvChar();
}
