using System.Diagnostics;
using System.Text;

namespace MySqlRender.Tests.Accounts;

/// <summary>
/// Runs templates/scripts/accounts.sh as its container would: bash, an env holding only what the pod spec sets (plus
/// PATH), the Secrets as files (root's <c>password</c> and <c>previous-password</c>, one file per user), TMPDIR an
/// empty folder. TCP to the test server by default; <see cref="Socket"/> switches to the server-init path.
/// </summary>
public sealed class AccountsScript(int port, string database) : IDisposable
{
    private static readonly string Script = RepoPaths.Of("templates", "scripts", "accounts.sh");
    private readonly TempFolder folder = new();

    public string Database => database;

    public string PasswordFile => folder.Combine("root", "password");

    public string PreviousPasswordFile => folder.Combine("root", "previous-password");

    public string UsersFolder => folder.Combine("users");

    /// <summary>NAME:ACCESS entries, as the rendered Job's ACCOUNTS_USERS.</summary>
    public List<string> Users { get; } = [];

    public List<string> Removed { get; } = [];

    public string? Socket { get; set; }

    /// <summary>Env the rendered container would also set (e.g. MYSQL_CLIENT_TLS).</summary>
    public Dictionary<string, string> ExtraEnv { get; } = [];

    public string TmpFolder => folder.Combine("tmp");

    public void SetRootPassword(string password, string? previous = null)
    {
        WriteFile(PasswordFile, password);
        if (previous is null)
        {
            File.Delete(PreviousPasswordFile);
        }
        else
        {
            WriteFile(PreviousPasswordFile, previous);
        }
    }

    public void SetUser(string name, string access, string password)
    {
        Users.RemoveAll(entry => entry.StartsWith(name + ":", StringComparison.Ordinal));
        Users.Add($"{name}:{access}");
        WriteFile(Path.Combine(UsersFolder, name), password);
    }

    public CliResult Run(Action? whileRunning = null)
    {
        Directory.CreateDirectory(TmpFolder);
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Script);
        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        info.Environment["TMPDIR"] = TmpFolder;
        info.Environment["MYSQL_DATABASE"] = database;
        info.Environment["MYSQL_PASSWORD_FILE"] = PasswordFile;
        info.Environment["MYSQL_PREVIOUS_PASSWORD_FILE"] = PreviousPasswordFile;
        info.Environment["ACCOUNTS_USERS"] = string.Join(' ', Users);
        info.Environment["ACCOUNTS_PASSWORDS_DIR"] = UsersFolder;
        info.Environment["ACCOUNTS_REMOVED"] = string.Join(' ', Removed);
        info.Environment["WAIT_TIMEOUT_SECONDS"] = "20";
        if (Socket is null)
        {
            info.Environment["MYSQL_HOST"] = "127.0.0.1";
            info.Environment["MYSQL_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            info.Environment["MYSQL_SOCKET"] = Socket;
        }
        foreach (var (key, value) in ExtraEnv)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        whileRunning?.Invoke();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(90)), "accounts.sh did not finish within 90 s");
        process.WaitForExit();
        Assert.Empty(Directory.EnumerateFileSystemEntries(TmpFolder)); // the option files are gone
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs SQL over TCP as <paramref name="user"/> (credentials in an option file, as a client should).</summary>
    public CliResult SqlAs(string user, string password, string statements, params string[] clientOptions)
    {
        var options = folder.Combine($"client-{Guid.NewGuid():N}.cnf");
        File.WriteAllText(options, $"[client]\nuser={user}\npassword=\"{password.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"\n"
            + $"host=127.0.0.1\nport={port}\nprotocol=tcp\n");
        try
        {
            return ProcessRunner.Run("mariadb", [$"--defaults-file={options}", "--batch", "--skip-column-names", "--default-character-set=utf8mb4",
                .. clientOptions],
                stdin: statements, timeout: TimeSpan.FromSeconds(30));
        }
        finally
        {
            File.Delete(options);
        }
    }

    public void Dispose() => folder.Dispose();

    private static void WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
    }
}
