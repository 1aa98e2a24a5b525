using System.Diagnostics;
using System.Text;
using MySqlRender.Model;
using MySqlRender.Rendering;
using MySqlRender.Tests.BackupRestore;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// Runs an S3 script as its rclone container runs it: <c>/bin/sh /opt/mysqlrender/scripts/SCRIPT</c> in the
/// <see cref="RcloneImage"/>, with exactly the environment <see cref="S3ViewModel"/> renders (nothing inherited:
/// notably no AWS_CA_BUNDLE, which breaks rclone's S3 backend and which no pod has) and its volumes as host folders:
/// the backup volume, the data volume, a fresh /tmp emptyDir per run, and the Secret volumes with the items the view
/// model maps (the Secrets' contents come from <see cref="Secrets"/>, as the cluster would hold them).
/// </summary>
public sealed class RcloneContainer(string root, string backupFolder)
{
    private int runs;

    public string BackupFolder => backupFolder;

    public string DataFolder { get; } = Directory.CreateDirectory(System.IO.Path.Combine(root, "data-volume")).FullName;

    /// <summary>Secret name -> key -> value: the Secrets that exist in the namespace.</summary>
    public Dictionary<string, Dictionary<string, string>> Secrets { get; } = [];

    /// <summary>
    /// Runs the upload (<c>s3-upload.sh</c>) or fetch (<c>s3-fetch.sh</c>) container of <paramref name="resource"/>.
    /// <paramref name="overrides"/> replaces rendered env values only to point at a closed port or shorten rclone's
    /// retry pause; the tests say why.
    /// </summary>
    public ContainerRun Run(MySqlResource resource, string script, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var s3 = resource.Spec.Backup.S3 ?? throw new InvalidOperationException("the resource has no spec.backup.s3");
        var env = script == "s3-upload.sh" ? S3ViewModel.UploadEnv(resource.Name, s3) : S3ViewModel.FetchEnv(resource, s3);
        var runFolder = Directory.CreateDirectory(System.IO.Path.Combine(root, "runs", $"{++runs}-{script}")).FullName;
        var mounts = Mounts(resource, runFolder);
        var info = new ProcessStartInfo(RcloneImage.Shell)
        {
            WorkingDirectory = runFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(System.IO.Path.Combine(mounts[ScriptsMount], script));
        info.Environment.Clear();
        info.Environment["PATH"] = RcloneImage.Path;
        info.Environment["HOSTNAME"] = $"{resource.Name}-pod-{runs}";
        foreach (var (name, value) in env)
        {
            info.Environment[name] = MapPath(value, mounts);
        }
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            Assert.True(name.StartsWith("RCLONE_", StringComparison.Ordinal) || info.Environment.ContainsKey(name),
                $"{name} is not in the rendered env");
            info.Environment[name] = value;
        }
        return Execute(info, mounts["/tmp"]);
    }

    private const string ScriptsMount = "/opt/mysqlrender/scripts";

    private Dictionary<string, string> Mounts(MySqlResource resource, string runFolder)
    {
        var mounts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [S3ViewModel.BackupMount] = backupFolder,
            [S3ViewModel.DataVolumeMount] = DataFolder,
            ["/tmp"] = Directory.CreateDirectory(System.IO.Path.Combine(runFolder, "tmp")).FullName,
            [ScriptsMount] = ScriptsVolume(runFolder),
        };
        var model = S3ViewModel.Build(resource)!;
        foreach (var volume in ((List<object?>)model["secretVolumes"]!).Cast<Dictionary<string, object?>>())
        {
            var folder = Directory.CreateDirectory(System.IO.Path.Combine(runFolder, "volumes", (string)volume["volume"]!)).FullName;
            var secretName = (string)volume["secretName"]!;
            Assert.True(Secrets.TryGetValue(secretName, out var secret), $"Secret {secretName} does not exist (the pod would not start)");
            foreach (var item in ((List<object?>)volume["items"]!).Cast<Dictionary<string, object?>>())
            {
                var key = (string)item["key"]!;
                Assert.True(secret.ContainsKey(key), $"Secret {secretName} has no key {key} (the pod would not start)");
                File.WriteAllText(System.IO.Path.Combine(folder, (string)item["path"]!), secret[key]);
            }
            mounts[(string)volume["mountPath"]!] = folder;
        }
        return mounts;
    }

    /// <summary>The scripts ConfigMap as mounted: the S3 scripts, read-only to the container (0555).</summary>
    private static string ScriptsVolume(string runFolder)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(runFolder, "scripts")).FullName;
        foreach (var name in new[] { "s3-lib.sh", "s3-upload.sh", "s3-fetch.sh" })
        {
            var target = System.IO.Path.Combine(folder, name);
            File.Copy(RepoPaths.Of("templates", "scripts", name), target);
            if (OperatingSystem.IsWindows())
            {
                continue;
            }
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        return folder;
    }

    private static string MapPath(string value, Dictionary<string, string> mounts)
    {
        foreach (var (mountPath, folder) in mounts.OrderByDescending(m => m.Key.Length))
        {
            if (value == mountPath || value.StartsWith(mountPath + "/", StringComparison.Ordinal))
            {
                return folder + value[mountPath.Length..];
            }
        }
        return value;
    }

    private static ContainerRun Execute(ProcessStartInfo info, string tmp)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{info.ArgumentList[0]} did not finish within 120 s:\n{output}");
        }
        process.WaitForExit();
        lock (output)
        {
            return new ContainerRun(process.ExitCode, output.ToString(), Directory.EnumerateFileSystemEntries(tmp).ToList());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }
}
