using MySqlRender.Schema;
using MySqlRender.Shared;
using MySqlRender.Validation;

namespace MySqlRender.Plugins.Krm;

/// <summary>
/// Reads <c>functionConfig</c> into <see cref="RenderOptions"/>: a ConfigMap (<c>data.namespace</c>,
/// <c>data.strict</c>, <c>data.target</c>) or a typed <c>otus.homework/v1</c> <c>MySqlRenderConfig</c> (<c>namespace</c>,
/// <c>strict</c>, <c>target</c>, <c>labels</c>). kpt sends an empty ConfigMap when none is given.
/// </summary>
public static class FunctionConfig
{
    public const string TypedKind = DocumentClassifier.FunctionConfigKind;

    public static RenderOptions Read(YMapping? config, RenderOptions defaults, DiagnosticBag diagnostics)
    {
        if (config is null || config.Entries.Count == 0)
        {
            return defaults;
        }
        return ObjectHeader.Text(config, "kind") switch
        {
            "ConfigMap" => FromFields(config["data"] as YMapping, "data.", allowLabels: false, defaults, diagnostics),
            TypedKind => FromFields(config, "", allowLabels: true, defaults, diagnostics),
            var kind => Invalid(config, $"functionConfig of kind '{kind ?? "(missing)"}' is not supported",
                $"use a ConfigMap or {MySqlSchema.ApiVersion} {TypedKind}", defaults, diagnostics),
        };
    }

    private static RenderOptions FromFields(YMapping? fields, string prefix, bool allowLabels, RenderOptions options, DiagnosticBag diagnostics)
    {
        foreach (var (key, value) in fields?.Entries ?? [])
        {
            options = key.Value switch
            {
                "namespace" when value is YScalar { Value.Length: > 0 } ns => options with { DefaultNamespace = ns.Value },
                "strict" when value is YScalar { Value: "true" or "false" } flag => options with { Strict = flag.Value == "true" },
                "target" when value is YScalar target && RenderTargets.Parse(target.Value) is { } parsed => options with { Target = parsed },
                "labels" when allowLabels && value is YMapping labels && labels.Entries.All(l => l.Value is YScalar) => options with { ExtraLabels = labels.Entries.ToDictionary(l => l.Key.Value, l => ((YScalar)l.Value).Value) },
                "apiVersion" or "kind" or "metadata" when prefix.Length == 0 => options,
                _ => Invalid(key, $"functionConfig {prefix}{key.Value}: not a setting mysqlrender fn knows, or a wrong value",
                    "settings: namespace (a name), strict (\"true\" or \"false\"), target (argocd or kubectl)" + (allowLabels ? ", labels (a map)" : ""), options, diagnostics),
            };
        }
        return options;
    }

    private static RenderOptions Invalid(YNode at, string message, string hint, RenderOptions options, DiagnosticBag diagnostics)
    {
        diagnostics.Error(ResourceListReader.StdinName, at.Position, DiagnosticCodes.InvalidValue, "", message, hint);
        return options;
    }
}
