namespace MySqlRender.Validation.Rules;

/// <summary>Every cross-field rule, in the order they run.</summary>
public static class ResourceRules
{
    public static readonly IReadOnlyList<IResourceRule> All =
    [
        new PasswordSourceRule(),
        new InstanceNameRule(),
        new PlaintextPasswordRule(),
        new ImageTagRule(),
        new RequestsWithinLimitsRule(),
        new BackupVolumeSizeRule(),
    ];
}
