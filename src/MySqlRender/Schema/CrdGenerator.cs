using MySqlRender.Schema.Formats;
using MySqlRender.Shared;

namespace MySqlRender.Schema;

/// <summary>The CustomResourceDefinition of <c>mysqls.otus.homework</c>, with the full schema and the cross-field rules as CEL.</summary>
public static class CrdGenerator
{
    public static YMapping Generate()
    {
        var spec = OpenApiSchema.For(MySqlSchema.Spec, kubernetesExtensions: true);
        var specWithRules = Y.Map([.. spec.Entries.Select(e => (e.Key.Value, (YNode?)e.Value)),
            ("x-kubernetes-validations", Y.Seq(Rule("has(self.password) != has(self.passwordSecretRef)",
                "set exactly one of password and passwordSecretRef")))]);
        var root = Y.Map(
            ("type", Y.Str("object")),
            ("description", Y.Str(MySqlSchema.Resource.Description)),
            ("required", Y.Seq(Y.Str("spec"))),
            ("properties", Y.Map(
                ("apiVersion", Y.Map(("type", Y.Str("string")))),
                ("kind", Y.Map(("type", Y.Str("string")))),
                ("metadata", Y.Map(("type", Y.Str("object")))),
                ("spec", specWithRules),
                ("status", Y.Map(("type", Y.Str("object")), ("x-kubernetes-preserve-unknown-fields", Y.Bool(true)))))),
            ("x-kubernetes-validations", Y.Seq(Rule($"size(self.metadata.name) <= {InstanceName.MaxInstanceName}",
                $"the name must be at most {InstanceName.MaxInstanceName} characters (the backup CronJob backup-NAME must fit 52)"))));
        return Y.Map(
            ("apiVersion", Y.Str("apiextensions.k8s.io/v1")),
            ("kind", Y.Str("CustomResourceDefinition")),
            ("metadata", Y.Map(("name", Y.Str($"{MySqlSchema.Plural}.{MySqlSchema.Group}")))),
            ("spec", Y.Map(
                ("group", Y.Str(MySqlSchema.Group)),
                ("scope", Y.Str("Namespaced")),
                ("names", Y.Map(("kind", Y.Str(MySqlSchema.Kind)), ("listKind", Y.Str("MySQLList")),
                    ("plural", Y.Str(MySqlSchema.Plural)), ("singular", Y.Str("mysql")), ("shortNames", Y.Seq(Y.Str("ms"))))),
                ("versions", Y.Seq(Y.Map(
                    ("name", Y.Str(MySqlSchema.Version)),
                    ("served", Y.Bool(true)),
                    ("storage", Y.Bool(true)),
                    ("schema", Y.Map(("openAPIV3Schema", root))),
                    ("additionalPrinterColumns", Y.Seq(
                        Column("Image", ".spec.image"), Column("Database", ".spec.database"),
                        Column("Storage", ".spec.storage_size"),
                        Y.Map(("name", Y.Str("Age")), ("type", Y.Str("date")), ("jsonPath", Y.Str(".metadata.creationTimestamp")))))))))));
    }

    private static YMapping Rule(string rule, string message) => Y.Map(("rule", Y.Str(rule)), ("message", Y.Str(message)));

    private static YMapping Column(string name, string path) =>
        Y.Map(("name", Y.Str(name)), ("type", Y.Str("string")), ("jsonPath", Y.Str(path)));
}
