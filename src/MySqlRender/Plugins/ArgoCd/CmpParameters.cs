using System.Text.Json;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary>The plugin parameters the Application set; null means "not set" (Argo CD never sends announced defaults).</summary>
public sealed record CmpParameters(string? Namespace, bool? Strict, bool? OnlyMySql, IReadOnlyDictionary<string, string>? Labels)
{
    public static readonly CmpParameters None = new(null, null, null, null);

    /// <summary>
    /// From <c>ARGOCD_APP_PARAMETERS</c> (a JSON array of <c>{"name", "string"|"array"|"map"}</c>); when it is unset, empty
    /// or <c>null</c>, from the <c>PARAM_&lt;NAME&gt;</c> variables Argo CD derives from the same list.
    /// Unknown names, wrong types and invalid values throw <see cref="CmpParameterException"/>.
    /// </summary>
    public static CmpParameters Parse(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("ARGOCD_APP_PARAMETERS", out var json) && json.Trim() is not ("" or "null")
            ? FromJson(json)
            : FromParamVariables(environment);

    private static CmpParameters FromJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new CmpParameterException($"ARGOCD_APP_PARAMETERS is not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new CmpParameterException("ARGOCD_APP_PARAMETERS must be a JSON array of {\"name\": ..., \"string\"|\"array\"|\"map\": ...}");
            }
            var parameters = None;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var name = NameOf(entry);
                if (!seen.Add(name))
                {
                    throw new CmpParameterException($"parameter '{name}' is set more than once");
                }
                parameters = With(parameters, name, entry);
            }
            return parameters;
        }
    }

    private static string NameOf(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : throw new CmpParameterException("every entry of ARGOCD_APP_PARAMETERS needs a string \"name\"");

    private static CmpParameters With(CmpParameters parameters, string name, JsonElement entry) => name switch
    {
        "namespace" => StringOf(entry, name) is { } text ? parameters with { Namespace = CmpValue.Namespace("parameter 'namespace'", text) } : parameters,
        "strict" => StringOf(entry, name) is { } text ? parameters with { Strict = CmpValue.Boolean("parameter 'strict'", text) } : parameters,
        "only-mysql" => StringOf(entry, name) is { } text ? parameters with { OnlyMySql = CmpValue.Boolean("parameter 'only-mysql'", text) } : parameters,
        "labels" => MapOf(entry, name) is { } map ? parameters with { Labels = map } : parameters,
        _ => throw UnknownParameter(name),
    };

    /// <summary>The "string" value; null when the entry carries no value at all.</summary>
    private static string? StringOf(JsonElement entry, string name)
    {
        if (Value(entry, "string") is { } value)
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString()!
                : throw new CmpParameterException($"parameter '{name}' must be a string");
        }
        return Value(entry, "array") is null && Value(entry, "map") is null ? null
            : throw new CmpParameterException($"parameter '{name}' must be a string, not an array or a map");
    }

    private static Dictionary<string, string>? MapOf(JsonElement entry, string name)
    {
        if (Value(entry, "map") is not { } value)
        {
            return Value(entry, "string") is null && Value(entry, "array") is null ? null
                : throw new CmpParameterException($"parameter '{name}' must be a map (collectionType: map)");
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CmpParameterException($"parameter '{name}' must be a map of strings");
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new CmpParameterException($"parameter '{name}': the value of {CmpValue.Quote(property.Name)} must be a string");
            }
            var (key, text) = CmpValue.Label($"parameter '{name}'", property.Name, property.Value.GetString()!);
            labels[key] = text;
        }
        return labels;
    }

    /// <summary>A property that is present and not JSON null.</summary>
    private static JsonElement? Value(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static CmpParameters FromParamVariables(IReadOnlyDictionary<string, string> environment)
    {
        var parameters = None;
        foreach (var (variable, value) in environment.Where(e => e.Key.StartsWith("PARAM_", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            parameters = variable switch
            {
                "PARAM_NAMESPACE" => parameters with { Namespace = CmpValue.Namespace(variable, value) },
                "PARAM_STRICT" => parameters with { Strict = CmpValue.Boolean(variable, value) },
                "PARAM_ONLY_MYSQL" => parameters with { OnlyMySql = CmpValue.Boolean(variable, value) },
                _ when variable.StartsWith("PARAM_LABELS_", StringComparison.Ordinal) => throw new CmpParameterException(
                    $"{variable}: the labels parameter is read only from ARGOCD_APP_PARAMETERS (PARAM_LABELS_* upper-cases the label keys)"),
                _ => throw UnknownParameter(variable),
            };
        }
        return parameters;
    }

    private static CmpParameterException UnknownParameter(string name) =>
        new($"unknown parameter {CmpValue.Quote(name)} (mysqlrender knows namespace, strict, labels, only-mysql)");
}
