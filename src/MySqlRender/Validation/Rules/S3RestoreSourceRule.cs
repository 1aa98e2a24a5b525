using MySqlRender.Shared;
using MySqlRender.Model;

namespace MySqlRender.Validation.Rules;

/// <summary>A restore from the bucket (<c>source: s3</c>, or another instance's prefix) needs spec.backup.s3 to say which bucket.</summary>
public sealed class S3RestoreSourceRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        var restore = resource.Spec.Restore;
        if (resource.Spec.Backup.S3 is not null)
        {
            return;
        }
        if (restore.Source == "s3")
        {
            context.Report(resource, "spec.restore.source", Severity.Error, DiagnosticCodes.S3NotConfigured,
                "source s3 needs a bucket, but spec.backup.s3 is not set", "add spec.backup.s3 (bucket, credentials), or use source: local");
        }
        if (restore.S3Prefix is not null)
        {
            context.Report(resource, "spec.restore.s3Prefix", Severity.Error, DiagnosticCodes.S3NotConfigured,
                "s3Prefix names a prefix of spec.backup.s3.bucket, but spec.backup.s3 is not set",
                "add spec.backup.s3 with the bucket that holds the other instance's dumps");
        }
    }
}
