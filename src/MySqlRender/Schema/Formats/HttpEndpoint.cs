namespace MySqlRender.Schema.Formats;

/// <summary>An S3 endpoint: an absolute http or https URL of a host (and port), with no credentials, query or fragment.</summary>
public static class HttpEndpoint
{
    public const string Pattern = "^https?://[^/?#@ ]+(/[^?#@ ]*)?$";

    public static readonly ValueFormat Format = new("http-url", "an http(s) URL such as https://minio.example:9000",
        text => Problem(text) is { } problem ? $"'{text}' is not an S3 endpoint: {problem}" : null, Pattern, 2048);

    private static string? Problem(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "it must be an absolute http:// or https:// URL, e.g. https://minio.example:9000";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "credentials do not belong in the URL (use credentialsSecretRef)";
        }
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Contains(' '))
        {
            return "no query, fragment or spaces";
        }
        return uri.Host.Length == 0 ? "it names no host" : null;
    }
}
