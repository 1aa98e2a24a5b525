namespace MySqlRender.Tests;

/// <summary>
/// The opening lines every end-to-end test's MySQL resource shares: apiVersion, kind, the name, the database, one
/// password line (<c>password: ...</c> or <c>passwordSecretRef: ...</c>) and a 1Gi data volume. No final newline:
/// callers put it on a line of its own in a raw string, or add <c>"\n"</c>, and continue with their spec fields.
/// </summary>
public static class TestResource
{
    public static string Opening(string name, string database, string passwordLine) => $"""
        apiVersion: otus.homework/v1
        kind: MySQL
        metadata:
          name: {name}
        spec:
          database: {database}
          {passwordLine}
          storage_size: 1Gi
        """;
}
