using System.CommandLine;
using MySqlRender.Hosting;
using MySqlRender.Shared;

namespace MySqlRender.Cli;

/// <summary>The options shared by <c>render</c> and <c>validate</c>, and how they become <see cref="RenderOptions"/>.</summary>
public sealed class CommonOptions
{
    public Argument<string[]> Paths { get; } = new("paths")
    {
        Description = "Files or folders of MySQL resources (folders are searched recursively for *.yaml and *.yml)",
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = _ => ["."],
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "Namespace for resources that do not set one (default: none, the applier's)",
    };

    public Option<bool> OnlyMySql { get; } = new("--only-mysql")
    {
        Description = "Drop the other Kubernetes objects found beside the MySQL resources instead of passing them through",
    };

    public Option<bool> Strict { get; } = new("--strict")
    {
        Description = "Refuse plaintext passwords (an error instead of a warning)",
    };

    public Option<string?> Templates { get; } = new("--templates")
    {
        Description = "Folder of templates that override the embedded ones by file name",
    };

    public Option<string[]> Labels { get; } = new("--label", "-l")
    {
        Description = "Extra label KEY=VALUE for every rendered object (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<RenderTarget> Target { get; } = new("--target")
    {
        Description = "What applies the output: argocd (hook Jobs run in their sync phases) or kubectl (plain kubectl apply: "
            + "no PreDelete or before-change backup Jobs, no hook annotations; see docs/backup-restore.md)",
        DefaultValueFactory = _ => RenderTarget.ArgoCd,
        CustomParser = result => RenderTargets.Parse(result.Tokens[0].Value) ?? InvalidTarget(result, result.Tokens[0].Value),
    };

    private static RenderTarget InvalidTarget(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--target must be {RenderTargets.Choices}, not '{value}'");
        return RenderTarget.ArgoCd;
    }

    public Option<DiagnosticFormat> DiagnosticsFormat { get; } = new("--diagnostics-format")
    {
        Description = "How problems are printed: text (file:line:col: error CODE: ...) or github (Actions annotations)",
        DefaultValueFactory = _ => DiagnosticFormat.Text,
        CustomParser = result => result.Tokens[0].Value switch
        {
            "text" => DiagnosticFormat.Text,
            "github" => DiagnosticFormat.GitHub,
            var other => Invalid(result, other),
        },
    };

    private static DiagnosticFormat Invalid(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--diagnostics-format must be text or github, not '{value}'");
        return DiagnosticFormat.Text;
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        Paths.Validators.Add(result =>
        {
            foreach (var path in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (path.StartsWith('-') && path.Length > 1)
                {
                    result.AddError($"unknown option '{path}' (a file whose name starts with '-' can be given as ./{path})");
                }
            }
        });
        command.Options.Add(Namespace);
        command.Options.Add(OnlyMySql);
        command.Options.Add(Strict);
        command.Options.Add(Templates);
        command.Options.Add(Labels);
        command.Options.Add(Target);
        command.Options.Add(DiagnosticsFormat);
        Labels.Validators.Add(result =>
        {
            foreach (var label in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (LabelOption.Parse(label) is null)
                {
                    result.AddError($"--label '{label}' must be KEY=VALUE with a valid label key and value");
                }
            }
        });
    }

    public RenderOptions ToRenderOptions(ParseResult parse, CliConsole console) => new()
    {
        DisplayRoot = console.WorkingDirectory,
        DefaultNamespace = parse.GetValue(Namespace) is { Length: > 0 } ns ? ns : null,
        OnlyMySql = parse.GetValue(OnlyMySql),
        Strict = parse.GetValue(Strict),
        TemplatesDirectory = parse.GetValue(Templates),
        Target = parse.GetValue(Target),
        ExtraLabels = (parse.GetValue(Labels) ?? []).Select(l => LabelOption.Parse(l)!.Value)
            .GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Last().Value),
    };
}
