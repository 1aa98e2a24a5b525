using MySqlRender.Shared;
using MySqlRender.Model;
using MySqlRender.Schema.Formats;

namespace MySqlRender.Validation.Rules;

/// <summary>
/// Issue 13 defect 12: a backup volume smaller than the data volume cannot hold `keep` dumps of a full database
/// (storage_size 500Gi used to get a 1Gi backup volume, silently). A warning, not a new default: an existing claim
/// cannot shrink, and growing it needs a class that allows expansion, so the user chooses the size.
/// </summary>
public sealed class BackupVolumeSizeRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        var spec = resource.Spec;
        if (!spec.Backup.Enabled || !Quantity.TryParse(spec.StorageSize, out var data) || !Quantity.TryParse(spec.Backup.StorageSize, out var backup)
            || backup >= data)
        {
            return;
        }
        context.Report(resource, "spec.storage_size", Severity.Warning, DiagnosticCodes.BackupVolumeTooSmall,
            $"the backup volume ({spec.Backup.StorageSize}) is smaller than the data volume ({spec.StorageSize}): it may not hold {spec.Backup.Keep} dumps, and a full volume stops backups",
            $"set spec.backup.storageSize to at least {spec.StorageSize} (a new claim; an existing claim can only grow, where its storage class allows expansion)");
    }
}
