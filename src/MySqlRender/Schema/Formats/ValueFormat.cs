using MySqlRender.Shared;

namespace MySqlRender.Schema.Formats;

/// <summary>
/// A named rule for a string value. <see cref="Pattern"/> (when the rule is expressible as a regex) also goes into
/// the CRD and JSON Schema; <see cref="Check"/> is the full rule and returns a message, or null when valid.
/// </summary>
public sealed record ValueFormat(string Name, string Description, Func<string, string?> Check, string? Pattern = null, int? MaxLength = null)
{
    /// <summary>The diagnostic code of a value that fails <see cref="Check"/>.</summary>
    public string Code { get; init; } = DiagnosticCodes.InvalidValue;

    /// <summary>What to do about a failing value, when the message does not say it already.</summary>
    public string? Hint { get; init; }
}
