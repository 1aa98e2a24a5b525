using System.CommandLine;
using MySqlRender.Hosting;
using MySqlRender.Output;
using MySqlRender.Schema;
using MySqlRender.Shared;

namespace MySqlRender.Cli;

/// <summary>
/// <c>mysqlrender schema</c>: the JSON Schema of the MySQL resource for editors (yaml-language-server), or the
/// markdown field reference; both generated from the schema the validator and the CRD use.
/// </summary>
public static class SchemaCommand
{
    public static Command Create(CliConsole console)
    {
        var format = new Option<string>("--format") { Description = "json (JSON Schema, draft-07) or markdown (field reference)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "markdown");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (atomically) instead of stdout" };
        var command = new Command("schema", "Print the JSON Schema of the MySQL resource (for editors) or its field reference");
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse => CommandRunner.Run(console, parse, () =>
        {
            var text = parse.GetValue(format) == "markdown"
                ? ReferenceDocGenerator.Generate()
                : JsonEmitter.Emit(JsonSchemaGenerator.Generate());
            if (parse.GetValue(output) is { } file)
            {
                AtomicFile.Write(Path.GetFullPath(file, console.WorkingDirectory), text);
            }
            else
            {
                console.Out.Write(text);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
