using MySqlRender.Model;

namespace MySqlRender.Rendering;

/// <summary>The ConfigMap a script goes into.</summary>
public enum ScriptHome
{
    Server,
    Job,
    Hook,
}

/// <summary>One script, its ConfigMap, and whether an instance with a given spec runs it.</summary>
public sealed record ScriptUse(string File, ScriptHome Home, Func<MySqlSpec, bool> IsUsedBy);
