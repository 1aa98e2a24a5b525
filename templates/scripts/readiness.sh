# mysqlrender readiness probe: an authenticated SELECT 1 over TCP to this pod's own server. TCP on purpose: the
# image's entrypoint first runs a temporary server with networking off while it initialises, and that one must not
# count as ready. Self-contained (no lib.sh), so that only a change to this file changes the server's scripts.
# The password reaches the client in an option file on a pipe: never in argv, env or a file on disk.
set -eu -o pipefail
password=$(<"$MYSQL_ROOT_PASSWORD_FILE") # strips trailing newlines, like the MySQL image's entrypoint

# A double-quoted option-file value; MySQL and MariaDB clients un-escape \\ \" \n \r \t (as lib.sh's option_value).
quoted=
for ((i = 0; i < ${#password}; i++)); do
    c=${password:i:1}
    case $c in
    \\ | \") quoted+="\\$c" ;;
    $'\n') quoted+='\n' ;;
    $'\r') quoted+='\r' ;;
    $'\t') quoted+='\t' ;;
    *) quoted+=$c ;;
    esac
done

client=$(command -v mysql || command -v mariadb)
"$client" --defaults-extra-file=<(printf '[client]\nuser=root\npassword="%s"\nhost=127.0.0.1\nport=3306\nprotocol=tcp\n' "$quoted") \
    --connect-timeout=3 --batch --skip-column-names -e 'SELECT 1' >/dev/null
