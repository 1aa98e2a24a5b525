using YamlDotNet.Core;
using MySqlRender.Shared;

namespace MySqlRender.Rendering;

/// <summary>
/// The container scripts: <c>lib.sh</c> followed by each script, composed once per template set. They are constant
/// text of about 40 KB per instance, so templates receive a short token for each (through the <c>yaml</c> filter
/// like any value) and the parsed document gets the text spliced in for the token: the same output, without
/// quoting and re-reading the scripts for every instance. A constant cannot change a document's structure.
/// </summary>
public sealed class StaticScripts
{
    private static readonly string[] Names = ["backup", "restore", "readiness"];

    // Unguessable, so no input value can ever equal a token.
    private static readonly string Nonce = Guid.NewGuid().ToString("N");

    private readonly Dictionary<string, string> textByToken;

    private StaticScripts(Dictionary<string, string> tokenByName, Dictionary<string, string> textByToken)
    {
        TokenByName = tokenByName;
        this.textByToken = textByToken;
    }

    /// <summary>What the view model's <c>scripts.NAME</c> holds.</summary>
    public IReadOnlyDictionary<string, string> TokenByName { get; }

    public static StaticScripts Compose(TemplateSet templates)
    {
        var library = templates.Text("scripts/lib.sh");
        var tokens = Names.ToDictionary(name => name, name => $"mysqlrender-script:{name}:{Nonce}");
        var texts = Names.ToDictionary(name => tokens[name], name => library + "\n" + templates.Text($"scripts/{name}.sh"));
        return new StaticScripts(tokens, texts);
    }

    /// <summary>True when a template used a token inside a larger value, where no text could be spliced in.</summary>
    public static bool Leaked(YNode node) => node switch
    {
        YScalar scalar => scalar.Value.Contains(Nonce, StringComparison.Ordinal),
        YMapping mapping => mapping.Entries.Any(e => Leaked(e.Key) || Leaked(e.Value)),
        YSequence sequence => sequence.Items.Any(Leaked),
        _ => false,
    };

    /// <summary>The node with every scalar that is exactly a token replaced by its script; unchanged nodes are reused.</summary>
    public YNode Splice(YNode node) => node switch
    {
        YScalar scalar when textByToken.TryGetValue(scalar.Value, out var text) =>
            new YScalar(scalar.Position, null, text, ScalarStyle.Literal),
        YMapping mapping => SpliceMapping(mapping),
        YSequence sequence => SpliceSequence(sequence),
        _ => node,
    };

    private YMapping SpliceMapping(YMapping mapping)
    {
        var entries = mapping.Entries.Select(e => new KeyValuePair<YScalar, YNode>(e.Key, Splice(e.Value))).ToArray();
        return entries.Where((e, i) => !ReferenceEquals(e.Value, mapping.Entries[i].Value)).Any()
            ? new YMapping(mapping.Position, mapping.Tag, entries)
            : mapping;
    }

    private YSequence SpliceSequence(YSequence sequence)
    {
        var items = sequence.Items.Select(Splice).ToArray();
        return items.Where((item, i) => !ReferenceEquals(item, sequence.Items[i])).Any()
            ? new YSequence(sequence.Position, sequence.Tag, items)
            : sequence;
    }
}
