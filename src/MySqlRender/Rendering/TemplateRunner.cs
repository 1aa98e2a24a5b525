using MySqlRender.Rendering.Filters;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace MySqlRender.Rendering;

/// <summary>
/// Renders templates of one <see cref="TemplateSet"/> in strict mode: an undefined variable, member, function or
/// filter is a <see cref="TemplateRenderException"/> with the template's file, line and column, never an empty
/// value. A context costs a copy of every built-in function, so each thread keeps one and resets it between renders.
/// </summary>
public sealed class TemplateRunner(TemplateSet templates)
{
    private readonly ThreadLocal<TemplateContext> contexts = new(() => CreateContext(templates));

    public string Render(string name, IReadOnlyDictionary<string, object?> model)
    {
        var template = templates.Template(name);
        var context = contexts.Value!;
        try
        {
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
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedIndexerAccess = false,
            EnableRelaxedFunctionAccess = false,
            TemplateLoader = new TemplateLoader(templates),
            NewLine = "\n",
        };
        context.BuiltinObject.SetValue("yaml", new YamlFilter(), readOnly: true);
        context.BuiltinObject.SetValue("json", new JsonFilter(), readOnly: true);
        context.BuiltinObject.SetValue("b64", new Base64Filter(), readOnly: true);
        foreach (var name in templates.ParsedNames.Where(n => n.StartsWith(TemplateLoader.PartialsFolder, StringComparison.Ordinal)))
        {
            context.CachedTemplates[name] = templates.Template(name); // parsed (and checked) once, with its source path
        }
        return context;
    }
}
