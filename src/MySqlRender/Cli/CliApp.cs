using System.CommandLine;
using MySqlRender.Plugins.ArgoCd;

namespace MySqlRender.Cli;

/// <summary>Builds the command tree and runs it. Usage errors exit 2, with the problem and a pointer to --help.</summary>
public static class CliApp
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("mysqlrender: render MySQL resources into Kubernetes manifests, the GitOps way");
        foreach (var command in Commands(console))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    /// <summary>Every subcommand; plugin adapters add theirs here.</summary>
    private static IEnumerable<Command> Commands(CliConsole console) =>
    [
        RenderCommand.Create(console),
        ValidateCommand.Create(console),
        CrdCommand.Create(console),
        SchemaCommand.Create(console),
        InitCommand.Create(console),
        CmpCommand.Create(console),
    ];

    public static int Run(string[] args, CliConsole console)
    {
        var parse = Build(console).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.Write($"mysqlrender: usage error: {error.Message}\n");
            }
            console.Error.Write("run 'mysqlrender --help' for usage\n");
            return ExitCodes.Usage;
        }
        var code = parse.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error });
        console.Out.Flush();
        return code;
    }
}
