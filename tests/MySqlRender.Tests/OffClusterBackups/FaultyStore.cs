using System.Net;
using System.Net.Sockets;

namespace MySqlRender.Tests.OffClusterBackups;

/// <summary>
/// A reverse proxy on loopback in front of the test's s3rver that answers a GET of chosen objects with
/// 503 SlowDown, as Amazon S3 does when a prefix is throttled ("Error responses" in the Amazon S3 API reference: 503
/// SlowDown, "Please reduce your request rate"), and forwards every other request unchanged. rclone sees a real
/// HTTP error from its S3 backend, with its own retries, while listing and every other object work.
/// </summary>
public sealed class FaultyStore : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect",
    };

    private readonly HttpListener listener = new();
    private readonly HttpClient upstream;
    private readonly HashSet<string> failing = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int refused;

    public FaultyStore(string upstreamEndpoint)
    {
        upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(upstreamEndpoint),
        };
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    /// <summary>How many GETs were answered with 503 so far.</summary>
    public int Refused => Volatile.Read(ref refused);

    /// <summary>GETs of s3://BUCKET/KEY are answered with 503 until <see cref="Heal"/>.</summary>
    public void FailGets(string bucket, string key)
    {
        lock (gate)
        {
            failing.Add($"/{bucket}/{key}");
        }
    }

    public void Heal()
    {
        lock (gate)
        {
            failing.Clear();
        }
    }

    public void Dispose()
    {
        listener.Close();
        upstream.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private bool Fails(HttpListenerRequest request)
    {
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        lock (gate)
        {
            return request.HttpMethod == "GET" && failing.Contains(path);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        try
        {
            if (Fails(context.Request))
            {
                Interlocked.Increment(ref refused);
                await RefuseAsync(response);
                return;
            }
            await ForwardAsync(context.Request, response);
        }
        catch (Exception error) when (error is HttpListenerException or HttpRequestException or IOException)
        {
            response.Abort(); // the client sees a cut connection, as with a store that went away mid-request
        }
    }

    private static async Task RefuseAsync(HttpListenerResponse response)
    {
        var body = System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
        response.StatusCode = 503;
        response.ContentType = "application/xml";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
    }

    private async Task ForwardAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), request.RawUrl);
        if (request.HasEntityBody)
        {
            message.Content = new StreamContent(request.InputStream);
            if (request.ContentLength64 >= 0)
            {
                message.Content.Headers.ContentLength = request.ContentLength64;
            }
        }
        foreach (var name in request.Headers.AllKeys.OfType<string>().Where(n => !HopByHop.Contains(n)))
        {
            var values = request.Headers.GetValues(name) ?? [];
            if (!message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }
        message.Headers.Host = request.UserHostName; // the signed Host, as the client sent it
        using var answer = await upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
        {
            foreach (var value in values)
            {
                response.AppendHeader(name, value);
            }
        }
        if (answer.Content.Headers.ContentLength is { } length)
        {
            response.ContentLength64 = length;
        }
        await answer.Content.CopyToAsync(response.OutputStream);
    }
}
