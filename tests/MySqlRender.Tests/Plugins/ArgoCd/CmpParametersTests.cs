using MySqlRender.Plugins.ArgoCd;

namespace MySqlRender.Tests.Plugins.ArgoCd;

/// <summary>In-process checks of parameter parsing and of the repository boundary (the sidecar tests cover the rest).</summary>
public sealed class CmpParametersTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    public void No_parameters_means_nothing_set(string? json)
    {
        var environment = json is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["ARGOCD_APP_PARAMETERS"] = json };

        Assert.Equal(CmpParameters.None, CmpParameters.Parse(environment));
    }

    [Fact]
    public void Every_parameter_is_read_from_the_json_and_PARAM_variables_are_then_ignored()
    {
        var parameters = CmpParameters.Parse(new Dictionary<string, string>
        {
            ["ARGOCD_APP_PARAMETERS"] = """[{"name":"labels","map":{"team":"a\u002db","app.example.com/tier":"db"}},"""
                + """{"name":"namespace","string":"shop"},{"name":"only-mysql","string":"true"},{"name":"strict","string":"false"}]""",
            ["PARAM_STRICT"] = "not even valid",
        });

        Assert.Equal(("shop", false, true), (parameters.Namespace, parameters.Strict, parameters.OnlyMySql));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "a-b", ["app.example.com/tier"] = "db" }, parameters.Labels);
    }

    [Fact]
    public void A_label_value_that_is_not_a_valid_label_value_is_refused_even_when_json_escaped()
    {
        var error = Assert.Throws<CmpParameterException>(() => CmpParameters.Parse(new Dictionary<string, string>
        {
            ["ARGOCD_APP_PARAMETERS"] = """[{"name":"labels","map":{"team":"a\u003cb"}}]""",
        }));

        Assert.Contains("the value of \"team\" is not a valid label value", error.Message);
    }

    [Fact]
    public void An_entry_without_a_value_counts_as_not_set()
    {
        var parameters = CmpParameters.Parse(new Dictionary<string, string>
        {
            ["ARGOCD_APP_PARAMETERS"] = """[{"name":"strict"},{"name":"labels","map":null}]""",
        });

        Assert.Equal(CmpParameters.None, parameters);
    }

    [Fact]
    public void Without_json_the_PARAM_variables_are_read()
    {
        var parameters = CmpParameters.Parse(new Dictionary<string, string>
        {
            ["ARGOCD_APP_PARAMETERS"] = "null",
            ["PARAM_NAMESPACE"] = "data",
            ["PARAM_ONLY_MYSQL"] = "false",
        });

        Assert.Equal(new CmpParameters("data", null, false, null), parameters);
    }

    [Theory]
    [InlineData("/tmp/_cmp_server/u1/apps/shop", "apps/shop", "/tmp/_cmp_server/u1")]
    [InlineData("/tmp/_cmp_server/u1/apps/shop", "./apps/shop/", "/tmp/_cmp_server/u1")]
    [InlineData("/tmp/_cmp_server/u1", ".", "/tmp/_cmp_server/u1")]
    [InlineData("/tmp/_cmp_server/u1/apps/shop", null, "/tmp/_cmp_server/u1/apps/shop")]
    [InlineData("/tmp/_cmp_server/u1/apps/shop", "other/path", "/tmp/_cmp_server/u1/apps/shop")]
    public void The_repository_root_is_the_app_folder_minus_the_source_path_or_else_the_app_folder(string app, string? sourcePath, string root)
    {
        Assert.Equal(root, RepositoryRoot.Of(app, sourcePath));
    }
}
