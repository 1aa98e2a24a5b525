using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace MySqlRender.Rendering;

/// <summary>
/// Serves <c>{{ include 'partials/_name.sbn' }}</c> from a <see cref="TemplateSet"/> (embedded files with the
/// <c>--templates</c> overrides applied). Only partials can be included; anything else is a located error.
/// </summary>
public sealed class TemplateLoader(TemplateSet templates) : ITemplateLoader
{
    public const string PartialsFolder = "partials/";

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        if (templateName.StartsWith(PartialsFolder, StringComparison.Ordinal) && templates.Contains(templateName))
        {
            return templateName;
        }
        var partials = templates.Names.Where(n => n.StartsWith(PartialsFolder, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        throw new ScriptRuntimeException(callerSpan, $"no partial '{templateName}'; the partials are: {string.Join(", ", partials)}");
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => templates.Text(templatePath);

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new((string?)Load(context, callerSpan, templatePath));
}
