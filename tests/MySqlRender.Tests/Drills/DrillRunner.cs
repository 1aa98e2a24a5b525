namespace MySqlRender.Tests.Drills;

/// <summary>
/// Runs templates/scripts/verify.sh as its container would: uid and gid 999 (the rendered runAsUser/runAsGroup; via
/// setpriv when the tests run as root), only the env the CronJob sets, the backup volume group-owned by 999 with the
/// setgid bit (what the kubelet's fsGroup ownership change does: "Configure a Security Context for a Pod or
/// Container" in the Kubernetes docs), a fresh scratch volume and /tmp.
/// </summary>
public sealed class DrillRunner(string root)
{
    private const int Uid = 999;
    private int runs;

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>The backup claim's folder, prepared as fsGroup 999 leaves it.</summary>
    public string BackupFolder(string claim)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "claims", claim)).FullName;
        OwnByPodGroup(folder);
        return folder;
    }

    public CliResult Run(string backupFolder, string prefix, string database)
    {
        var run = Directory.CreateDirectory(Path.Combine(root, "drills", $"{++runs}")).FullName;
        var scratch = Directory.CreateDirectory(Path.Combine(run, "scratch")).FullName;
        var tmp = Directory.CreateDirectory(Path.Combine(run, "tmp")).FullName;
        OwnByPodGroup(run);
        OwnByPodGroup(scratch);
        OwnByPodGroup(tmp);
        // The kubelet creates the termination message file before the container starts.
        var termination = Path.Combine(run, "termination-log");
        File.WriteAllText(termination, "");
        if (IsRoot)
        {
            Assert.Equal(0, ProcessRunner.Run("chown", [$"{Uid}:{Uid}", termination]).ExitCode);
        }
        string[] env =
        [
            $"PATH={Environment.GetEnvironmentVariable("PATH")}", $"HOME={tmp}", $"BACKUP_DIR={backupFolder}",
            $"BACKUP_PREFIX={prefix}", $"MYSQL_DATABASE={database}", $"SCRATCH_DIR={scratch}", $"TMPDIR={tmp}",
            $"TERMINATION_MESSAGE_PATH={termination}", "INNODB_BUFFER_POOL_SIZE=32M",
        ];
        List<string> args = ["env", "-i", .. env, "/bin/bash", RepoPaths.Of("templates", "scripts", "verify.sh")];
        var program = "/usr/bin/env";
        if (IsRoot)
        {
            program = ExternalTool.Require("setpriv", "apt-get install util-linux");
            args.InsertRange(0, [$"--reuid={Uid}", $"--regid={Uid}", "--clear-groups"]);
        }
        else
        {
            args.RemoveAt(0);
        }
        return ProcessRunner.Run(program, args, workingDirectory: run, timeout: TimeSpan.FromMinutes(3));
    }

    /// <summary>What the last drill wrote to its termination message file.</summary>
    public string LastTerminationMessage() => File.ReadAllText(Path.Combine(root, "drills", $"{runs}", "termination-log"));

    private static void OwnByPodGroup(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the drill runs in a Linux container");
        }
        for (var dir = new DirectoryInfo(folder); dir is not null && dir.FullName != Path.GetTempPath().TrimEnd('/'); dir = dir.Parent)
        {
            // Every parent must be searchable by the pod's uid, as the kubelet's volume paths are.
            dir.UnixFileMode |= UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
        }
        if (IsRoot)
        {
            var chown = ProcessRunner.Run("chown", [$"{Uid}:{Uid}", folder]);
            Assert.True(chown.ExitCode == 0, chown.Stderr);
        }
        File.SetUnixFileMode(folder, UnixFileMode.SetGroup | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
    }
}
