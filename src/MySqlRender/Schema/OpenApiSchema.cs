using MySqlRender.Schema.Formats;
using MySqlRender.Shared;

namespace MySqlRender.Schema;

/// <summary>The OpenAPI v3 / JSON Schema of a <see cref="SchemaField"/>, shared by the CRD and the editor schema.</summary>
public static class OpenApiSchema
{
    public static YMapping For(SchemaField field, bool kubernetesExtensions)
    {
        var entries = new List<(string, YNode?)> { ("description", Y.Str(Describe(field))) };
        entries.AddRange(field.Kind switch
        {
            FieldKind.String when field.AcceptsNumbers => Quantity(kubernetesExtensions),
            FieldKind.String when field.AcceptsIntegers => IntOrString(kubernetesExtensions),
            FieldKind.String => [("type", Y.Str("string"))],
            FieldKind.Integer => [("type", Y.Str("integer")), ("minimum", Maybe(field.Minimum)), ("maximum", Maybe(field.Maximum))],
            FieldKind.Boolean => [("type", Y.Str("boolean"))],
            FieldKind.StringMap => StringMap(field, kubernetesExtensions),
            FieldKind.List => [("type", Y.Str("array")), ("items", For(field.Item!, kubernetesExtensions))],
            _ => Object(field, kubernetesExtensions),
        });
        if (field.Kind is FieldKind.String && !field.AcceptsNumbers && field.Format is { } format)
        {
            entries.Add(("pattern", format.Pattern is null ? null : Y.Str(format.Pattern)));
            entries.Add(("maxLength", format.MaxLength is null ? null : Y.Int(format.MaxLength.Value)));
        }
        entries.Add(("default", field.Default is null ? null : Y.Value(field.Default)));
        return Y.Map(entries);
    }

    public static string Describe(SchemaField field) =>
        field.DefaultDescription is { } computed ? $"{field.Description} Default: {computed}." : field.Description;

    private static IEnumerable<(string, YNode?)> Object(SchemaField field, bool kubernetes)
    {
        if (field.AllowAnyFields)
        {
            return kubernetes
                ? [("type", Y.Str("object")), ("x-kubernetes-preserve-unknown-fields", Y.Bool(true))]
                : [("type", Y.Str("object"))];
        }
        var required = field.Fields.Where(f => f.Required).Select(f => (YNode)Y.Str(f.Name)).ToList();
        return
        [
            ("type", Y.Str("object")),
            ("properties", Y.Map(field.Fields.Select(f => (f.Name, (YNode?)For(f, kubernetes))))),
            ("required", required.Count > 0 ? Y.Seq(required) : null),
            ("additionalProperties", kubernetes ? null : Y.Bool(false)),
        ];
    }

    private static IEnumerable<(string, YNode?)> StringMap(SchemaField field, bool kubernetes)
    {
        var value = field.AcceptsNumbers ? Y.Map(Quantity(kubernetes))
            : field.AcceptsIntegers ? Y.Map(IntOrString(kubernetes))
            : Y.Map(("type", Y.Str("string")));
        if (field.AllowedKeys is { } keys)
        {
            return
            [
                ("type", Y.Str("object")),
                ("properties", Y.Map(keys.Select(k => (k, (YNode?)value)))),
                ("additionalProperties", kubernetes ? null : Y.Bool(false)),
            ];
        }
        return [("type", Y.Str("object")), ("additionalProperties", value)];
    }

    /// <summary>The schema Kubernetes itself uses for resource.Quantity: an int or a string of the quantity grammar.</summary>
    private static IEnumerable<(string, YNode?)> Quantity(bool kubernetes) =>
    [
        ("anyOf", Y.Seq(Y.Map(("type", Y.Str("integer"))), Y.Map(("type", Y.Str("string")),
            ("pattern", Y.Str(Formats.Quantity.Pattern))))),
        ("x-kubernetes-int-or-string", kubernetes ? Y.Bool(true) : null),
    ];

    /// <summary>
    /// A string, or an integer written without quotes. The CRD says so the structural way; the editor schema with
    /// <c>anyOf</c>, not a <c>type</c> list, which strict validators (ajv's strictTypes) refuse as a union type.
    /// </summary>
    private static IEnumerable<(string, YNode?)> IntOrString(bool kubernetes) => kubernetes
        ? [("x-kubernetes-int-or-string", Y.Bool(true))]
        : [("anyOf", Y.Seq(Y.Map(("type", Y.Str("integer"))), Y.Map(("type", Y.Str("string")))))];

    private static YNode? Maybe(long? value) => value is null ? null : Y.Int(value.Value);
}
