using MySqlRender.Input;
using MySqlRender.Plugins.Krm;

namespace MySqlRender.Hosting;

/// <summary>The streams a command writes to; injected so that commands are tested in-process.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    /// <summary>Relative paths resolve against, and are shown relative to, this folder.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>stdin, read only by <c>fn</c> (a KRM function's ResourceList).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    public static CliConsole System()
    {
        var encoding = new System.Text.UTF8Encoding(false);
        var stdout = new StreamWriter(global::System.Console.OpenStandardOutput(), encoding) { AutoFlush = false, NewLine = "\n" };
        var stderr = new StreamWriter(global::System.Console.OpenStandardError(), encoding) { AutoFlush = true, NewLine = "\n" };
        var stdin = new StreamReader(global::System.Console.OpenStandardInput(), Input.Utf8FileReader.Strict);
        return new CliConsole(stdout, stderr) { In = stdin };
    }
}
