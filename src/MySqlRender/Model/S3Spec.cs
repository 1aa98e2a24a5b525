namespace MySqlRender.Model;

/// <summary>spec.backup.s3 with defaults applied: where dumps are copied off the cluster, and how.</summary>
public sealed record S3Spec(
    string Bucket,
    string Prefix,
    string? Endpoint,
    string? Region,
    bool ForcePathStyle,
    string? CredentialsSecret,
    string? ServiceAccountName,
    SecretKeyRef? Ca,
    SecretKeyRef? EncryptionKey,
    long Keep,
    string Image)
{
    /// <summary>rclone's S3 provider setting: <c>AWS</c> for AWS itself, <c>Other</c> for any other endpoint.</summary>
    public string Provider => Endpoint is null ? "AWS" : "Other";
}
