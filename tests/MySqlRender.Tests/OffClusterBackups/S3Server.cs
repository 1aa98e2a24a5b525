using System.Diagnostics;
using System.Text.RegularExpressions;

[assembly: AssemblyFixture(typeof(MySqlRender.Tests.OffClusterBackups.S3Server))]

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// A real S3-protocol server on loopback: npm's s3rver 3.7.1 (tests/s3rver, installed by .ci/run with
/// <c>npm ci --prefix tests/s3rver</c>), one per test run on a free port, a fresh bucket per test. Objects land as
/// files under its data folder, so a test can look inside the bucket. s3rver knows one access key (S3RVER) and
/// rejects others, but it does not check the secret: a wrong secret is accepted, which no test may rely on.
/// </summary>
public sealed partial class S3Server : IDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Lock gate = new();
    private readonly string dataFolder = Directory.CreateTempSubdirectory("mysqlrender-s3rver-").FullName;
    private readonly TestCertificates? certificates;
    private readonly Lazy<S3Server> tls;
    private Process? process;
    private int buckets;

    public S3Server()
        : this(null)
    {
    }

    private S3Server(TestCertificates? certificates)
    {
        this.certificates = certificates;
        tls = new Lazy<S3Server>(() => new S3Server(TestCertificates.Create(Path.Combine(dataFolder, "..",
            Path.GetFileName(dataFolder) + "-tls"))));
    }

    public int Port { get; private set; }

    public string Endpoint => $"{(certificates is null ? "http" : "https")}://127.0.0.1:{Port}";

    /// <summary>A second server speaking https with a certificate of a private CA (<see cref="CaCertificate"/>).</summary>
    public S3Server Tls => tls.Value.Start();

    /// <summary>The PEM of the CA that signed an https server's certificate.</summary>
    public string CaCertificate => File.ReadAllText(certificates?.CaFile ?? throw new InvalidOperationException("not an https server"));

    /// <summary>Starts the server on first use; skips (locally) or fails (CI) when node or s3rver is missing.</summary>
    public S3Server Start()
    {
        var node = ExternalTool.Require("node", "install Node.js 18+");
        var script = RepoPaths.Of("tests", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            var message = "tests/s3rver has no node_modules (run: npm ci --prefix tests/s3rver)";
            if (Environment.GetEnvironmentVariable("MYSQLRENDER_CI") == "1")
            {
                Assert.Fail(message);
            }
            Assert.Skip(message);
        }
        lock (gate)
        {
            if (process is null)
            {
                process = Launch(node, script);
            }
        }
        return this;
    }

    /// <summary>
    /// The store goes down (its process is killed; the objects stay on disk): connections to the endpoint are refused,
    /// as when a store or the network to it is out. Disposing the result brings it back on the same port. Only for
    /// a server of the test's own (<c>new S3Server()</c>): the shared fixture serves other tests at the same time.
    /// </summary>
    public IDisposable Down()
    {
        lock (gate)
        {
            Assert.True(process is not null, "the server was never started");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            process = null;
        }
        return new Restart(this);
    }

    private sealed class Restart(S3Server server) : IDisposable
    {
        public void Dispose() => server.Start();
    }

    /// <summary>A new, empty bucket with a name unique in this run.</summary>
    public string CreateBucket(string purpose)
    {
        var name = $"{purpose}-{Interlocked.Increment(ref buckets)}";
        Directory.CreateDirectory(Path.Combine(dataFolder, name)); // s3rver's file store: a bucket is a folder
        return name;
    }

    /// <summary>The object keys of a bucket (under a prefix), sorted.</summary>
    public IReadOnlyList<string> Keys(string bucket, string prefix = "") =>
        ObjectFiles(bucket).Select(file => Path.GetRelativePath(Path.Combine(dataFolder, bucket), file)[..^ObjectSuffix.Length])
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The file holding an object's bytes (tests corrupt or inspect it).</summary>
    public string ObjectFile(string bucket, string key) => Path.Combine(dataFolder, bucket, key + ObjectSuffix);

    /// <summary>Every object's bytes in the bucket, for proving what did or did not leave a pod.</summary>
    public IEnumerable<string> ObjectFiles(string bucket) =>
        Directory.EnumerateFiles(Path.Combine(dataFolder, bucket), "*" + ObjectSuffix, SearchOption.AllDirectories);

    /// <summary>
    /// Replaces an object's bytes behind the server's back, with a matching ETag (s3rver keeps the MD5 beside the
    /// object), as a store that silently lost or mangled data would serve it: rclone's own MD5 check passes, so only
    /// the dump's recorded sha256 can tell.
    /// </summary>
    public void Overwrite(string bucket, string key, byte[] bytes)
    {
        var file = ObjectFile(bucket, key);
        File.WriteAllBytes(file, bytes);
        File.WriteAllText(file + ".md5", Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes)));
    }

    /// <summary>Deletes an object (its bytes, checksum and metadata files), as an operator deleting it would.</summary>
    public void Delete(string bucket, string key)
    {
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(ObjectFile(bucket, key))!, Path.GetFileName(key) + "._S3rver_*"))
        {
            File.Delete(file);
        }
    }

    public void Dispose()
    {
        if (tls.IsValueCreated)
        {
            tls.Value.Dispose();
        }
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process?.Dispose();
        Directory.Delete(dataFolder, recursive: true);
        if (certificates is not null)
        {
            Directory.Delete(certificates.Folder, recursive: true);
        }
    }

    private const string ObjectSuffix = "._S3rver_object";

    private Process Launch(string node, string script)
    {
        var info = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] tlsArgs = certificates is null ? [] : ["--key", certificates.KeyFile, "--cert", certificates.CertificateFile];
        foreach (var arg in new[] { script, "-d", dataFolder, "-a", "127.0.0.1", "-p",
            Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" }.Concat(tlsArgs))
        {
            info.ArgumentList.Add(arg);
        }
        var started = Process.Start(info) ?? throw new InvalidOperationException("could not start s3rver");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var seen = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var line = started.StandardOutput.ReadLineAsync();
            if (!line.Wait(deadline - DateTime.UtcNow) || line.Result is null)
            {
                break;
            }
            seen.Add(line.Result);
            if (Listening().Match(line.Result) is { Success: true } match)
            {
                Port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                _ = started.StandardOutput.ReadToEndAsync();
                _ = started.StandardError.ReadToEndAsync();
                return started;
            }
        }
        started.Kill(entireProcessTree: true);
        Assert.Fail($"s3rver did not start within 30 s:\n{string.Join('\n', seen)}");
        throw new InvalidOperationException("unreachable");
    }

    [GeneratedRegex(@"S3rver listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
