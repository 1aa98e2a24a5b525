using MySqlRender.Shared;

namespace MySqlRender.Schema;

/// <summary>
/// Checks a document against a <see cref="SchemaField"/> tree: unknown fields (with "did you mean"), wrong types,
/// missing required fields and value formats. Every problem is reported, with the position of its node.
/// </summary>
public sealed class SchemaBinder(string file, string subject, DiagnosticBag diagnostics)
{
    public void Check(YNode node, SchemaField field, string path)
    {
        if (node.Tag is { } tag && !IsCoreTag(tag))
        {
            Report(node, DiagnosticCodes.UnsupportedTag, path, $"the tag '{tag}' is not allowed here", "remove the tag");
            return;
        }
        if (node is YScalar { Type: ScalarType.Null })
        {
            return;
        }
        switch (field.Kind)
        {
            case FieldKind.Object:
                CheckObject(node, field, path);
                break;
            case FieldKind.StringMap:
                CheckStringMap(node, field, path);
                break;
            case FieldKind.List:
                CheckList(node, field, path);
                break;
            default:
                CheckScalar(node, field, path);
                break;
        }
    }

    private void CheckObject(YNode node, SchemaField field, string path)
    {
        if (node is not YMapping mapping)
        {
            WrongType(node, path, "a mapping");
            return;
        }
        if (field.AllowAnyFields)
        {
            return;
        }
        foreach (var (key, value) in mapping.Entries)
        {
            var child = field.Fields.FirstOrDefault(f => f.Name == key.Value);
            if (child is not null)
            {
                Check(value, child, Join(path, key.Value));
            }
            else if (!field.IgnoredKeys.Contains(key.Value))
            {
                var close = DidYouMean.Closest(key.Value, field.Fields.Select(f => f.Name));
                Report(key, DiagnosticCodes.UnknownField, Join(path, key.Value), "unknown field",
                    close is null ? $"known fields: {string.Join(", ", field.Fields.Select(f => f.Name))}" : $"did you mean {close}?");
            }
        }
        foreach (var required in field.Fields.Where(f => f.Required))
        {
            if (mapping[required.Name] is null or YScalar { Type: ScalarType.Null })
            {
                Report(mapping, DiagnosticCodes.MissingField, Join(path, required.Name), "required field is missing",
                    $"{required.Name}: {required.Description.TrimEnd('.')}");
            }
        }
    }

    private void CheckStringMap(YNode node, SchemaField field, string path)
    {
        if (node is not YMapping mapping)
        {
            WrongType(node, path, "a mapping of strings");
            return;
        }
        foreach (var (key, value) in mapping.Entries)
        {
            var keyPath = Join(path, key.Value);
            if (field.AllowedKeys is { } allowed && !allowed.Contains(key.Value))
            {
                var close = DidYouMean.Closest(key.Value, allowed);
                Report(key, DiagnosticCodes.UnknownField, keyPath, "unknown key",
                    close is null ? $"use one of {string.Join(", ", allowed)}" : $"did you mean {close}?");
                continue;
            }
            CheckScalar(value, field, keyPath, field.KeyHints?.GetValueOrDefault(key.Value));
        }
    }

    private void CheckList(YNode node, SchemaField field, string path)
    {
        if (node is not YSequence sequence)
        {
            WrongType(node, path, "a list");
            return;
        }
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            Check(sequence.Items[i], field.Item!, $"{path}[{i}]");
        }
    }

    private void CheckScalar(YNode node, SchemaField field, string path, string? hint = null)
    {
        if (node is not YScalar scalar)
        {
            WrongType(node, path, Expected(field));
            return;
        }
        var type = scalar.Type;
        var ok = field.Kind switch
        {
            FieldKind.Integer => type == ScalarType.Int,
            FieldKind.Boolean => type == ScalarType.Bool,
            _ => type == ScalarType.String || (field.AcceptsNumbers && type is ScalarType.Int or ScalarType.Float)
                || (field.AcceptsIntegers && type == ScalarType.Int),
        };
        if (!ok)
        {
            WrongType(node, path, Expected(field));
            return;
        }
        if (field.Kind == FieldKind.Integer)
        {
            CheckRange(scalar, field, path);
        }
        else if (field.Kind != FieldKind.Boolean && field.Format is { } format && format.Check(scalar.Value) is { } problem)
        {
            Report(scalar, format.Code, path, problem, hint ?? format.Hint);
        }
    }

    private void CheckRange(YScalar scalar, SchemaField field, string path)
    {
        if (!long.TryParse(scalar.Value, out var value) || value < (field.Minimum ?? long.MinValue) || value > (field.Maximum ?? long.MaxValue))
        {
            Report(scalar, DiagnosticCodes.InvalidValue, path,
                $"'{scalar.Value}' must be a whole number between {field.Minimum} and {field.Maximum}");
        }
    }

    private void WrongType(YNode node, string path, string expected)
    {
        var hint = node switch
        {
            YScalar { Type: ScalarType.Bool } when expected == "a string or an integer" => "server options take ON or OFF: write \"ON\" or \"OFF\"",
            YScalar { IsPlain: true } scalar when expected is "a string" or "a string or an integer" => $"quote it: \"{scalar.Value}\"",
            _ => null,
        };
        Report(node, DiagnosticCodes.WrongType, path, $"expected {expected}, got {Article(node.KindName)}", hint);
    }

    private static string Expected(SchemaField field) => field.Kind switch
    {
        FieldKind.Integer => "an integer",
        FieldKind.Boolean => "a boolean (true or false)",
        _ when field.AcceptsNumbers => "a quantity",
        _ when field.AcceptsIntegers => "a string or an integer",
        _ => "a string",
    };

    private static string Article(string kind) => kind is "integer" ? "an integer" : kind == "null" ? "null" : $"a {kind}";

    private static readonly string[] CoreTags = ["str", "int", "bool", "float", "null", "map", "seq"];

    /// <summary>Only the core schema's tags; <c>!!binary</c> or custom tags would change what a value means.</summary>
    private static bool IsCoreTag(string tag) =>
        CoreTags.Any(t => tag == "!!" + t || tag == "tag:yaml.org,2002:" + t);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private void Report(YNode at, string code, string path, string message, string? hint = null) =>
        diagnostics.Error(file, at.Position, code, $"{subject} {path}".Trim(), message, hint);
}
