using System.Net;
using System.Net.Sockets;

namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// Pod addresses for one node: a /24 of 127.0.0.0/8 (Linux routes the whole block to the loopback device) that no
/// process on this machine listens in, so servers of parallel test runs, even other worktrees', never collide on
/// port 3306. Stands in for the pod network: each pod gets its own address, and a server binds it.
/// </summary>
public sealed class LoopbackSubnet
{
    private static readonly HashSet<(int, int)> Taken = [];
    private readonly int a;
    private readonly int b;
    private int next = 1;

    private LoopbackSubnet(int a, int b)
    {
        this.a = a;
        this.b = b;
    }

    public static LoopbackSubnet Allocate()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var (a, b) = (Random.Shared.Next(64, 255), Random.Shared.Next(1, 255));
            lock (Taken)
            {
                if (Taken.Contains((a, b)) || InUse(a, b))
                {
                    continue;
                }
                Taken.Add((a, b));
                return new LoopbackSubnet(a, b);
            }
        }
        throw new InvalidOperationException("no free 127.x.y.0/24 found for pod addresses");
    }

    public string NextAddress()
    {
        var host = Interlocked.Increment(ref next);
        Assert.True(host < 255, "more than 253 pods on one model node");
        return $"127.{a}.{b}.{host}";
    }

    /// <summary>True when some local socket is bound in 127.a.b.0/24 (/proc/net/tcp lists addresses little-endian).</summary>
    private static bool InUse(int a, int b)
    {
        var suffix = $"{b:X2}{a:X2}7F:";
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .Any(local => local.Length == 13 && local[2..].StartsWith(suffix, StringComparison.Ordinal)) || !CanBind(a, b);
    }

    private static bool CanBind(int a, int b)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Parse($"127.{a}.{b}.2"), 3306));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
