namespace MySqlRender.Tests.EverydayUse;

public sealed class InitCommandTests
{
    [Fact]
    public void The_starter_resource_renders_cleanly_and_uses_a_secret_reference()
    {
        var init = CliRunner.Run("init", "orders-db", "--namespace", "shop");
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "orders-db.yaml"), init.Stdout);

        var render = CliRunner.Run("render", folder.Path, "--strict");

        Assert.Equal(0, init.ExitCode);
        Assert.Contains("passwordSecretRef:", init.Stdout);
        Assert.True(render.ExitCode == 0, render.Stderr);
        Assert.Equal("", render.Stderr);
        Assert.Contains("name: orders-db", render.Stdout);
        Assert.Contains("namespace: shop", render.Stdout);
    }

    [Fact]
    public void Init_warns_on_stderr_that_deleting_the_namespace_can_delete_every_dump()
    {
        var init = CliRunner.Run("init", "orders-db");

        Assert.Equal(0, init.ExitCode);
        Assert.Contains("deleting the namespace deletes the backup volume's claim", init.Stderr);
        Assert.Contains("reclaimPolicy: Retain", init.Stderr);
        Assert.DoesNotContain("deleting the namespace", init.Stdout); // stdout stays the resource alone
    }

    [Theory]
    [InlineData("Orders", "starting with a letter")]
    [InlineData("1st-db", "starting with a letter")]
    [InlineData("a-very-long-instance-name-that-does-not-fit-52", "at most 45")]
    public void An_invalid_name_is_a_usage_error(string name, string message)
    {
        var result = CliRunner.Run("init", name);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains(message, result.Stderr);
    }
}
