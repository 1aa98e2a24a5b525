namespace MySqlRender.Schema.Formats;

/// <summary>
/// The server image: the official <c>mysql</c> image (docker.io/library/mysql) or a mirror of it, i.e. any
/// registry and path whose last element is <c>mysql</c> (<c>registry.example.com/mirror/mysql:8.4</c>). Other
/// images are refused rather than half-supported: the rendered pod relies on the official image's entrypoint
/// (docker-library/mysql docker-entrypoint.sh: DATADIR/mysql present means "only start mysqld") and calls
/// <c>mysqladmin</c> and <c>mysql</c>, which recent <c>mariadb</c> images no longer ship under those names
/// (MariaDB 11.0.1 release notes, "Docker Official Images": the mysql* compatibility names are gone; only
/// mariadb-admin and mariadb remain).
/// </summary>
public static class MySqlImage
{
    public static readonly ValueFormat Format = new("image",
        "the official mysql image or a mirror of it (a path ending in /mysql), such as mysql:8.4",
        Check, ImageReference.Pattern, 512)
    {
        Hint = $"use the official image, e.g. {Schema.MySqlSchema.DefaultImage}, or a mirror whose path ends in /mysql",
    };

    private static string? Check(string image)
    {
        if (ImageReference.Format.Check(image) is { } invalid)
        {
            return invalid;
        }
        var name = ImageReference.RepositoryName(image);
        if (name == "mysql")
        {
            return null;
        }
        var why = name.Contains("mariadb", StringComparison.Ordinal)
            ? "MariaDB images are not supported: recent ones lack the mysqladmin and mysql commands the probes and jobs call"
            : $"'{name}' is not the mysql image; mysqlrender supports only the official mysql image and its mirrors";
        return $"'{image}': {why}";
    }
}
