using System.CommandLine;
using MySqlRender.Output;

namespace MySqlRender.Cli;

/// <summary>
/// Runs a command's body: an <see cref="OutputException"/> is a usage problem (exit 2); any other exception is an
/// internal error (exit 70) that names the input, never a stack trace (unless MYSQLRENDER_DEBUG=1).
/// </summary>
public static class CommandRunner
{
    public static int Run(CliConsole console, ParseResult parse, Func<int> body)
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
            return InternalError(console, parse, e);
        }
    }

    public static int InternalError(CliConsole console, ParseResult parse, Exception e)
    {
        var input = string.Join(' ', parse.Tokens.Select(t => t.Value));
        console.Error.Write($"mysqlrender: internal error ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}) while running: mysqlrender {input}\n"
            + "please report it with the input that caused it\n");
        if (Environment.GetEnvironmentVariable("MYSQLRENDER_DEBUG") == "1")
        {
            console.Error.Write(e + "\n");
        }
        return ExitCodes.InternalError;
    }
}
