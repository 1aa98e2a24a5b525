# mysqlrender restore drill: proves the newest complete dump restores. Starts a throwaway server of the instance's
# own image (mysqld or mariadbd) in this container, on a socket only (--skip-networking), with its datadir on the
# scratch volume; imports the dump; checks that every table and view the dump names exists and that every table's
# row count equals the count in the dump's manifest; records CHECKSUM TABLE. Writes DUMP.verified.json (read by the
# automatic restore: a dump whose drill failed is never restored automatically) and a one-line status. Never
# connects to the live server: it has no host, port or password to connect with.
# Environment (docs/backup-restore.md): BACKUP_DIR BACKUP_PREFIX MYSQL_DATABASE SCRATCH_DIR TMPDIR
# SERVER_START_TIMEOUT_SECONDS INNODB_BUFFER_POOL_SIZE TERMINATION_MESSAGE_PATH DRILL_REPORT_FOLLOWS
# shellcheck source=lib.sh
. "${BASH_SOURCE[0]%/*}/lib.sh"
set -eu -o pipefail
SCRIPT=verify
umask 077

DUMP=
RECORDED_SHA256=
STARTED_AT=
SERVER_PID=
SERVER_VERSION=
SOCKET=
TABLES_JSON=()
VIEWS_JSON=()
REPORTED=

check_env() {
    require_env BACKUP_DIR BACKUP_PREFIX MYSQL_DATABASE SCRATCH_DIR
    TMPDIR=${TMPDIR:-/tmp}
    SERVER_START_TIMEOUT_SECONDS=${SERVER_START_TIMEOUT_SECONDS:-300}
    INNODB_BUFFER_POOL_SIZE=${INNODB_BUFFER_POOL_SIZE:-128M}
    require_int SERVER_START_TIMEOUT_SECONDS
    [[ $INNODB_BUFFER_POOL_SIZE =~ ^[0-9]+[KMG]?$ ]] ||
        die "INNODB_BUFFER_POOL_SIZE must be a number with an optional K, M or G, got '$INNODB_BUFFER_POOL_SIZE'"
    [[ $BACKUP_PREFIX =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] ||
        die "BACKUP_PREFIX must be a plain name ([A-Za-z0-9._-]), got '$BACKUP_PREFIX'"
    [[ $MYSQL_DATABASE != -* && $MYSQL_DATABASE != *'`'* ]] || die "MYSQL_DATABASE must not start with '-' or contain '\`'"
    [ -d "$BACKUP_DIR" ] && [ -w "$BACKUP_DIR" ] ||
        die "BACKUP_DIR $BACKUP_DIR is not a writable directory (is the backup volume mounted?)"
    [ -d "$SCRATCH_DIR" ] && [ -w "$SCRATCH_DIR" ] ||
        die "SCRATCH_DIR $SCRATCH_DIR is not a writable directory (is the scratch volume mounted?)"
    [ -d "$TMPDIR" ] && [ -w "$TMPDIR" ] || die "TMPDIR $TMPDIR is not a writable directory"
    PATH=$PATH:/usr/sbin:/usr/local/sbin # where images keep mysqld / mariadbd
    SERVER_PROGRAM=$(first_program mysqld mariadbd)
    MYSQL_CLIENT=$(first_program mysql mariadb)
}

# The newest dump with its final name: the backup renames a dump only after writing its .sha256 and .manifest,
# so this is the newest COMPLETE dump. It is drilled even if it turns out to be damaged: that is the news.
choose_dump() {
    set -- "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz # oldest first
    [ $# -gt 0 ] || return 1
    DUMP=${!#}
    [ ! -s "$DUMP.sha256" ] || read -r RECORDED_SHA256 _ <"$DUMP.sha256" || true
}

# Whole-file checks before anything is imported; each failure is the drill's verdict.
check_dump_file() {
    local actual line
    [ -n "$RECORDED_SHA256" ] || fail_drill "its checksum file ${DUMP##*/}.sha256 is missing or empty"
    actual=$(file_sha256 "$DUMP")
    [ "$actual" = "$RECORDED_SHA256" ] ||
        fail_drill "sha256 mismatch (recorded $RECORDED_SHA256, the file has $actual): the dump is corrupt or truncated"
    gzip -t -- "$DUMP" 2>/dev/null || fail_drill "it is not a valid gzip file: the dump is corrupt or truncated"
    has_dump_trailer "$DUMP" || fail_drill "it has no '-- Dump completed' trailer: the dump is incomplete"
    [ -s "$DUMP.manifest" ] || fail_drill "its manifest ${DUMP##*/}.manifest is missing: the row counts cannot be checked"
    IFS= read -r line <"$DUMP.manifest" && [ "$line" = "$MANIFEST_HEADER" ] ||
        fail_drill "its manifest ${DUMP##*/}.manifest is not a mysqlrender v1 manifest"
}

# --raw: values as they are (JSON_QUOTE has already escaped tabs and newlines in names).
scratch_sql() {
    "$MYSQL_CLIENT" --no-defaults --user=root --socket="$SOCKET" --connect-timeout=5 --default-character-set=utf8mb4 \
        --batch --raw --skip-column-names "$@"
}

is_mariadb() {
    [[ $SERVER_VERSION == *MariaDB* ]]
}

# A fresh datadir with a passwordless root@localhost, reachable over the socket only.
initialize_scratch_server() {
    local user_args=() install_db
    SOCKET=$SCRATCH_DIR/mysqld.sock
    rm -rf -- "$SCRATCH_DIR/data" "$SCRATCH_DIR/tmp" "$SCRATCH_DIR/files" "$SOCKET"
    mkdir -p -- "$SCRATCH_DIR/tmp" "$SCRATCH_DIR/files"
    [ "$(id -u)" -ne 0 ] || user_args=(--user=root)
    SERVER_VERSION=$("$SERVER_PROGRAM" --no-defaults --version) || die "$SERVER_PROGRAM --version failed"
    log "initialising a scratch server ($SERVER_VERSION) in $SCRATCH_DIR/data"
    if is_mariadb; then
        install_db=$(first_program mariadb-install-db mysql_install_db)
        "$install_db" --no-defaults "${user_args[@]}" --datadir="$SCRATCH_DIR/data" --auth-root-authentication-method=normal \
            --skip-test-db --skip-name-resolve >"$SCRATCH_DIR/install.log" 2>&1
    else
        "$SERVER_PROGRAM" --no-defaults "${user_args[@]}" --initialize-insecure --datadir="$SCRATCH_DIR/data" \
            --tmpdir="$SCRATCH_DIR/tmp" --secure-file-priv="$SCRATCH_DIR/files" --log-error="$SCRATCH_DIR/install.log"
    fi || {
        tail -n 20 "$SCRATCH_DIR/install.log" >&2 || true
        die "initialising the scratch server failed (see above); the dump was not judged"
    }
}

start_scratch_server() {
    local user_args=() deadline
    [ "$(id -u)" -ne 0 ] || user_args=(--user=root)
    "$SERVER_PROGRAM" --no-defaults "${user_args[@]}" --datadir="$SCRATCH_DIR/data" --socket="$SOCKET" \
        --pid-file="$SCRATCH_DIR/mysqld.pid" --log-error="$SCRATCH_DIR/error.log" --tmpdir="$SCRATCH_DIR/tmp" \
        --secure-file-priv="$SCRATCH_DIR/files" \
        --skip-networking --skip-name-resolve --skip-log-bin --loose-mysqlx=OFF \
        --innodb-buffer-pool-size="$INNODB_BUFFER_POOL_SIZE" --innodb-flush-log-at-trx-commit=0 \
        --max-allowed-packet=1G --character-set-server=utf8mb4 </dev/null >>"$SCRATCH_DIR/server.out" 2>&1 &
    SERVER_PID=$!
    deadline=$((SECONDS + SERVER_START_TIMEOUT_SECONDS))
    until [ "$(scratch_sql -e 'SELECT 1' 2>/dev/null)" = 1 ]; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            tail -n 20 "$SCRATCH_DIR/error.log" >&2 || true
            die "the scratch server exited during start (see its log above); the dump was not judged"
        fi
        [ $SECONDS -lt $deadline ] ||
            die "the scratch server did not answer on $SOCKET within ${SERVER_START_TIMEOUT_SECONDS}s; the dump was not judged"
        sleep 1
    done
    log "scratch server up on $SOCKET (no TCP listener)"
}

stop_scratch_server() {
    local deadline
    [ -n "$SERVER_PID" ] || return 0
    scratch_sql -e 'SHUTDOWN' >/dev/null 2>&1 || kill -TERM "$SERVER_PID" 2>/dev/null || true
    deadline=$((SECONDS + 60))
    while kill -0 "$SERVER_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
        sleep 1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}

# The client's ERROR line (the MariaDB client prints the failing statement between dashes before it).
client_error() {
    local line first=
    while IFS= read -r line; do
        [ -n "$first" ] || first=$line
        if [[ $line == ERROR* ]]; then
            printf '%s\n' "$line"
            return 0
        fi
    done <"$1"
    printf '%s\n' "${first:-no message}"
}

# out_of_room CLIENT_ERROR: whether the import failed for want of disk or memory in the scratch server (MySQL/MariaDB
# error codes: 1114 the table is full, 1021 disk full, 1037 out of memory, 1041 out of resources; OS errno 28 ENOSPC).
out_of_room() {
    case $1 in
    "ERROR 1114 "* | "ERROR 1021 "* | "ERROR 1037 "* | "ERROR 1041 "* | *"Errcode: 28"* | *"errno: 28"* | *"error 28 "* | *"No space left on device"*) return 0 ;;
    esac
    return 1
}

import_dump() {
    local errors=$TMPDIR/verify-import.err error
    scratch_sql -e "CREATE DATABASE \`$MYSQL_DATABASE\`" || die "could not create the database in the scratch server"
    log "importing ${DUMP##*/} ($(file_size "$DUMP") bytes) into the scratch server"
    if ! gzip -dc -- "$DUMP" | "$MYSQL_CLIENT" --no-defaults --user=root --socket="$SOCKET" --default-character-set=utf8mb4 \
        --max-allowed-packet=1G --database="$MYSQL_DATABASE" 2>"$errors"; then
        kill -0 "$SERVER_PID" 2>/dev/null || die "the scratch server died during the import; the dump was not judged"
        error=$(client_error "$errors")
        if out_of_room "$error"; then
            # A verdict would be on the drill's pod, not on the dump: a failed one would keep it out of every restore.
            die "the drill could not judge ${DUMP##*/}: the scratch server ran out of room ($error). The dump is not" \
                "marked failed. Give the drill more: its scratch volume is spec.storage_size, its memory" \
                "spec.backup.verify.resources (a MEMORY table also needs the live server's max_heap_table_size)"
        fi
        fail_drill "the import failed: $error"
    fi
    rm -f -- "$errors"
}

# Checks one manifest line against the imported database; appends to TABLES_JSON / VIEWS_JSON.
check_object() {
    local kind=$1 expected=$2 hex=$3 row type json_name count checksum name_sql
    name_sql="CONVERT(X'$hex' USING utf8mb4)"
    row=$(scratch_sql --database="$MYSQL_DATABASE" -e "SELECT
        IFNULL((SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
            AND CAST(TABLE_NAME AS BINARY) = X'$hex'), 'missing'), JSON_QUOTE($name_sql)") ||
        die "could not query the scratch server"
    IFS=$'\t' read -r type json_name <<<"$row"
    if [ "$kind" = view ]; then
        [ "$type" = VIEW ] || fail_drill "view $json_name named in the dump is $type after the import"
        VIEWS_JSON+=("$json_name")
        log "view $json_name exists"
        return 0
    fi
    [ "$type" = "BASE TABLE" ] || fail_drill "table $json_name named in the dump is $type after the import"
    row=$(scratch_sql --database="$MYSQL_DATABASE" -e "SET @name = $name_sql;
        SET @count = CONCAT('SELECT COUNT(*) FROM \`', REPLACE(@name, '\`', '\`\`'), '\`');
        PREPARE count_rows FROM @count; EXECUTE count_rows; DEALLOCATE PREPARE count_rows;
        SET @checksum = CONCAT('CHECKSUM TABLE \`', REPLACE(@name, '\`', '\`\`'), '\`');
        PREPARE checksum_table FROM @checksum; EXECUTE checksum_table; DEALLOCATE PREPARE checksum_table;") ||
        die "could not count the rows of $json_name in the scratch server"
    { IFS= read -r count && IFS= read -r checksum; } <<<"$row" || true
    [[ $count =~ ^[0-9]+$ ]] || die "could not count the rows of $json_name in the scratch server (got '$count')"
    checksum=${checksum##*$'\t'}
    [[ $checksum =~ ^[0-9]+$ ]] || checksum=null
    TABLES_JSON+=("{\"name\": $json_name, \"rows\": $count, \"expectedRows\": $expected, \"checksum\": $checksum}")
    log "table $json_name: $count rows (manifest: $expected), CHECKSUM TABLE $checksum"
    [ "$count" = "$expected" ] ||
        fail_drill "table $json_name has $count rows after the import, the dump's manifest says $expected"
}

check_imported_objects() {
    local kind rows hex
    while IFS=$'\t' read -r kind rows hex; do
        case $kind in
        '#'*) continue ;;
        table | view) check_object "$kind" "$rows" "$hex" ;;
        *) fail_drill "its manifest has an unknown line kind '$kind'" ;;
        esac
    done <"$DUMP.manifest"
}

json_list() {
    local IFS=,
    printf '[%s]' "$*"
}

# write_report RESULT REASON: DUMP.verified.json, atomically. drill_verdict (lib.sh) reads the result and sha256
# lines, so each stays on a line of its own in exactly this form.
write_report() {
    local report=$DUMP.verified.json
    {
        printf '{\n'
        printf '  "result": "%s",\n' "$1"
        printf '  "sha256": "%s",\n' "${RECORDED_SHA256:-unknown}"
        printf '  "dump": %s,\n' "$(json_string "${DUMP##*/}")"
        printf '  "database": %s,\n' "$(json_string "$MYSQL_DATABASE")"
        printf '  "server": %s,\n' "$(json_string "${SERVER_VERSION:-not started}")"
        printf '  "startedAt": "%s",\n' "$STARTED_AT"
        printf '  "finishedAt": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf '  "durationSeconds": %s,\n' "$SECONDS"
        printf '  "reason": %s,\n' "$(if [ -n "$2" ]; then json_string "$2"; else printf null; fi)"
        printf '  "tables": %s,\n' "$(json_list "${TABLES_JSON[@]}")"
        printf '  "views": %s\n' "$(json_list "${VIEWS_JSON[@]}")"
        printf '}\n'
    } >"$report.partial"
    mv -f -- "$report.partial" "$report"
    REPORTED=1
}

# The dump failed its drill: recorded next to it (so no automatic restore picks it), then the Job fails. With
# DRILL_REPORT_FOLLOWS=true (a drill from the bucket) this container exits 0 after the verdict: the report container
# that runs after it uploads the report next to the remote dump and then fails the Job (s3-drill-report.sh).
fail_drill() {
    log "ERROR: the drill of ${DUMP##*/} FAILED: $*" >&2
    write_report failed "$*"
    report_status verify failed dump "${DUMP##*/}" verdict failed reason "$*" \
        durationSeconds "$SECONDS" verified false
    [ "${DRILL_REPORT_FOLLOWS:-false}" = true ] || exit 1
    log "the report container uploads the verdict and fails the Job" >&2
    exit 0
}

# EXIT: the scratch server always goes; a drill that could not judge the dump says so in its status.
finish() {
    local rc=$?
    stop_scratch_server
    if [ -z "$REPORTED" ] && [ "$rc" -ne 0 ]; then
        report_status verify failed dump "${DUMP##*/}" verdict none reason "the drill could not judge the dump" \
            durationSeconds "$SECONDS" exitCode "$rc"
    fi
}

main() {
    trap finish EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    SECONDS=0
    STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    check_env
    if ! choose_dump; then
        log "no dump of $BACKUP_PREFIX in $BACKUP_DIR yet; nothing to drill"
        REPORTED=1
        report_status verify skipped reason "no dump yet"
        return 0
    fi
    log "drilling ${DUMP##*/}"
    check_dump_file
    initialize_scratch_server
    start_scratch_server
    import_dump
    check_imported_objects
    write_report passed ""
    log "the drill of ${DUMP##*/} passed: ${#TABLES_JSON[@]} tables with the rows the backup counted, ${#VIEWS_JSON[@]} views"
    report_status verify succeeded dump "${DUMP##*/}" verdict passed size "$(file_size "$DUMP")" \
        tables "${#TABLES_JSON[@]}" views "${#VIEWS_JSON[@]}" durationSeconds "$SECONDS" verified true
}

main
