namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>A private CA and a server certificate for 127.0.0.1 signed by it (openssl), for an https S3 endpoint.</summary>
public sealed record TestCertificates(string Folder)
{
    public string CaFile => Path.Combine(Folder, "ca.crt");

    public string KeyFile => Path.Combine(Folder, "server.key");

    public string CertificateFile => Path.Combine(Folder, "server.crt");

    public static TestCertificates Create(string folder)
    {
        var openssl = ExternalTool.Require("openssl", "apt-get install openssl");
        var certificates = new TestCertificates(Directory.CreateDirectory(folder).FullName);
        File.WriteAllText(Path.Combine(folder, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
        Run(openssl, folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
            "-subj", "/CN=mysqlrender test CA");
        Run(openssl, folder, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Run(openssl, folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
        return certificates;
    }

    private static void Run(string openssl, string folder, params string[] args)
    {
        var result = ProcessRunner.Run(openssl, args, workingDirectory: folder);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', args)}: {result.Stderr}");
    }
}
