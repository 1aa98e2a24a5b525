using System.Globalization;
using MySqlRender.Schema.Formats;

namespace MySqlRender.Model;

/// <summary>
/// What the restore drill's pod needs, derived from the instance (i16): a deadline that grows with the data (the drill
/// is an import, like a restore, plus the throwaway server's start), and an InnoDB buffer pool that fits its memory
/// limit with room for the server's other buffers.
/// </summary>
public static class DrillSizing
{
    public const long ServerStartSeconds = 300;
    private const long MinimumBufferPoolMiB = 32;

    /// <summary>activeDeadlineSeconds: an import's (spec.deadlines.restoreSeconds), plus the throwaway server's start.</summary>
    public static long DeadlineSeconds(JobDeadlines deadlines) => deadlines.RestoreSeconds + ServerStartSeconds;

    /// <summary>Half the container's memory limit (at least 32M), in the server's own unit syntax (e.g. 512M).</summary>
    public static string BufferPoolSize(ComputeResources resources)
    {
        var mebibytes = resources.Limits.TryGetValue("memory", out var limit) && Quantity.TryParse(limit, out var bytes)
            ? (long)(bytes / 2 / (1024 * 1024))
            : MinimumBufferPoolMiB;
        return Math.Max(MinimumBufferPoolMiB, mebibytes).ToString(CultureInfo.InvariantCulture) + "M";
    }
}
