#!/bin/bash
# A model of the official mysql image's entrypoint (docker-library/mysql, 8.4/docker-entrypoint.sh, ENTRYPOINT
# ["docker-entrypoint.sh"] with CMD ["mysqld"] in 8.4/Dockerfile.oracle), written for this harness and run on
# Debian's MariaDB. It keeps the behaviour that decides data safety:
#   - `docker-entrypoint.sh -x ...` means `mysqld -x ...`; any other command is exec'ed as is.
#   - MYSQL_ROOT_PASSWORD / MYSQL_DATABASE / MYSQL_ROOT_HOST (default %) / MYSQL_USER / MYSQL_PASSWORD and their
#     _FILE variants (both set is fatal; a file's value loses its trailing newlines, as `$(< file)` does).
#   - the data directory counts as initialised when DATADIR/mysql exists (DATABASE_ALREADY_EXISTS); then it only
#     execs mysqld.
#   - otherwise: refuse to run without a password option; `mysqld --initialize-insecure`, which (MySQL 8) aborts when
#     the data directory holds anything, lost+found included; a temporary server with --skip-networking on the
#     socket; the root SQL with the password pasted between single quotes WITHOUT escaping (a ' is a syntax error
#     that aborts the script after the insecure initialisation; a \ starts an escape and changes the password);
#     CREATE DATABASE for MYSQL_DATABASE; shutdown; exec mysqld.
# What differs, and why:
#   - mariadbd has no --initialize-insecure: mariadb-install-db --auth-root-authentication-method=normal makes the
#     same state (root@localhost without a password), after the same non-empty-directory check MySQL 8 makes.
#   - mariadb-install-db's extra root accounts (127.0.0.1, ::1, the host name) are removed, as MySQL never makes them.
#   - mariadbd has no --daemonize: the temporary server is started in the background and waited for on its socket.
#   - time zone tables (mysql_tzinfo_to_sql) are not loaded; /docker-entrypoint-initdb.d is empty (the rendered pods
#     mount nothing there); starting as root (gosu step-down) is not modelled: the rendered pods never run as root.
set -eo pipefail
shopt -s nullglob

note() { printf '%s [Note] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*"; }
fail() {
    printf '%s [ERROR] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*" >&2
    exit 1
}

file_env() {
    local var=$1 fileVar="${1}_FILE" def=${2:-} val
    if [ "${!var:-}" ] && [ "${!fileVar:-}" ]; then
        fail "Both $var and $fileVar are set (but are exclusive)"
    fi
    val=$def
    if [ "${!var:-}" ]; then
        val=${!var}
    elif [ "${!fileVar:-}" ]; then
        val=$(<"${!fileVar}")
    fi
    export "$var"="$val"
    unset "$fileVar"
}

get_config() {
    local conf=$1
    shift
    "$@" --verbose --help 2>/dev/null | awk -v conf="$conf" '$1 == conf && /^[^ \t]/ { sub(/^[^ \t]+[ \t]+/, ""); print; exit }'
}

passfile() {
    [ "${1:-}" = --dont-use-mysql-root-password ] || [ -z "$MYSQL_ROOT_PASSWORD" ] && return 0
    printf '[client]\nuser=root\npassword="%s"\n' "$MYSQL_ROOT_PASSWORD"
}

process_sql() {
    local passArgs=()
    if [ "$1" = --dont-use-mysql-root-password ]; then
        # The empty option file names no user; earlier entrypoints passed -uroot, the model does (the client would
        # otherwise log in as the uid's name).
        passArgs=("$1")
        set -- --user=root "${@:2}"
    fi
    [ -n "$MYSQL_DATABASE" ] && set -- --database="$MYSQL_DATABASE" "$@"
    mysql --defaults-extra-file=<(passfile "${passArgs[@]}") --protocol=socket -hlocalhost --socket="$SOCKET" --comments "$@"
}

initialize_insecure() {
    local entries=("$DATADIR"/* "$DATADIR"/.[!.]*)
    if [ ${#entries[@]} -gt 0 ]; then
        # MySQL 8: "[ERROR] [MY-010457] [Server] --initialize specified but the data directory has files in it. Aborting."
        fail "--initialize specified but the data directory has files in it. Aborting. (${entries[*]##*/})"
    fi
    note "Initializing database files"
    mariadb-install-db --datadir="$DATADIR" --auth-root-authentication-method=normal --skip-test-db >/dev/null
    note "Database files initialized"
}

# mysql_install_db also creates root@127.0.0.1, root@::1 and root@HOSTNAME; MySQL's --initialize-insecure creates
# root@localhost only (and its system accounts). The model removes the extra ones so 'root'@'%' is what TCP matches.
insecure_accounts_as_mysql() {
    mysql --user=root --protocol=socket --socket="$SOCKET" <<<"DELETE FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost'; DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES;"
}

temp_server_start() {
    "$@" --skip-networking --default-time-zone=SYSTEM --socket="$SOCKET" &
    local i
    for ((i = 0; i < 300; i++)); do
        mysqladmin --socket="$SOCKET" --user=root ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    fail "Unable to start server."
}

setup_db() {
    local rootCreate= passwordSet
    if [ -n "$MYSQL_ROOT_HOST" ] && [ "$MYSQL_ROOT_HOST" != localhost ]; then
        rootCreate="CREATE USER 'root'@'${MYSQL_ROOT_HOST}' IDENTIFIED BY '${MYSQL_ROOT_PASSWORD}' ;
GRANT ALL ON *.* TO 'root'@'${MYSQL_ROOT_HOST}' WITH GRANT OPTION ;"
    fi
    passwordSet="ALTER USER 'root'@'localhost' IDENTIFIED BY '${MYSQL_ROOT_PASSWORD}' ;"
    process_sql --dont-use-mysql-root-password --database=mysql <<EOSQL
SET autocommit = 1;
SET @@SESSION.SQL_LOG_BIN=0;
${passwordSet}
GRANT ALL ON *.* TO 'root'@'localhost' WITH GRANT OPTION ;
FLUSH PRIVILEGES ;
${rootCreate}
DROP DATABASE IF EXISTS test ;
EOSQL
    if [ -n "$MYSQL_DATABASE" ]; then
        note "Creating database ${MYSQL_DATABASE}"
        process_sql --database=mysql <<<"CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\` ;"
    fi
}

main() {
    [ "${1:0:1}" = - ] && set -- mysqld "$@"
    [ "$1" = mysqld ] || exec "$@"
    note "Entrypoint script for MySQL Server (model, MariaDB $(mariadbd --version | awk '{print $3}')) started."
    DATADIR=$(get_config datadir "$@")
    DATADIR=${DATADIR%/}
    SOCKET=$(get_config socket "$@")
    file_env MYSQL_ROOT_HOST '%'
    file_env MYSQL_DATABASE
    file_env MYSQL_USER
    file_env MYSQL_PASSWORD
    file_env MYSQL_ROOT_PASSWORD
    mkdir -p "$DATADIR" "$(dirname "$SOCKET")"
    [ "$(id -u)" != 0 ] || fail "the model does not start as root (the image would step down with gosu)"
    if [ ! -d "$DATADIR/mysql" ]; then
        [ -n "$MYSQL_ROOT_PASSWORD" ] || [ -n "$MYSQL_ALLOW_EMPTY_PASSWORD" ] || [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ] ||
            fail "Database is uninitialized and password option is not specified"
        initialize_insecure
        note "Starting temporary server"
        temp_server_start "$@"
        insecure_accounts_as_mysql
        note "Temporary server started."
        setup_db
        note "Stopping temporary server"
        mysqladmin --defaults-extra-file=<(passfile) shutdown --socket="$SOCKET" || fail "Unable to shut down server."
        wait
        note "Temporary server stopped"
        note "MySQL init process done. Ready for start up."
    fi
    exec "$@"
}

main "$@"
