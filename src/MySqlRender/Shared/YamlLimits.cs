namespace MySqlRender.Shared;

/// <summary>Bounds that keep a hostile input from exhausting memory, stack or time.</summary>
public sealed record YamlLimits
{
    public long MaxFileBytes { get; init; } = 8 * 1024 * 1024;

    public long MaxTotalBytes { get; init; } = 256 * 1024 * 1024;

    public int MaxDocumentsPerFile { get; init; } = 10_000;

    public int MaxDepth { get; init; } = 64;

    /// <summary>Nodes per document, counting every node reached through an alias again ("billion laughs").</summary>
    public int MaxNodesPerDocument { get; init; } = 100_000;

    /// <summary>
    /// Nodes that aliases add over the whole input (every file, every document). Without it, many documents each just
    /// under <see cref="MaxNodesPerDocument"/> would multiply a small input into a huge output.
    /// </summary>
    public long MaxAliasNodesTotal { get; init; } = 1_000_000;

    public static readonly YamlLimits Default = new();
}
