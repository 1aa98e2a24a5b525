namespace MySqlRender.Tests.Drills;

/// <summary>
/// lib.sh's dump_manifest reads the dump text the backup wrote and counts its rows. The two formats are those of
/// mysqldump (MySQL 8 client/mysqldump.cc: every extended INSERT on one line, views as "Temporary view structure" then
/// "Final view structure") and mariadb-dump 10.11 (one tuple per line after "INSERT INTO `t` VALUES"; "Temporary
/// table structure for view"); strings are escaped by mysql_real_escape_string (\' \\ \n \r \0 \Z), names are
/// backtick-quoted with `` for a backtick.
/// </summary>
public sealed class DumpManifestTests
{
    private const string MySqlDump = """
        -- MySQL dump 10.13  Distrib 8.4.3, for Linux (x86_64)
        --
        -- Table structure for table `orders`
        --

        CREATE TABLE `orders` (
          `id` int NOT NULL,
          `note` text,
          PRIMARY KEY (`id`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

        --
        -- Dumping data for table `orders`
        --

        LOCK TABLES `orders` WRITE;
        /*!40000 ALTER TABLE `orders` DISABLE KEYS */;
        INSERT INTO `orders` VALUES (1,'a),(b'),(2,'it\'s \\ ),( x'),(3,'new\nline'),(4,'\''),(5,NULL),(6,0x29282C);
        INSERT INTO `orders` VALUES (7,'second chunk');
        /*!40000 ALTER TABLE `orders` ENABLE KEYS */;
        UNLOCK TABLES;

        --
        -- Table structure for table `we``ird	name`
        --

        CREATE TABLE `we``ird	name` (`x` int);

        --
        -- Temporary view structure for view `open_orders`
        --

        /*!50001 CREATE VIEW `open_orders` AS SELECT 1 AS `id`*/;

        --
        -- Final view structure for view `open_orders`
        --

        /*!50001 VIEW `open_orders` AS select `orders`.`id` AS `id` from `orders` */;
        -- Dump completed on 2026-12-01 10:00:00

        """;

    [Fact]
    public void Counts_the_tuples_of_mysqldump_extended_inserts_whatever_their_strings_hold()
    {
        var result = ShellLibrary.Run("dump_manifest", stdin: MySqlDump);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith("# mysqlrender dump manifest v1:", result.Stdout);
        Assert.Equal(
            [("table", "7", "orders"), ("table", "0", "we`ird\tname"), ("view", "-", "open_orders")],
            ShellLibrary.ParseManifest(result.Stdout));
    }

    [Fact]
    public void Counts_mariadb_dump_tuples_written_one_per_line()
    {
        var dump = """
            -- Table structure for table `t`
            INSERT INTO `t` VALUES
            (1,'a),(b',NULL),
            (2,'it\'s \\ ),( x;',0x00FF27),
            (3,'ends with a semicolon;','');
            INSERT INTO `t` VALUES
            (4,'\'',0x29);
            --
            -- Temporary table structure for view `v`
            --
            -- Final view structure for view `v`
            -- Dump completed on 2026-12-01 10:00:00

            """;

        var result = ShellLibrary.Run("dump_manifest", stdin: dump);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal([("table", "4", "t"), ("view", "-", "v")], ShellLibrary.ParseManifest(result.Stdout));
    }

    /// <summary>
    /// A table with a generated or invisible column is dumped with its column list ("INSERT INTO `t` (`a`, `b`)
    /// VALUES ...": MySQL 8 client/mysqldump.cc sets complete_insert for it; MariaDB's generated invisible primary
    /// keys and INVISIBLE columns likewise); the list's parentheses are not rows.
    /// </summary>
    [Fact]
    public void Counts_the_rows_of_an_insert_that_names_its_columns()
    {
        var dump = """
            -- Table structure for table `g`
            INSERT INTO `g` (`id`, `a)b`, `we``ird, (name`) VALUES (1,'x',2),(2,'(y)',3);
            INSERT INTO `g` (`id`, `a)b`, `we``ird, (name`) VALUES
            (3,'z',4);
            -- Dump completed on 2026-12-01 10:00:00

            """;

        var result = ShellLibrary.Run("dump_manifest", stdin: dump);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal([("table", "3", "g")], ShellLibrary.ParseManifest(result.Stdout));
    }

    [Theory]
    [InlineData("INSERT INTO `t` VALUES (1,'never closed);\n", "dump line 1: unterminated string in an INSERT statement")]
    [InlineData("INSERT INTO `t` (`a` VALUES (1);\n", "dump line 1: unreadable column list")]
    [InlineData("INSERT INTO `t` (`a`) (1);\n", "dump line 1: expected VALUES after the table name")]
    [InlineData("INSERT INTO `t` VALUES\n(1),\n", "the dump ends inside an INSERT statement for t")]
    public void A_dump_it_cannot_read_is_an_error_not_a_guess(string dump, string message)
    {
        var result = ShellLibrary.Run("dump_manifest", stdin: dump);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void Writing_the_manifest_of_an_unreadable_dump_fails_and_leaves_no_file()
    {
        using var temp = new TempFolder();
        var dump = temp.Of("x-20260101T000000Z.sql.gz");
        var gzip = ProcessRunner.Run("/bin/bash", ["-c", "printf 'INSERT INTO `t` VALUES\\n(1),\\n' | gzip -c >\"$1\"", "_", dump]);
        Assert.Equal(0, gzip.ExitCode);

        var result = ShellLibrary.Run("write_dump_manifest \"$1\" \"$1.manifest\"".Replace("$1", dump));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"could not read the tables and row counts of {dump}", result.Stderr);
        Assert.Equal(["x-20260101T000000Z.sql.gz"], Directory.EnumerateFiles(temp.Path).Select(Path.GetFileName));
    }
}
