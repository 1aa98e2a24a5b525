using MySqlRender.Schema.Formats;

namespace MySqlRender.Model;

/// <summary>
/// activeDeadlineSeconds of the instance's Jobs, so that no Job (a dump queued behind a lock, a hung import) can block
/// later runs, syncs or the deletion of the Application forever. Defaults grow with the data volume's size: the data
/// cannot outgrow it, and a dump or an import takes time in proportion to the data.
/// </summary>
public sealed record JobDeadlines(long BackupSeconds, long RestoreSeconds)
{
    public const long BaseSeconds = 3600;
    public const long BackupSecondsPerGiB = 600;
    public const long RestoreSecondsPerGiB = 1200;

    public const string BackupRule = "1 hour plus 10 minutes per GiB of spec.storage_size";
    public const string RestoreRule = "1 hour plus 20 minutes per GiB of spec.storage_size";

    /// <summary>Whole GiB of a validated quantity, rounded up (at least 1).</summary>
    public static long GiBOf(string storageSize)
    {
        if (!Quantity.TryParse(storageSize, out var bytes))
        {
            throw new InvalidOperationException($"storage size '{storageSize}' was not validated");
        }
        return Math.Max(1, (long)Math.Ceiling(bytes / (1024m * 1024 * 1024)));
    }

    public static long DefaultBackupSeconds(string storageSize) => BaseSeconds + BackupSecondsPerGiB * GiBOf(storageSize);

    public static long DefaultRestoreSeconds(string storageSize) => BaseSeconds + RestoreSecondsPerGiB * GiBOf(storageSize);
}
