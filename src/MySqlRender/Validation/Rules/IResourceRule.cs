using MySqlRender.Model;

namespace MySqlRender.Validation.Rules;

/// <summary>A check across fields of one resource, run after the schema checks passed.</summary>
public interface IResourceRule
{
    void Check(MySqlResource resource, RuleContext context);
}
