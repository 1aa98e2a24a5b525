namespace MySqlRender.Validation.Formats;

/// <summary>
/// A named rule for a string value. <see cref="Pattern"/> (when the rule is expressible as a regex) also goes into
/// the CRD and JSON Schema; <see cref="Check"/> is the full rule and returns a message, or null when valid.
/// </summary>
public sealed record ValueFormat(string Name, string Description, Func<string, string?> Check, string? Pattern = null, int? MaxLength = null);
