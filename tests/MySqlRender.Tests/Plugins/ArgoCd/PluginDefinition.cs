using YamlDotNet.RepresentationModel;

namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>The commands the repository's plugin.yaml gives argocd-cmp-server, so the tests run exactly those.</summary>
public static class PluginDefinition
{
    /// <summary>The arguments after <c>mysqlrender</c> of <c>spec.discover.find.command</c> or <c>spec.generate.command</c>.</summary>
    public static IReadOnlyList<string> Arguments(string step)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Of("plugin.yaml"))));
        var spec = (YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode)["spec"];
        var command = step switch
        {
            "discover" => spec["discover"]["find"]["command"],
            "generate" => spec["generate"]["command"],
            _ => throw new ArgumentException("unknown plugin step " + step, nameof(step)),
        };
        var argv = ((YamlSequenceNode)command).Select(n => ((YamlScalarNode)n).Value!).ToList();
        Assert.Equal("mysqlrender", argv[0]);
        return argv[1..];
    }
}
