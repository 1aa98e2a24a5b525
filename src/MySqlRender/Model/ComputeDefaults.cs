namespace MySqlRender.Model;

/// <summary>Requests and limits used when a resource does not say; every container gets both (linters and quotas ask for them).</summary>
public static class ComputeDefaults
{
    public static readonly ComputeResources MySql = new(
        Sorted(new() { ["cpu"] = "250m", ["memory"] = "512Mi", ["ephemeral-storage"] = "256Mi" }),
        Sorted(new() { ["cpu"] = "1", ["memory"] = "1Gi", ["ephemeral-storage"] = "1Gi" }));

    /// <summary>mysqld_exporter: a few MB and almost no CPU between scrapes.</summary>
    public static readonly ComputeResources Exporter = new(
        Sorted(new() { ["cpu"] = "10m", ["memory"] = "32Mi", ["ephemeral-storage"] = "16Mi" }),
        Sorted(new() { ["cpu"] = "100m", ["memory"] = "64Mi", ["ephemeral-storage"] = "64Mi" }));

    public static readonly ComputeResources Jobs = new(
        Sorted(new() { ["cpu"] = "100m", ["memory"] = "128Mi", ["ephemeral-storage"] = "128Mi" }),
        // 1 CPU: gzip runs in the backup container and --single-transaction holds its snapshot for the whole dump.
        Sorted(new() { ["cpu"] = "1", ["memory"] = "512Mi", ["ephemeral-storage"] = "2Gi" }));

    /// <summary>The drill runs a whole server (i16): memory for its buffer pool and the import.</summary>
    public static readonly ComputeResources Drill = new(
        Sorted(new() { ["cpu"] = "250m", ["memory"] = "512Mi", ["ephemeral-storage"] = "256Mi" }),
        Sorted(new() { ["cpu"] = "1", ["memory"] = "1Gi", ["ephemeral-storage"] = "1Gi" }));

    /// <summary>In key order, as every merged map is (ModelFactory.ReadResources), so that shared defaults render the same.</summary>
    private static SortedDictionary<string, string> Sorted(Dictionary<string, string> values) => new(values, StringComparer.Ordinal);
}
