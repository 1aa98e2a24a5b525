namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>rclone as an operator would use it against the test's s3rver, to place objects a test needs.</summary>
public static class RcloneCli
{
    /// <summary>Copies every file of <paramref name="folder"/> to s3://BUCKET/PREFIX/.</summary>
    public static void CopyFolder(S3Server server, string folder, string bucket, string prefix)
    {
        var result = ProcessRunner.Run(ExternalTool.Require("rclone", "apt-get install rclone"),
            ["copy", folder, $"store:{bucket}/{prefix}"], environment: Environment(server));
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    /// <summary>A config-free remote "store" for the server; AWS_CA_BUNDLE (set on some machines) breaks rclone's S3 backend.</summary>
    private static Dictionary<string, string?> Environment(S3Server server) => new()
    {
        ["AWS_CA_BUNDLE"] = null,
        ["RCLONE_CONFIG"] = "/dev/null",
        ["RCLONE_CONFIG_STORE_TYPE"] = "s3",
        ["RCLONE_CONFIG_STORE_PROVIDER"] = "Other",
        ["RCLONE_CONFIG_STORE_ENDPOINT"] = server.Endpoint,
        ["RCLONE_CONFIG_STORE_FORCE_PATH_STYLE"] = "true",
        ["RCLONE_CONFIG_STORE_ACCESS_KEY_ID"] = S3Server.AccessKey,
        ["RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY"] = S3Server.SecretKey,
    };
}
