namespace MySqlRender.Tests.Accounts;

/// <summary>mariadbd started with a rendered option file as its defaults file: socket only, or also TCP on 127.0.0.1.</summary>
public sealed class StartedServer : IDisposable
{
    private readonly System.Diagnostics.Process process;
    private readonly string socket;

    private StartedServer(System.Diagnostics.Process process, string socket)
    {
        this.process = process;
        this.socket = socket;
    }

    public static StartedServer With(string defaultsFile, string folder, int? port = null)
    {
        ExternalTool.Require("mariadb-install-db", "apt-get install mariadb-server");
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        string[] user = Environment.UserName == "root" ? ["--user=root"] : [];
        var install = ProcessRunner.Run("mariadb-install-db",
            ["--no-defaults", .. user, $"--datadir={data}", "--auth-root-authentication-method=normal", "--skip-test-db"],
            timeout: TimeSpan.FromSeconds(120));
        Assert.True(install.ExitCode == 0, install.Stderr + install.Stdout);
        var socket = Path.Combine(folder, "s.sock");
        var info = new System.Diagnostics.ProcessStartInfo(ExternalTool.Find("mariadbd") ?? "/usr/sbin/mariadbd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[$"--defaults-file={defaultsFile}", .. user, $"--datadir={data}", $"--socket={socket}",
                     .. (port is { } tcp ? (string[])[$"--port={tcp}", "--bind-address=127.0.0.1", "--skip-name-resolve"] : ["--skip-networking"]),
                     $"--pid-file={folder}/pid", $"--log-error={folder}/error.log",
                     "--innodb-buffer-pool-size=16M"])
        {
            info.ArgumentList.Add(arg);
        }
        var server = new StartedServer(System.Diagnostics.Process.Start(info)!, socket) { Port = port ?? 0 };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (server.TrySql("SELECT 1") != "1")
        {
            if (DateTime.UtcNow > deadline || server.process.HasExited)
            {
                server.process.WaitForExit(TimeSpan.FromSeconds(5));
                var log = File.Exists($"{folder}/error.log") ? File.ReadAllText($"{folder}/error.log") : "";
                Assert.Fail($"the server did not start with the rendered file:\n{log}{server.process.StandardError.ReadToEnd()}");
            }
            Thread.Sleep(200);
        }
        return server;
    }

    public int Port { get; private init; }

    public string Sql(string statements) => TrySql(statements) ?? throw new InvalidOperationException("SQL failed: " + statements);

    public void Dispose()
    {
        process.Kill();
        process.WaitForExit();
        process.Dispose();
    }

    private string? TrySql(string statements)
    {
        var result = ProcessRunner.Run("mariadb", ["--no-defaults", "--user=root", $"--socket={socket}", "--batch", "--skip-column-names"],
            stdin: statements, timeout: TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? result.Stdout.TrimEnd('\n') : null;
    }
}
