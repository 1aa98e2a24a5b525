# Readiness: an authenticated SELECT 1 over TCP (runs after lib.sh). TCP on purpose: the image's entrypoint first
# runs a temporary server with networking off while it initialises, and that one must not count as ready.
set -eu -o pipefail
SCRIPT=readiness
trap remove_client_files EXIT
MYSQL_CLIENT=$(first_program mysql mariadb)
write_option_file "$MYSQL_ROOT_PASSWORD_FILE" 127.0.0.1 3306
sql 'SELECT 1' >/dev/null
