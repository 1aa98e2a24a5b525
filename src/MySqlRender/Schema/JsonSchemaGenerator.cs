using MySqlRender.Shared;

namespace MySqlRender.Schema;

/// <summary>
/// The JSON Schema (draft-07, what yaml-language-server and most editors read) of a whole MySQL resource file,
/// generated from <see cref="MySqlSchema"/> like the CRD. Unlike the CRD it closes every object
/// (additionalProperties: false) so editors flag typos, and states the cross-field rules as JSON Schema.
/// </summary>
public static class JsonSchemaGenerator
{
    public static YMapping Generate() => Y.Map(
        ("$schema", Y.Str("http://json-schema.org/draft-07/schema#")),
        ("title", Y.Str($"{MySqlSchema.Kind} ({MySqlSchema.ApiVersion})")),
        ("description", Y.Str(MySqlSchema.Resource.Description + " Rendered into Kubernetes manifests by mysqlrender.")),
        ("type", Y.Str("object")),
        ("required", Y.Seq(Y.Str("apiVersion"), Y.Str("kind"), Y.Str("metadata"), Y.Str("spec"))),
        ("additionalProperties", Y.Bool(false)),
        ("properties", Y.Map(
            ("apiVersion", Constant(MySqlSchema.ApiVersion)),
            ("kind", Constant(MySqlSchema.Kind)),
            ("metadata", Metadata()),
            ("spec", Spec()),
            ("status", Y.Map(("description", Y.Str(MySqlSchema.Resource.Field("status").Description)), ("type", Y.Str("object")))))));

    private static YMapping Constant(string value) => Y.Map(("type", Y.Str("string")), ("const", Y.Str(value)));

    /// <summary>metadata with the server-set keys an exported resource carries (ignored by the binder).</summary>
    private static YMapping Metadata()
    {
        var metadata = OpenApiSchema.For(MySqlSchema.Metadata, kubernetesExtensions: false);
        var ignored = MySqlSchema.Metadata.IgnoredKeys.Select(key => (key, (YNode?)Y.Map(("description", Y.Str("Set by the API server; ignored.")))));
        return Replace(metadata, "properties", properties => Y.Map(
        [
            .. ((YMapping)properties).Entries.Select(e => (e.Key.Value, (YNode?)e.Value)),
            .. ignored,
        ]));
    }

    /// <summary>Exactly one of password and passwordSecretRef, as the validator and the CRD's CEL rule require.</summary>
    private static YMapping Spec()
    {
        var spec = OpenApiSchema.For(MySqlSchema.Spec, kubernetesExtensions: false);
        return Y.Map(
        [
            .. spec.Entries.Select(e => (e.Key.Value, (YNode?)e.Value)),
            ("oneOf", Y.Seq(
                Y.Map(("required", Y.Seq(Y.Str("password")))),
                Y.Map(("required", Y.Seq(Y.Str("passwordSecretRef")))))),
        ]);
    }

    private static YMapping Replace(YMapping mapping, string key, Func<YNode, YNode> change) =>
        Y.Map(mapping.Entries.Select(e => (e.Key.Value, (YNode?)(e.Key.Value == key ? change(e.Value) : e.Value))));
}
