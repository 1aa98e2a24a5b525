
namespace MySqlRender.Shared;

/// <summary>Everything that changes what is rendered, besides the input files.</summary>
public sealed record RenderOptions
{
    /// <summary>Paths in diagnostics and <c># Source:</c> comments are shown relative to this folder.</summary>
    public string DisplayRoot { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Namespace for resources that do not name one; null leaves it to the applier.</summary>
    public string? DefaultNamespace { get; init; }

    /// <summary>Drop the other Kubernetes objects found beside MySQL resources instead of passing them through.</summary>
    public bool OnlyMySql { get; init; }

    /// <summary>Treat warnings that matter in production (plaintext passwords) as errors.</summary>
    public bool Strict { get; init; }

    public string? TemplatesDirectory { get; init; }

    /// <summary>Added to the labels of every rendered object (not to selectors).</summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Refuse inputs whose real path leaves this folder (Argo CD CMP mode).</summary>
    public string? ConfineTo { get; init; }

    /// <summary>What applies the output: Argo CD (hooks run in their phases) or plain kubectl apply.</summary>
    public RenderTarget Target { get; init; } = RenderTarget.ArgoCd;

    public YamlLimits Limits { get; init; } = YamlLimits.Default;
}
