namespace MySqlRender.Tests.Kubelet;

/// <summary>
/// What an image contributes to a container here: its ENTRYPOINT and CMD (Kubernetes: `command` replaces the
/// entrypoint, `args` the CMD; https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/),
/// its PATH, and files of its filesystem that differ from this machine's (bind-mounted read-only over the host's).
/// Programs come from this machine (Debian's MariaDB stands in for MySQL).
/// </summary>
public sealed record ContainerImage(
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    string Path,
    Func<PodContext, IReadOnlyDictionary<string, string>> Files)
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The image's /usr/local/bin as far as it matters: docker-entrypoint.sh (the model), on PATH first.</summary>
    private static readonly string EntrypointFolder = OutsideTmp.Folder("mysql-image-bin",
        RepoPaths.Of("tests", "MySqlRender.Tests", "Kubelet", "mysql-image", "docker-entrypoint.sh"));

    /// <summary>
    /// The official mysql image (docker-library/mysql 8.4/Dockerfile.oracle): ENTRYPOINT docker-entrypoint.sh (modelled by
    /// mysql-image/docker-entrypoint.sh), CMD mysqld, and /etc/my.cnf with datadir /var/lib/mysql, the socket in
    /// /var/run/mysqld and `!includedir /etc/mysql/conf.d/`. Debian's programs read /etc/mysql/my.cnf, so the image's
    /// file is mounted there. One addition stands in for the pod's network namespace: mysqld binds the pod's address.
    /// </summary>
    public static readonly ContainerImage MySql = new(
        ["docker-entrypoint.sh"], ["mysqld"], EntrypointFolder + ":" + DefaultPath,
        pod => new Dictionary<string, string>
        {
            ["/etc/mysql/my.cnf"] = $"""
                [mysqld]
                skip-host-cache
                skip-name-resolve
                datadir=/var/lib/mysql
                socket=/var/run/mysqld/mysqld.sock
                pid-file=/var/run/mysqld/mysqld.pid
                # the model's stand-in for the pod network namespace (not in the image):
                bind-address={pod.Address}
                port=3306

                [client]
                socket=/var/run/mysqld/mysqld.sock

                !includedir /etc/mysql/conf.d/

                """.Replace("\r", "", StringComparison.Ordinal),
        });

    /// <summary>The model for an image reference; an image nobody modelled is an error, never a silent host run.</summary>
    public static ContainerImage For(string image, IReadOnlyDictionary<string, ContainerImage> extra)
    {
        var repository = image.Split('@')[0];
        var slash = repository.LastIndexOf('/');
        var colon = repository.LastIndexOf(':');
        if (colon > slash)
        {
            repository = repository[..colon];
        }
        if (extra.TryGetValue(repository, out var model))
        {
            return model;
        }
        return repository is "mysql" or "docker.io/library/mysql" or "library/mysql"
            ? MySql
            : throw new InvalidOperationException($"image {image} is not modelled by the kubelet harness (add a ContainerImage for {repository})");
    }
}
