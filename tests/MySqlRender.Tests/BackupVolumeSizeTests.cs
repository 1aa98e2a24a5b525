namespace MySqlRender.Tests;

/// <summary>Issue 13 defect 12: a backup volume smaller than the data volume is reported, located, with what to do.</summary>
public sealed class BackupVolumeSizeTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("mysqlrender-backup-size-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Theory]
    [InlineData("500Gi", "", true)]
    [InlineData("2Gi", "  backup:\n    storageSize: 1Gi\n", true)]
    [InlineData("1Gi", "", false)]
    [InlineData("500Gi", "  backup:\n    storageSize: 1Ti\n", false)]
    [InlineData("500Gi", "  backup:\n    enabled: false\n", false)]
    public void A_backup_volume_smaller_than_the_data_volume_is_a_located_warning(string dataSize, string extraSpec, bool warned)
    {
        var file = Path.Combine(work, "mysql.yaml");
        File.WriteAllText(file, $"""
            apiVersion: otus.homework/v1
            kind: MySQL
            metadata:
              name: sized
            spec:
              database: app
              password: secret-value
              storage_size: {dataSize}

            """ + extraSpec);

        var result = CliRunner.Run("render", file);

        Assert.True(result.ExitCode == 0, result.Stderr);
        if (warned)
        {
            Assert.Contains("MR1114", result.Stderr);
            Assert.Contains("mysql.yaml:8:", result.Stderr);
            Assert.Contains($"is smaller than the data volume ({dataSize})", result.Stderr);
            Assert.Contains("set spec.backup.storageSize to at least", result.Stderr);
        }
        else
        {
            Assert.DoesNotContain("MR1114", result.Stderr);
        }
    }
}
