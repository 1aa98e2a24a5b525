namespace MySqlRender.Validation.Rules;

/// <summary>Every cross-field rule, in the order they run.</summary>
public static class ResourceRules
{
    public static readonly IReadOnlyList<IResourceRule> All =
    [
        new PasswordSourceRule(),
        new PlaintextPasswordRule(),
        new ImageTagRule(),
        new RequestsWithinLimitsRule(),
        new S3RestoreSourceRule(),
        new S3TransportRule(),
        new S3CredentialsRule(),
        new BackupVolumeSizeRule(),
        new KubectlTargetRule(),
        new HostPathRule(),
        new AccountsRule(),
        new ServerOptionsRule(),
        new BufferPoolWithinMemoryRule(),
    ];
}
