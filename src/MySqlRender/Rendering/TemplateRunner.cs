using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;
using MySqlRender.Rendering.Filters;

namespace MySqlRender.Rendering;

/// <summary>
/// Renders templates of one <see cref="TemplateSet"/> in strict mode: an undefined variable, member, function or
/// filter is a <see cref="TemplateRenderException"/> with the template's file, line and column, never an empty
/// value. A context costs a copy of every built-in function, so each thread keeps one and resets it between renders.
/// </summary>
public sealed class TemplateRunner(TemplateSet templates)
{
    private readonly ThreadLocal<TemplateContext> contexts = new(() => CreateContext(templates));

    // Lazy: the runner is made with its set, before the set has parsed its files.
    private readonly Lazy<KeyValuePair<string, Template>[]> partials = new(() => [.. templates.ParsedNames
        .Where(n => n.StartsWith(TemplateLoader.PartialsFolder, StringComparison.Ordinal))
        .Select(n => KeyValuePair.Create(n, templates.Template(n)))]);

    public string Render(string name, IReadOnlyDictionary<string, object?> model)
    {
        var template = templates.Template(name);
        var context = contexts.Value!;
        try
        {
            AddParsedPartials(context); // Reset() empties the include cache: without this, every include parses again
            context.PushGlobal(ReadOnlyGlobals(model));
            context.PushGlobal(new ScriptObject()); // what the template assigns, gone after this render
            return template.Render(context) ?? "";
        }
        catch (ScriptRuntimeException error)
        {
            throw new TemplateRenderException(error.Span, error.OriginalMessage);
        }
        finally
        {
            context.Reset();
        }
    }

    private static ScriptObject ReadOnlyGlobals(IReadOnlyDictionary<string, object?> model)
    {
        var globals = new ScriptObject(model.Count);
        foreach (var (key, value) in model)
        {
            globals.SetValue(key, value, readOnly: true);
        }
        return globals;
    }

    private static TemplateContext CreateContext(TemplateSet templates)
    {
        // The embedded templates call only the filters below, so their contexts leave out Scriban's built-in library:
        // building it reflects over every built-in function, a quarter of a one-instance render in the Native AOT
        // binary. Override templates may use any of it (string.*, array.*, math.* ...).
        var context = new TemplateContext(templates.Overridden ? null : OnlyInclude())
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedIndexerAccess = false,
            EnableRelaxedFunctionAccess = false,
            TemplateLoader = new TemplateLoader(templates),
            NewLine = "\n",
        };
        context.BuiltinObject.SetValue("yaml", new YamlFilter(templates.Statics), readOnly: true);
        context.BuiltinObject.SetValue("json", new JsonFilter(), readOnly: true);
        context.BuiltinObject.SetValue("b64", new Base64Filter(), readOnly: true);
        return context;
    }

    private static ScriptObject OnlyInclude()
    {
        var builtins = new ScriptObject();
        builtins.SetValue("include", new Scriban.Functions.IncludeFunction(), readOnly: true);
        return builtins;
    }

    /// <summary>The partials as parsed (and checked) once by the set, with their source paths for error positions.</summary>
    private void AddParsedPartials(TemplateContext context)
    {
        foreach (var (name, partial) in partials.Value)
        {
            context.CachedTemplates[name] = partial;
        }
    }
}
