using MySqlRender.Model;
using MySqlRender.Schema;
using MySqlRender.Shared;
using MySqlRender.Validation.Rules;

namespace MySqlRender.Validation;

/// <summary>Step 2: a MySQL document is checked against the schema, turned into the model, then checked by the rules.</summary>
public static class ResourceValidator
{
    public static MySqlResource? Validate(SourceDocument document, RenderOptions options, DiagnosticBag diagnostics)
    {
        var local = new DiagnosticBag();
        var subject = SubjectOf(document);
        new SchemaBinder(document.DisplayPath, subject, local).Check(document.Root, MySqlSchema.Resource, "");
        MySqlResource? resource = null;
        if (!local.HasErrors)
        {
            resource = ModelFactory.Create(document, options.DefaultNamespace);
            var context = new RuleContext(local, options);
            foreach (var rule in ResourceRules.All)
            {
                rule.Check(resource, context);
            }
        }
        diagnostics.AddRange(local.Sorted());
        return local.HasErrors ? null : resource;
    }

    private static string SubjectOf(SourceDocument document) =>
        (document.Root as YMapping)?["metadata"] is YMapping { } metadata && metadata["name"] is YScalar name
            ? $"MySQL/{name.Value}"
            : "MySQL";
}
