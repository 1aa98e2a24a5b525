# Readiness: an authenticated SELECT 1 over the server's socket. Self-contained (uses nothing from lib.sh): the
# password reaches the client through an option file on a pipe (never argv), double-quoted with \ " and control
# characters escaped byte by byte (as lib.sh's option_value). The server starts only after the init container has
# initialised and restored the data directory, so a ready answer means the restore decision is final.
set -eu -o pipefail
password=$(<"$MYSQL_ROOT_PASSWORD_FILE")
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
client=mysql
command -v mysql >/dev/null 2>&1 || client=mariadb
[ "$("$client" --defaults-extra-file=<(printf '[client]\nuser=root\npassword="%s"\nsocket=/var/run/mysqld/mysqld.sock\n' "$quoted") \
    --protocol=socket --connect-timeout=3 --batch --skip-column-names -e 'SELECT 1')" = 1 ]
