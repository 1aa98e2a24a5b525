namespace MySqlRender.Tests;

/// <summary>
/// spec.config innodb_buffer_pool_size above 75% of the server's memory limit is a located warning (MR1135): the
/// server, and the init's private server that imports a dump with the same settings, would be OOM-killed.
/// </summary>
public sealed class BufferPoolSizeTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("mysqlrender-buffer-pool-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Theory]
    [InlineData("1G", "", "is 100% of the server's memory limit 1Gi", "768M (75% of spec.resources.limits.memory 1Gi)")]
    [InlineData("1073741824", "", "is 100% of the server's memory limit 1Gi", "768M (75% of spec.resources.limits.memory 1Gi)")]
    [InlineData("800m", "", "is 78% of the server's memory limit 1Gi", "768M (75% of spec.resources.limits.memory 1Gi)")]
    [InlineData("3G", "  resources:\n    limits: {memory: 2Gi}\n", "is 150% of the server's memory limit 2Gi", "1536M (75% of spec.resources.limits.memory 2Gi)")]
    [InlineData("768M", "", null, null)]
    [InlineData("1G", "  resources:\n    limits: {memory: 2Gi}\n", null, null)]
    public void A_buffer_pool_that_leaves_the_server_too_little_memory_is_a_located_warning(string pool, string extraSpec, string? message, string? hint)
    {
        var file = Path.Combine(work, "mysql.yaml");
        File.WriteAllText(file, $"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: pooled
            spec:
              database: app
              password: secret-value
              storage_size: 1Gi
              config:
                max_connections: 50
                innodb-buffer-pool-size: "{pool}"

            """ + extraSpec);

        var result = CliRunner.Run("render", file);

        Assert.True(result.ExitCode == 0, result.Stderr);
        if (message is null)
        {
            Assert.DoesNotContain("MR1135", result.Stderr);
            return;
        }
        Assert.Contains($"mysql.yaml:11:5: warning MR1135: MySQL/pooled spec.config.innodb-buffer-pool-size: innodb-buffer-pool-size {pool} {message}", result.Stderr);
        Assert.Contains($"keep it at most {hint}, or raise the limit", result.Stderr);
    }
}
