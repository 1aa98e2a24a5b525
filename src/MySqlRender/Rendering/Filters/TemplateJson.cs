using System.Text.Json.Serialization;

namespace MySqlRender.Rendering.Filters;

/// <summary>Source-generated JSON string escaping (no reflection, Native AOT safe).</summary>
[JsonSerializable(typeof(string))]
public sealed partial class TemplateJson : JsonSerializerContext;
