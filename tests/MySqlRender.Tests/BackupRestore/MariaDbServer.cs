namespace MySqlRender.Tests.BackupRestore;

/// <summary>
/// A private MariaDB server on 127.0.0.1 (tests/e2e/mariadb-server.sh: temp datadir, own port and socket), started
/// once for the test class that uses it and torn down with it. Admin statements go over the socket as root@localhost;
/// the scripts under test log in over TCP as 'root'@'%' with the password of the rendered Secret.
/// </summary>
public sealed class MariaDbServer : IDisposable
{
    private static readonly string Script = RepoPaths.Of("tests", "e2e", "mariadb-server.sh");
    private readonly string stateDirectory = Path.Combine(Path.GetTempPath(), $"mysqlrender-e2e-{Guid.NewGuid():N}");
    private readonly Lock gate = new();
    private bool started;

    public int Port { get; private set; }

    public string Socket { get; private set; } = "";

    /// <summary>Starts the server on first use; skips (locally) or fails (CI) when MariaDB is not installed.</summary>
    public MariaDbServer Start()
    {
        ExternalTool.Require("mariadbd", "apt-get install mariadb-server");
        ExternalTool.Require("mariadb-install-db", "apt-get install mariadb-server");
        ExternalTool.Require("mariadb", "apt-get install mariadb-client");
        ExternalTool.Require("mariadb-dump", "apt-get install mariadb-client");
        lock (gate)
        {
            if (!started)
            {
                var result = Run("start");
                Assert.True(result.ExitCode == 0, "MariaDB did not start:\n" + result.Stderr + result.Stdout);
                var values = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
                Port = int.Parse(values["PORT"], System.Globalization.CultureInfo.InvariantCulture);
                Socket = values["SOCKET"];
                started = true;
            }
        }
        return this;
    }

    /// <summary>Sets the password of 'root'@'%' from a file (as the image does from its Secret file).</summary>
    public void SetRootPassword(string passwordFile)
    {
        var result = Run("root-password", passwordFile);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    /// <summary>Runs SQL as the admin over the socket; returns tab-separated rows without headers.</summary>
    public string Sql(string statements)
    {
        var result = ProcessRunner.Run("mariadb",
            ["--no-defaults", "--user=root", $"--socket={Socket}", "--default-character-set=utf8mb4", "--batch", "--skip-column-names"],
            stdin: statements, timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"admin SQL failed: {result.Stderr}\n{statements}");
        return result.Stdout.TrimEnd('\n');
    }

    public void Dispose()
    {
        if (started)
        {
            Run("stop");
        }
    }

    private CliResult Run(params string[] args) => ProcessRunner.Run(Script, args,
        environment: new Dictionary<string, string?> { ["MARIADB_E2E_DIR"] = stateDirectory }, timeout: TimeSpan.FromSeconds(90));
}
