using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace MySqlRender.Rendering.Filters;

/// <summary>
/// A one-argument filter (<c>{{ value | name }}</c>) as an <see cref="IScriptCustomFunction"/>: called without
/// reflection, so it works the same under Native AOT. Subclasses only say how a value becomes text.
/// </summary>
public abstract class PipeFilter : IScriptCustomFunction
{
    private static readonly ScriptParameterInfo Input = new(typeof(object), "value");

    public int RequiredParameterCount => 1;

    public int ParameterCount => 1;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

    public Type ReturnType => typeof(string);

    public ScriptParameterInfo GetParameterInfo(int index) => Input;

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
    {
        if (arguments.Count != 1)
        {
            throw new ScriptRuntimeException(callerContext?.Span ?? default,
                $"the filter takes the piped value only, got {arguments.Count} arguments");
        }
        try
        {
            return Apply(arguments[0]);
        }
        catch (ArgumentException error)
        {
            throw new ScriptRuntimeException(callerContext?.Span ?? default, error.Message);
        }
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        new(Invoke(context, callerContext, arguments, blockStatement));

    /// <summary>The text for a value; an <see cref="ArgumentException"/> becomes a located template error.</summary>
    protected abstract string Apply(object? value);
}
