#!/usr/bin/env bash
# Regenerates server-options.txt: MySQL names from a mysql-server source checkout (MYSQL_SOURCE, a git directory or
# work tree at the release tag), MariaDB names from the installed mariadbd. Keeps the header of the current file.
set -eu -o pipefail
here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
source=${MYSQL_SOURCE:?set MYSQL_SOURCE to a mysql-server checkout (git directory) of the release to list}
mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
variables() { awk '/^Variables \(--variable-name=value\)/{f=1;next} f&&/^-+ -+$/{next} f&&NF==0{exit} f{print $1}'; }
{
    git -C "$source" show HEAD:mysql-test/r/mysqld--help-notwin.result | variables
    git -C "$source" ls-tree -r HEAD --name-only mysql-test/suite/sys_vars/t/ | sed -n 's|.*/\([a-z0-9_]*\)_basic\.test$|\1|p'
    "$mariadbd" --no-defaults --verbose --help 2>/dev/null | variables
} | tr '-' '_' | LC_ALL=C sort -u >"$here/names.tmp"
{ grep '^#' "$here/server-options.txt"; cat "$here/names.tmp"; } >"$here/server-options.new"
rm "$here/names.tmp"
mv "$here/server-options.new" "$here/server-options.txt"
