using MySqlRender.Rendering;

namespace MySqlRender.Tests.Templates;

/// <summary>
/// The ConfigMaps carry the scripts without their comment lines (Rendering/ScriptComments.cs). Removing them must
/// leave the very program bash runs: bash prints a function back from its parse tree, without comments and with
/// here-documents kept (bash manual, "Bash Builtins": declare -f), so each script wrapped in a function must print
/// the same before and after. The behaviour tests that run the commented files from templates/scripts therefore
/// prove the ConfigMaps' copies too.
/// </summary>
public sealed class ScriptCommentsTests
{
    public static TheoryData<string> Scripts() =>
        [.. Directory.EnumerateFiles(RepoPaths.Of("templates", "scripts"), "*.sh").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Bash_parses_the_stripped_script_to_the_same_program(string script)
    {
        var source = File.ReadAllText(RepoPaths.Of("templates", "scripts", script));
        var carried = TemplateSet.Embedded.Text("scripts/" + script);

        Assert.True(carried.Length < source.Length, "the embedded copy still has its comments");
        Assert.Equal(AsBashPrintsIt(source), AsBashPrintsIt(carried));
    }

    [Fact]
    public void The_copy_says_what_it_is_in_its_first_line()
    {
        var carried = TemplateSet.Embedded.Text("scripts/backup.sh");

        Assert.StartsWith("# scripts/backup.sh of the mysqlrender templates, without its comment lines\n", carried);
        Assert.DoesNotContain("\n#", carried.Split('\n', 2)[1]);
        Assert.StartsWith("#!/bin/sh\n# scripts/x.sh of", ScriptComments.Strip("scripts/x.sh", "#!/bin/sh\n# about\necho\n"));
    }

    [Fact]
    public void Comment_lines_inside_here_documents_quotes_and_continued_lines_stay()
    {
        const string script = """
            #!/bin/sh
            # a comment
              # an indented comment
            mysql <<'SQL'
            # a MySQL comment the server must see
            SELECT 1;
            SQL
            cat <<-EOF
            	# tab-indented here-document line
            	EOF
            echo "a string
            # that spans lines"
            echo 'don''t
            # stop'
            printf '%s\n' one \
            # a continued line is an argument list
            echo done # don't stop at this apostrophe
            echo $'it\'s' "$#" "${#PATH}"
            # the last comment

            """;

        var stripped = ScriptComments.Strip("scripts/x.sh", script);

        Assert.Equal("""
            #!/bin/sh
            # scripts/x.sh of the mysqlrender templates, without its comment lines
            mysql <<'SQL'
            # a MySQL comment the server must see
            SELECT 1;
            SQL
            cat <<-EOF
            	# tab-indented here-document line
            	EOF
            echo "a string
            # that spans lines"
            echo 'don''t
            # stop'
            printf '%s\n' one \
            # a continued line is an argument list
            echo done # don't stop at this apostrophe
            echo $'it\'s' "$#" "${#PATH}"

            """, stripped);
    }

    [Fact]
    public void A_script_whose_quotes_do_not_close_is_kept_as_it_is()
    {
        const string script = "#!/bin/sh\n# comment\necho \"never closed\n# inside\n";

        Assert.Equal(script, ScriptComments.Strip("scripts/x.sh", script));
    }

    [Fact]
    public void A_comment_only_edit_keeps_the_scripts_ConfigMap_and_the_Deployment()
    {
        using var templates = new TempFolder();
        var library = File.ReadAllText(RepoPaths.Of("templates", "scripts", "lib.sh"));
        templates.Write("scripts/lib.sh", library.Replace("\n# ", "\n# reworded: ", StringComparison.Ordinal) + "# a new closing comment\n");

        var before = CliRunner.Run("render", "examples/seed");
        var after = CliRunner.Run("render", "examples/seed", "--templates", templates.Path);

        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Equal(before.Stdout, after.Stdout);
    }

    /// <summary>The script as bash's parser sees it: wrapped in a function and printed back by declare -f.</summary>
    private static string AsBashPrintsIt(string script)
    {
        using var folder = new TempFolder();
        var file = folder.Write("wrapped.sh", "wrapped() {\n" + script + "\n}\ndeclare -f wrapped\n");
        var result = ProcessRunner.Run("bash", ["--norc", "--noprofile", file]);
        Assert.True(result.ExitCode == 0 && result.Stdout.Length > 0, script.Split('\n')[0] + ": " + result.Stderr);
        return result.Stdout;
    }
}
