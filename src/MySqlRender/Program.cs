using MySqlRender.Cli;

return CliApp.Run(args, CliConsole.System());
