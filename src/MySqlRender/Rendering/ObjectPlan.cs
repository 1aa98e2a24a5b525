using MySqlRender.Model;

namespace MySqlRender.Rendering;

/// <summary>Which templates an instance renders, in the fixed output order (see ARCHITECTURE.md).</summary>
public static class ObjectPlan
{
    public const string Secret = "secret.yaml.liquid";
    public const string DataVolume = "data-pv.yaml.liquid";
    public const string DataClaim = "data-pvc.yaml.liquid";
    public const string BackupVolume = "backup-pv.yaml.liquid";
    public const string BackupClaim = "backup-pvc.yaml.liquid";
    public const string Service = "service.yaml.liquid";
    public const string Deployment = "deployment.yaml.liquid";

    public static IEnumerable<string> For(MySqlResource resource)
    {
        var spec = resource.Spec;
        if (spec.Password is not null)
        {
            yield return Secret;
        }
        if (spec.HostPath is not null && !spec.Retired)
        {
            yield return DataVolume;
        }
        if (!spec.Retired)
        {
            yield return DataClaim;
        }
        if (spec.HostPath is not null)
        {
            yield return BackupVolume;
        }
        yield return BackupClaim;
        if (!spec.Retired)
        {
            yield return Service;
            yield return Deployment;
        }
    }
}
