#!/usr/bin/env bash
# A private, throw-away MariaDB server on 127.0.0.1 for end-to-end tests.
#
#   mariadb-server.sh start               start (or reuse) the server; prints PORT=, SOCKET=, DIR=, PID=
#   mariadb-server.sh stop                stop it and delete its data (no-op when not running)
#   mariadb-server.sh env                 print PORT=, SOCKET=, DIR=, PID= of the running server (exit 1 if none)
#   mariadb-server.sh root-password FILE  create/update 'root'@'%' with the password read from FILE
#                                         (trailing newlines stripped, as the mysql image does)
#   mariadb-server.sh client [ARGS...]    run the MariaDB client (utf8mb4) as root over the socket (admin access)
#
# Environment:
#   MARIADB_E2E_DIR            state folder (datadir, socket, logs); default ${TMPDIR:-/tmp}/mysqlrender-mariadb-<uid>
#   MARIADB_E2E_PORT           fixed TCP port instead of a random free one
#   MARIADB_E2E_START_TIMEOUT  seconds to wait for the server to accept connections (default 60)
#
# Works from Debian's `mariadb-server mariadb-client` packages without touching the system service: every
# program runs with --no-defaults, the datadir, socket and pid file live in the state folder, and the
# server listens on 127.0.0.1 only. root@localhost (socket, no password) is the admin account; TCP clients
# match only 'root'@'%' because the server runs with --skip-name-resolve.
set -eu -o pipefail

STATE_DIR=${MARIADB_E2E_DIR:-${TMPDIR:-/tmp}/mysqlrender-mariadb-$(id -u)}
DATA_DIR=$STATE_DIR/data
SOCKET=$STATE_DIR/mysqld.sock
PID_FILE=$STATE_DIR/mysqld.pid
PORT_FILE=$STATE_DIR/port
ERROR_LOG=$STATE_DIR/error.log
START_TIMEOUT=${MARIADB_E2E_START_TIMEOUT:-60}

die() {
    printf 'mariadb-server.sh: %s\n' "$*" >&2
    exit 1
}

find_program() {
    local name
    for name in "$@"; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
        if [ -x "/usr/sbin/$name" ]; then
            printf '%s\n' "/usr/sbin/$name"
            return 0
        fi
    done
    die "none of [$*] found; install the Debian packages: apt-get install mariadb-server mariadb-client"
}

server_pid() {
    local pid
    [ -s "$PID_FILE" ] || return 1
    pid=$(<"$PID_FILE")
    [ -r "/proc/$pid/cmdline" ] || return 1
    # The pid must still be our server (a recycled pid must never be killed).
    [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" == *"--datadir=$DATA_DIR "* ]] || return 1
    printf '%s\n' "$pid"
}

admin_sql() {
    "$(find_program mariadb mysql)" --no-defaults --user=root --socket="$SOCKET" --connect-timeout=2 \
        --default-character-set=utf8mb4 --batch --skip-column-names "$@"
}

is_ready() {
    [ "$(admin_sql -e 'SELECT 1' 2>/dev/null)" = 1 ]
}

print_env() {
    printf 'PORT=%s\nSOCKET=%s\nDIR=%s\nPID=%s\n' "$(<"$PORT_FILE")" "$SOCKET" "$STATE_DIR" "$(server_pid)"
}

# A port nobody on this machine has bound (any TCP socket in /proc/net/tcp{,6}); the server start still
# retries on a bind race.
free_port() {
    local port tries=0
    if [ -n "${MARIADB_E2E_PORT:-}" ]; then
        printf '%s\n' "$MARIADB_E2E_PORT"
        return 0
    fi
    while [ $tries -lt 50 ]; do
        tries=$((tries + 1))
        port=$((20000 + RANDOM % 40000))
        if ! awk -v suffix="$(printf ':%04X' "$port")" '
                substr($2, length($2) - 4) == suffix { used = 1 }
                END { exit !used }' /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    die "no free TCP port found"
}

initialize_datadir() {
    local install_db user_args=()
    install_db=$(find_program mariadb-install-db mysql_install_db)
    [ "$(id -u)" -eq 0 ] && user_args=(--user=root)
    mkdir -p "$STATE_DIR"
    chmod 700 "$STATE_DIR"
    if ! "$install_db" --no-defaults "${user_args[@]}" --datadir="$DATA_DIR" \
        --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
        >"$STATE_DIR/install.log" 2>&1; then
        cat "$STATE_DIR/install.log" >&2
        die "initializing $DATA_DIR failed"
    fi
}

# Starts mariadbd in the background; returns 2 when the port was taken meanwhile, 1 on other failures.
launch() {
    local port=$1 server user_args=() deadline
    server=$(find_program mariadbd mysqld)
    [ "$(id -u)" -eq 0 ] && user_args=(--user=root)
    printf '%s\n' "$port" >"$PORT_FILE"
    : >"$ERROR_LOG"
    # setsid + closed stdio: the server must not hold the caller's terminal or a $(...) pipe open.
    setsid "$server" --no-defaults "${user_args[@]}" --datadir="$DATA_DIR" --socket="$SOCKET" \
        --pid-file="$PID_FILE" --log-error="$ERROR_LOG" --port="$port" --bind-address=127.0.0.1 \
        --skip-name-resolve --tmpdir="$STATE_DIR" --innodb-buffer-pool-size=32M \
        --log-bin=mysql-bin --server-id=1 --max-allowed-packet=64M \
        </dev/null >>"$STATE_DIR/mariadbd.out" 2>&1 &
    local launched=$!
    deadline=$((SECONDS + START_TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
        if is_ready; then
            return 0
        fi
        if ! kill -0 "$launched" 2>/dev/null; then
            grep -qiE 'address already in use|bind on tcp/ip port' "$ERROR_LOG" && return 2
            tail -n 20 "$ERROR_LOG" >&2
            return 1
        fi
        sleep 0.2
    done
    tail -n 20 "$ERROR_LOG" >&2
    kill -KILL "$launched" 2>/dev/null || true
    printf 'mariadb-server.sh: server did not accept connections within %ss\n' "$START_TIMEOUT" >&2
    return 1
}

# Only root@localhost (socket admin) stays; TCP logins go through 'root'@'%' (see root-password).
secure_accounts() {
    admin_sql -e "
        DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '%'));
        FLUSH PRIVILEGES;"
}

cmd_start() {
    local attempt rc
    if server_pid >/dev/null && is_ready; then
        print_env
        return 0
    fi
    cmd_stop >/dev/null
    initialize_datadir
    for attempt in 1 2 3; do
        rc=0
        launch "$(free_port)" || rc=$?
        [ $rc -eq 2 ] && [ -z "${MARIADB_E2E_PORT:-}" ] && continue
        [ $rc -eq 0 ] || die "MariaDB failed to start (log: $ERROR_LOG)"
        secure_accounts
        print_env
        return 0
    done
    die "MariaDB could not bind a free port after $attempt attempts"
}

cmd_stop() {
    local pid deadline
    if pid=$(server_pid); then
        kill -TERM "$pid"
        deadline=$((SECONDS + 30))
        while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
            sleep 0.2
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    # Only ever delete a folder that looks like ours.
    if [ -d "$STATE_DIR" ] && { [ -d "$DATA_DIR" ] || [ -f "$PORT_FILE" ] || [ -f "$STATE_DIR/install.log" ]; }; then
        rm -rf -- "$STATE_DIR"
    fi
    echo "stopped"
}

cmd_env() {
    server_pid >/dev/null || die "no server running for $STATE_DIR"
    print_env
}

# The password travels as a hex literal: no quoting in SQL and never in argv.
cmd_root_password() {
    local file=${1:?usage: mariadb-server.sh root-password FILE} password hex
    password=$(<"$file")
    hex=$(printf '%s' "$password" | od -An -v -tx1 | tr -d ' \n')
    admin_sql <<SQL
CREATE USER IF NOT EXISTS 'root'@'%';
SET @mysqlrender_sql = CONCAT('ALTER USER ''root''@''%'' IDENTIFIED BY ', QUOTE(CONVERT(X'$hex' USING utf8mb4)));
PREPARE mysqlrender_stmt FROM @mysqlrender_sql;
EXECUTE mysqlrender_stmt;
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
env) cmd_env ;;
root-password) cmd_root_password "${2:-}" ;;
client)
    shift
    server_pid >/dev/null || die "no server running for $STATE_DIR"
    exec "$(find_program mariadb mysql)" --no-defaults --user=root --socket="$SOCKET" --default-character-set=utf8mb4 "$@"
    ;;
*)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
