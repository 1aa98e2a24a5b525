using MySqlRender.Shared;
using MySqlRender.Model;

namespace MySqlRender.Validation.Rules;

/// <summary>Dumps sent to an http:// endpoint without client-side encryption cross the network as plaintext: say so.</summary>
public sealed class S3TransportRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        if (resource.Spec.Backup.S3 is { Endpoint: { } endpoint, EncryptionKey: null }
            && endpoint.StartsWith("http://", StringComparison.Ordinal))
        {
            context.Report(resource, "spec.backup.s3.endpoint", Severity.Warning, DiagnosticCodes.S3PlainHttp,
                $"'{endpoint}' is plain http and spec.backup.s3.encryption is unset: dumps and credentials cross the network unencrypted",
                "use an https endpoint (caSecretRef for a private CA), or set spec.backup.s3.encryption");
        }
    }
}
