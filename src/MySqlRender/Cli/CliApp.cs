using System.CommandLine;
using MySqlRender.Hosting;
using MySqlRender.Plugins.ArgoCd;
using MySqlRender.Plugins.Krm;
using MySqlRender.Plugins.Kustomize;

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
        KustomizeCommand.Create(console),
        FnCommand.Create(console),
    ];

    public static int Run(string[] args, CliConsole console) => Run(args, console, Environment.GetEnvironmentVariable);

    /// <summary>Runs the command line, or the kustomize exec-plugin call (which has no subcommand: argv[1] is a config file).</summary>
    public static int Run(string[] args, CliConsole console, Func<string, string?> environment)
    {
        var root = Build(console);
        if (ExecPluginCall.Matches(args, environment, root.Subcommands.Select(c => c.Name)))
        {
            return CommandRunner.Run(console, () => $"{string.Join(' ', args)} (as kustomize exec plugin)", () => ExecPlugin.Run(args[0], console, environment));
        }
        return Run(root, args, console);
    }

    /// <summary>Runs a command tree; a command that throws outside <see cref="CommandRunner"/> still exits 70 without a stack trace.</summary>
    public static int Run(RootCommand root, string[] args, CliConsole console)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.Write($"mysqlrender: usage error: {error.Message}\n");
            }
            console.Error.Write("run 'mysqlrender --help' for usage\n");
            return ExitCodes.Usage;
        }
        try
        {
            var code = parse.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
            console.Out.Flush();
            return code;
        }
        catch (Exception e)
        {
            return CommandRunner.InternalError(console, CommandRunner.Describe(parse), e);
        }
    }
}
