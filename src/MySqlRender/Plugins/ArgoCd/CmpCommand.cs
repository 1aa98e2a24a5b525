using System.CommandLine;
using MySqlRender.Hosting;

namespace MySqlRender.Plugins.ArgoCd;

/// <summary><c>mysqlrender cmp discover|generate</c>: the commands plugin.yaml gives argocd-cmp-server.</summary>
public static class CmpCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("cmp", "Argo CD Config Management Plugin mode (run by argocd-cmp-server, see docs/argocd.md)");
        command.Subcommands.Add(CmpDiscoverCommand.Create(console));
        command.Subcommands.Add(CmpGenerateCommand.Create(console));
        return command;
    }
}
