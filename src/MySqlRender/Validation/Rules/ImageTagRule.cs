using MySqlRender.Model;
using MySqlRender.Schema;
using MySqlRender.Schema.Formats;
using MySqlRender.Shared;

namespace MySqlRender.Validation.Rules;

/// <summary>A moving tag makes the rendered output mean different servers over time: warn about it.</summary>
public sealed class ImageTagRule : IResourceRule
{
    public void Check(MySqlResource resource, RuleContext context)
    {
        var image = resource.Spec.Image;
        if (ImageReference.HasDigest(image))
        {
            return;
        }
        var tag = ImageReference.TagOf(image);
        if (tag is null or "latest")
        {
            context.Report(resource, "spec.image", Severity.Warning, DiagnosticCodes.LatestImage,
                $"'{image}' uses the moving 'latest' tag; a restart may bring a new major version",
                $"pin a version, e.g. {MySqlRender.Schema.MySqlSchema.DefaultImage}");
        }
    }
}
