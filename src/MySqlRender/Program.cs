using MySqlRender.Cli;
using MySqlRender.Hosting;

return CliApp.Run(args, CliConsole.System());
