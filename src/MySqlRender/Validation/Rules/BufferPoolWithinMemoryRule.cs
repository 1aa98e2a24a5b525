using System.Globalization;
using System.Text.RegularExpressions;
using MySqlRender.Model;
using MySqlRender.Schema.Formats;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>
/// spec.config innodb_buffer_pool_size above 75% of the server container's memory limit is a warning: mysqld also
/// needs memory for connections, per-session buffers and the init's import of a dump, so the kernel would OOM-kill it
/// when the pool fills (MySQL manual, "Configuring InnoDB Buffer Pool Size": up to 80% of a dedicated host's memory;
/// innodb_dedicated_server takes 75%). A warning, not an error: a DBA may know the workload.
/// </summary>
public sealed partial class BufferPoolWithinMemoryRule : IResourceRule
{
    private const decimal Share = 0.75m;

    public void Check(MySqlResource resource, RuleContext context)
    {
        var option = resource.Spec.Platform.Config.FirstOrDefault(o => IsBufferPoolSize(o.CanonicalName));
        if (option is null || OptionBytes(option.Value) is not { } pool
            || !resource.Spec.Resources.Limits.TryGetValue("memory", out var limit) || !Quantity.TryParse(limit, out var memory)
            || pool <= memory * Share)
        {
            return;
        }
        var percent = (int)Math.Round(pool * 100 / memory);
        context.ReportKey(resource, "spec.config", option.Name, Severity.Warning, DiagnosticCodes.BufferPoolAboveMemory,
            $"{option.Name} {option.Value} is {percent}% of the server's memory limit {limit}: mysqld needs memory beyond "
            + "the buffer pool (connections, sort and join buffers, a restore's import), so the kernel OOM-kills it once the pool fills",
            $"keep it at most {Mebibytes(memory * Share)}M (75% of spec.resources.limits.memory {limit}), or raise the limit");
    }

    private static bool IsBufferPoolSize(string canonical) =>
        canonical is "innodb_buffer_pool_size" or "loose_innodb_buffer_pool_size";

    /// <summary>A server size value (a number with an optional K, M, G, T, P or E suffix, powers of 1024), or null.</summary>
    private static decimal? OptionBytes(string value)
    {
        var match = SizeRegex().Match(value.Trim());
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        var power = match.Groups[2].Success ? "KMGTPE".IndexOf(char.ToUpperInvariant(match.Groups[2].Value[0])) + 1 : 0;
        return number * (decimal)Math.Pow(1024, power);
    }

    private static string Mebibytes(decimal bytes) =>
        Math.Floor(bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^([0-9]{1,15})([KMGTPEkmgtpe])?$")]
    private static partial Regex SizeRegex();
}
