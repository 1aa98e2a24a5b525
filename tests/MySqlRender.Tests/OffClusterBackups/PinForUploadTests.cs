namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// lib.sh's pin_for_upload, which backup.sh calls before a dump gets its final name: with object storage the dump is
/// pinned (DUMP.pending-upload, which dump_is_pinned checks) from the moment it is complete; without, nothing changes.
/// </summary>
public sealed class PinForUploadTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void A_dump_is_pinned_only_when_it_is_copied_off_the_cluster(string? setting, bool pinned)
    {
        var dump = work.Write("orders-db-20260101T030000Z.sql.gz", "");
        var bash = ExternalTool.Require("bash", "install bash");
        var script = File.ReadAllText(RepoPaths.Of("templates", "scripts", "lib.sh")) + "\npin_for_upload \"$1\"\n";

        var result = ProcessRunner.Run(bash, ["-c", script, "lib.sh", dump], environment: new Dictionary<string, string?>
        {
            ["BACKUP_PIN_FOR_UPLOAD"] = setting, ["BACKUP_DIR"] = work.Path, ["BACKUP_PREFIX"] = "orders-db",
        });

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(pinned, File.Exists(dump + ".pending-upload"));
    }

    [Fact]
    public void Without_object_storage_pins_left_from_before_are_removed_so_retention_can_prune_again()
    {
        var old = work.Write("orders-db-20250101T030000Z.sql.gz.pending-upload", "");
        var otherInstance = work.Write("other-db-20250101T030000Z.sql.gz.pending-upload", "");
        var dump = work.Write("orders-db-20260101T030000Z.sql.gz", "");
        var bash = ExternalTool.Require("bash", "install bash");
        var script = File.ReadAllText(RepoPaths.Of("templates", "scripts", "lib.sh")) + "\npin_for_upload \"$1\"\n";

        var result = ProcessRunner.Run(bash, ["-c", script, "lib.sh", dump], environment: new Dictionary<string, string?>
        {
            ["BACKUP_PIN_FOR_UPLOAD"] = null, ["BACKUP_DIR"] = work.Path, ["BACKUP_PREFIX"] = "orders-db",
        });

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(otherInstance), "another instance's pins are its own business");
        Assert.Contains("spec.backup.s3 is no longer set", result.Stdout);
    }

    [Fact]
    public void Backup_pins_the_dump_before_it_gets_its_final_name()
    {
        var backup = File.ReadAllText(RepoPaths.Of("templates", "scripts", "backup.sh"));

        var pin = backup.IndexOf("pin_for_upload \"$DUMP\"", StringComparison.Ordinal);
        var rename = backup.IndexOf("mv -f -- \"$PARTIAL\" \"$DUMP\"", StringComparison.Ordinal);

        Assert.True(pin > 0 && rename > pin, "backup.sh must call pin_for_upload \"$DUMP\" before renaming the .partial file");
    }
}
