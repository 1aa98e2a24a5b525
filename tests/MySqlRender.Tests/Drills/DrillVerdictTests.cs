namespace MySqlRender.Tests.Drills;

/// <summary>
/// lib.sh's drill_verdict and dumps_in_restore_order: what the automatic restore (i13's server init and restore check)
/// asks before choosing a dump. A report counts only for the bytes it judged: its sha256 must be the one in DUMP.sha256.
/// </summary>
public sealed class DrillVerdictTests : IDisposable
{
    private readonly TempFolder backup = new();

    public void Dispose() => backup.Dispose();

    [Fact]
    public void The_verdict_is_the_reports_result_for_exactly_the_recorded_bytes()
    {
        var passed = Dump("20260101T000000Z", report: "passed");
        var failed = Dump("20260102T000000Z", report: "failed");
        var never = Dump("20260103T000000Z", report: null);
        var stale = Dump("20260104T000000Z", report: "passed", reportSha256: new string('e', 64));
        var unreadable = Dump("20260105T000000Z", report: null);
        File.WriteAllText(unreadable + ".verified.json", "{\"result\": \"passed\"}\n"); // not the drill's layout

        Assert.Equal("passed", Verdict(passed));
        Assert.Equal("failed", Verdict(failed));
        Assert.Equal("none", Verdict(never));
        Assert.Equal("none", Verdict(stale));
        Assert.Equal("none", Verdict(unreadable));
    }

    [Fact]
    public void Restore_order_is_passed_newest_first_then_undrilled_newest_first_and_never_a_failed_one()
    {
        Dump("20260101T000000Z", report: "passed");
        Dump("20260102T000000Z", report: null);
        Dump("20260103T000000Z", report: "failed");
        Dump("20260104T000000Z", report: "passed", reportSha256: new string('e', 64)); // judged other bytes
        Dump("20260105T000000Z", report: "passed");
        Dump("20260106T000000Z", report: "failed");
        Dump("20260101T000000Z", report: "passed", prefix: "other-db");

        var result = ShellLibrary.Run($"dumps_in_restore_order \"{backup.Path}\" x");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(
            ["x-20260105T000000Z.sql.gz", "x-20260101T000000Z.sql.gz", "x-20260104T000000Z.sql.gz", "x-20260102T000000Z.sql.gz"],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileName));
    }

    [Fact]
    public void No_dumps_means_no_candidates()
    {
        var result = ShellLibrary.Run($"dumps_in_restore_order \"{backup.Path}\" x");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    private string Verdict(string dump)
    {
        var result = ShellLibrary.Run($"drill_verdict \"{dump}\"");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.TrimEnd('\n');
    }

    /// <summary>A dump with its .sha256 and, unless <paramref name="report"/> is null, a report in verify.sh's layout.</summary>
    private string Dump(string stamp, string? report, string? reportSha256 = null, string prefix = "x")
    {
        var name = $"{prefix}-{stamp}.sql.gz";
        var path = backup.Write(name, "dump " + stamp);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        File.WriteAllText(path + ".sha256", $"{sha256}  {name}\n");
        if (report is not null)
        {
            File.WriteAllText(path + ".verified.json",
                $"{{\n  \"result\": \"{report}\",\n  \"sha256\": \"{reportSha256 ?? sha256}\",\n  \"dump\": \"{name}\"\n}}\n");
        }
        return path;
    }
}
