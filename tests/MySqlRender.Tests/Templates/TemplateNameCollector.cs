using Scriban.Syntax;

namespace MySqlRender.Tests.Templates;

/// <summary>
/// Walks a parsed template and collects what it reads (<c>names.service</c>, <c>image</c>) and what it assigns
/// itself (<c>meta = {...}</c>, loop variables). Scriban checks names only on the branches that run; this sees all.
/// </summary>
public sealed class TemplateNameCollector : ScriptVisitor
{
    public HashSet<string> ReadPaths { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Assigned { get; } = new(StringComparer.Ordinal);

    /// <summary>The partials named by <c>include 'partials/...'</c>.</summary>
    public HashSet<string> Includes { get; } = new(StringComparer.Ordinal);

    public override void Visit(ScriptFunctionCall node)
    {
        if (node.Target is ScriptVariableGlobal { Name: "include" } && node.Arguments.FirstOrDefault() is ScriptLiteral { Value: string name })
        {
            Includes.Add(name);
        }
        base.Visit(node);
    }

    /// <summary>In <c>{ key: value }</c> only the values are read; the keys are names the template defines.</summary>
    public override void Visit(ScriptObjectInitializerExpression node)
    {
        foreach (var member in node.Members)
        {
            member.Value?.Accept(this);
        }
    }

    public override void Visit(ScriptAssignExpression node)
    {
        if (node.Target is ScriptVariableGlobal target)
        {
            Assigned.Add(target.Name);
            node.Value?.Accept(this);
            return;
        }
        base.Visit(node);
    }

    public override void Visit(ScriptForStatement node)
    {
        if (node.Variable is ScriptVariable variable)
        {
            Assigned.Add(variable.Name);
        }
        base.Visit(node);
    }

    public override void Visit(ScriptMemberExpression node)
    {
        if (PathOf(node) is { } path)
        {
            ReadPaths.Add(path);
            return;
        }
        base.Visit(node);
    }

    public override void Visit(ScriptVariableGlobal node) => ReadPaths.Add(node.Name);

    /// <summary><c>a.b.c</c> for a chain of member accesses on a global variable; null for anything else.</summary>
    private static string? PathOf(ScriptExpression? expression) => expression switch
    {
        ScriptVariableGlobal variable => variable.Name,
        ScriptMemberExpression { Target: { } inner, Member: { } name } when PathOf(inner) is { } target => $"{target}.{name.Name}",
        _ => null,
    };
}
