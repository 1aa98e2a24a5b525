using MySqlRender.Shared;
using MySqlRender.Model;

namespace MySqlRender.Validation.Rules;

/// <summary>
/// Without credentialsSecretRef rclone uses env_auth (workload identity): right for AWS with IRSA or EKS Pod Identity,
/// but a custom endpoint (MinIO, Ceph RGW) rarely offers it, and every transfer would then fail at run time.
/// </summary>
public sealed class S3CredentialsRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        if (resource.Spec.Backup.S3 is { CredentialsSecret: null, Endpoint: not null, ServiceAccountName: null })
        {
            context.Report(resource, "spec.backup.s3", Severity.Warning, DiagnosticCodes.S3NoCredentials,
                "neither credentialsSecretRef nor serviceAccountName is set: rclone falls back to workload identity, "
                + "which a custom endpoint rarely offers",
                "add credentialsSecretRef: {name: <secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY>}");
        }
    }
}
