namespace MySqlRender.Tests;

/// <summary>
/// Every entry point the invalid-case table covers. A plugin mode joins the table by adding one row here (a small
/// <see cref="EntryPoint"/> subclass next to <see cref="CliEntryPoints"/>); every case then runs through it too.
/// </summary>
public static class EntryPoints
{
    public static readonly IReadOnlyList<EntryPoint> All =
    [
        new ValidateEntryPoint(),
        new RenderStdoutEntryPoint(),
        new RenderToFolderEntryPoint(),
        new CmpGenerateEntryPoint(),
        new ExecPluginEntryPoint(),
        new KrmFunctionEntryPoint(),
    ];

    public static EntryPoint Named(string name) => All.Single(e => e.Name == name);
}
