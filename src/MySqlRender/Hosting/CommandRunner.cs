using System.CommandLine;
using MySqlRender.Output;

namespace MySqlRender.Hosting;

/// <summary>
/// Runs a command's body: an <see cref="OutputException"/> is a usage problem (exit 2); any other exception is an
/// internal error (exit 70) that names the input, never a stack trace (unless MYSQLRENDER_DEBUG=1).
/// </summary>
public static class CommandRunner
{
    public static int Run(CliConsole console, ParseResult parse, Func<int> body) =>
        Run(console, () => Describe(parse), body);

    /// <param name="describeInput">The command line shown in an internal-error message.</param>
    public static int Run(CliConsole console, Func<string> describeInput, Func<int> body)
    {
        try
        {
            var code = body();
            console.Out.Flush();
            return code;
        }
        catch (OutputException e)
        {
            console.Error.Write($"mysqlrender: error: {e.Message}\n");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.Write($"mysqlrender: error: {e.Message}\n");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e)
        {
            return InternalError(console, describeInput(), e);
        }
    }

    public static string Describe(ParseResult parse) => string.Join(' ', parse.Tokens.Select(t => t.Value));

    public static int InternalError(CliConsole console, string input, Exception e)
    {
        console.Error.Write($"mysqlrender: internal error ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}) while running: mysqlrender {input}\n"
            + "please report it with the input that caused it\n");
        if (Environment.GetEnvironmentVariable("MYSQLRENDER_DEBUG") == "1")
        {
            console.Error.Write(e + "\n");
        }
        return ExitCodes.InternalError;
    }
}
