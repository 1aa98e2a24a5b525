using System.Text.Json;

namespace MySqlRender.Tests.Drills;

/// <summary>
/// lib.sh's report_status: the one line at the end of every backup, restore and drill, in the log, in the container's
/// termination message (Kubernetes reads terminationMessagePath, /dev/termination-log by default: "Determine the
/// Reason for Pod Failure" in the Kubernetes docs) and in BACKUP_DIR/PREFIX.KIND.status.
/// </summary>
public sealed class StatusLineTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void One_json_line_goes_to_the_log_the_termination_message_and_the_backup_volume()
    {
        var result = Report("report_status backup succeeded dump x-20260101T000000Z.sql.gz size 1234 verified false "
            + "note $'quote \" back \\\\ tab \\t bell \\a end'");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var logged = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ [a-z]+: status \{", logged);
        var json = logged[(logged.IndexOf(" status ", StringComparison.Ordinal) + 8)..];
        Assert.Equal(json, File.ReadAllText(temp.Of("termination-log"))); // no newline: kubectl's jsonpath prints it as it is
        Assert.Equal(json + "\n", File.ReadAllText(temp.Of("backup", "x.backup.status")));
        var status = JsonDocument.Parse(json).RootElement;
        Assert.Equal("backup", status.GetProperty("mysqlrender").GetString());
        Assert.Equal("succeeded", status.GetProperty("result").GetString());
        Assert.Equal("x", status.GetProperty("instance").GetString());
        Assert.Equal(status.GetProperty("at").GetString(), status.GetProperty("lastSuccess").GetString());
        Assert.Equal(1234, status.GetProperty("size").GetInt32());
        Assert.False(status.GetProperty("verified").GetBoolean());
        Assert.Equal("quote \" back \\ tab \t bell \a end", status.GetProperty("note").GetString());
    }

    [Fact]
    public void A_failure_keeps_the_time_of_the_last_success_and_a_first_failure_has_none()
    {
        var first = Report("report_status verify failed reason 'no manifest'");
        var firstStatus = JsonDocument.Parse(File.ReadAllText(temp.Of("backup", "x.verify.status"))).RootElement;
        Assert.Equal(JsonValueKind.Null, firstStatus.GetProperty("lastSuccess").ValueKind);

        Report("report_status verify succeeded verified true");
        var success = JsonDocument.Parse(File.ReadAllText(temp.Of("backup", "x.verify.status"))).RootElement;
        Thread.Sleep(1100); // a later second, so "at" and "lastSuccess" differ
        var failure = Report("report_status verify failed exitCode 1");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, failure.ExitCode);
        var status = JsonDocument.Parse(File.ReadAllText(temp.Of("backup", "x.verify.status"))).RootElement;
        Assert.Equal("failed", status.GetProperty("result").GetString());
        Assert.Equal(success.GetProperty("at").GetString(), status.GetProperty("lastSuccess").GetString());
        Assert.NotEqual(status.GetProperty("at").GetString(), status.GetProperty("lastSuccess").GetString());
        Assert.Equal(1, status.GetProperty("exitCode").GetInt32());
        Assert.False(File.Exists(temp.Of("backup", "x.backup.status"))); // each kind has its own file
    }

    [Fact]
    public void A_script_ended_by_die_reports_the_reason_from_its_exit_trap()
    {
        var result = Report("trap 'report_status backup failed exitCode $?' EXIT\ndie 'BACKUP_DIR /backup is not writable'");

        Assert.Equal(1, result.ExitCode);
        var status = JsonDocument.Parse(File.ReadAllText(temp.Of("termination-log"))).RootElement;
        Assert.Equal("failed", status.GetProperty("result").GetString());
        Assert.Equal("BACKUP_DIR /backup is not writable", status.GetProperty("error").GetString());
        Assert.Equal(1, status.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void Without_a_termination_message_file_or_a_volume_the_line_is_still_logged_and_no_file_is_created()
    {
        var result = ShellLibrary.Run("report_status restore skipped reason 'nothing to restore'", new Dictionary<string, string?>
        {
            ["BACKUP_DIR"] = temp.Of("missing"),
            ["BACKUP_PREFIX"] = "x",
            ["TERMINATION_MESSAGE_PATH"] = temp.Of("termination-log"),
        });

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("status {\"mysqlrender\":\"restore\",\"result\":\"skipped\"", result.Stdout);
        Assert.False(Directory.Exists(temp.Of("missing")));
        Assert.False(File.Exists(temp.Of("termination-log")));
    }

    /// <summary>With the termination message file in place, as the kubelet creates it before the container starts.</summary>
    private CliResult Report(string snippet)
    {
        Directory.CreateDirectory(temp.Of("backup"));
        if (!File.Exists(temp.Of("termination-log")))
        {
            File.WriteAllText(temp.Of("termination-log"), "");
        }
        return ShellLibrary.Run(snippet, new Dictionary<string, string?>
        {
            ["BACKUP_DIR"] = temp.Of("backup"),
            ["BACKUP_PREFIX"] = "x",
            ["TERMINATION_MESSAGE_PATH"] = temp.Of("termination-log"),
        });
    }
}
