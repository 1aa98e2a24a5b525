namespace MySqlRender.Shared;

/// <summary>The nodes aliases have added so far in one run, shared by the parsers of all its files.</summary>
public sealed class AliasBudget
{
    public long Spent { get; private set; }

    /// <summary>Records an alias expansion; false once the run's total passes the limit.</summary>
    public bool Spend(long nodes, YamlLimits limits)
    {
        Spent += nodes;
        return Spent <= limits.MaxAliasNodesTotal;
    }
}
