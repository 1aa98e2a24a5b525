# mysqlrender shell library, sourced by the scripts beside it in their ConfigMap (backup.sh, restore-check.sh, ...):
# containers run `/bin/bash /opt/mysqlrender/scripts/<script>.sh`. Functions and constants only; values come from
# env and files.
set -eu -o pipefail
export LC_ALL=C # byte-wise glob order: UTC-timestamped dump names sort oldest first
shopt -s nullglob
TS_GLOB='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z'
SCRIPT=${SCRIPT:-mysqlrender}
OPTION_FILE=
ERROR_FILE=
LAST_ERROR=

log() {
    printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$SCRIPT" "$*"
}

die() {
    LAST_ERROR=$* # i16: the reason report_status gives for a failure
    log "ERROR: $*" >&2
    exit 1
}

# Removes the credentials file; every script calls it from its EXIT trap.
remove_client_files() {
    rm -f -- "$OPTION_FILE" "$ERROR_FILE"
}

require_env() {
    local name
    for name in "$@"; do
        [ -n "${!name:-}" ] || die "environment variable $name is required"
    done
}

require_int() {
    [[ ${!1} =~ ^[0-9]+$ ]] || die "$1 must be a non-negative integer, got '${!1}'"
}

first_program() {
    local program
    for program in "$@"; do
        if command -v "$program" >/dev/null 2>&1; then
            printf '%s\n' "$program"
            return 0
        fi
    done
    die "none of these programs is installed: $*"
}

# A double-quoted option-file value: '#' inside quotes is not a comment, surrounding spaces survive, and both
# MySQL and MariaDB clients un-escape \\ \" \n \r \t. Byte by byte: ${var//...} quoting differs across bash versions.
option_value() {
    local in=$1 out= c i
    for ((i = 0; i < ${#in}; i++)); do
        c=${in:i:1}
        case $c in
        \\ | \") out+="\\$c" ;;
        $'\n') out+='\n' ;;
        $'\r') out+='\r' ;;
        $'\t') out+='\t' ;;
        *) out+=$c ;;
        esac
    done
    printf '"%s"' "$out"
}

# load_password FILE: PASSWORD = the file's content less every trailing newline, as the MySQL image's entrypoint
# reads *_FILE (`$(< file)`). Every reader of a password file uses it, so the init, the probe and the Jobs agree on
# the password. It sets a variable rather than printing, so that its `die` ends the script, not a subshell.
load_password() {
    [ -r "$1" ] || die "password file $1 is not readable (is the Secret mounted?)"
    PASSWORD=$(<"$1")
    [ -n "$PASSWORD" ] || die "password file $1 is empty"
}

# write_option_file PASSWORD_FILE HOST PORT: the only way credentials reach a client (never argv, never a log).
# The file is created by mktemp (mode 0600) in TMPDIR, an emptyDir, and removed on exit.
write_option_file() {
    load_password "$1"
    OPTION_FILE=$(mktemp "${TMPDIR:-/tmp}/mysqlrender-client.XXXXXX")
    ERROR_FILE=$(mktemp "${TMPDIR:-/tmp}/mysqlrender-error.XXXXXX")
    printf '[client]\nuser=root\npassword=%s\nhost=%s\nport=%s\nprotocol=tcp\n' \
        "$(option_value "$PASSWORD")" "$(option_value "$2")" "$3" >"$OPTION_FILE"
    client_tls_options >>"$OPTION_FILE"
}

# sql STATEMENTS: batch mode, tab-separated, no headers. --defaults-extra-file must be the first option.
sql() {
    "$MYSQL_CLIENT" --defaults-extra-file="$OPTION_FILE" --connect-timeout=5 --default-character-set=utf8mb4 \
        --batch --skip-column-names -e "$1"
}

# wait_for_server SECONDS: `mysqladmin ping` succeeds even on "Access denied", so the test is an authenticated
# SELECT 1, retried every 2 s and bounded in time. Returns 1 (after logging the last error) when time runs out.
wait_for_server() {
    local deadline=$((SECONDS + $1)) output error last_error=
    while :; do
        if output=$(sql 'SELECT 1' 2>"$ERROR_FILE") && [ "$output" = 1 ]; then
            return 0
        fi
        error=$(<"$ERROR_FILE")
        if [ "$error" != "$last_error" ]; then
            log "waiting for MySQL at $MYSQL_HOST:$MYSQL_PORT: ${error:-unexpected answer '$output'}"
            last_error=$error
        fi
        if [ $SECONDS -ge $deadline ]; then
            log "MySQL at $MYSQL_HOST:$MYSQL_PORT did not answer an authenticated SELECT 1 within $1s; last error: ${error:-none}" >&2
            return 1
        fi
        sleep 2
    done
}

# Checks shared by backup and restore; also sets MYSQL_CLIENT, WAIT_TIMEOUT_SECONDS and TMPDIR.
check_backup_env() {
    require_env MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX
    WAIT_TIMEOUT_SECONDS=${WAIT_TIMEOUT_SECONDS:-300}
    TMPDIR=${TMPDIR:-/tmp}
    require_int MYSQL_PORT
    require_int WAIT_TIMEOUT_SECONDS
    [[ $BACKUP_PREFIX =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] ||
        die "BACKUP_PREFIX must be a plain name ([A-Za-z0-9._-]), got '$BACKUP_PREFIX'"
    [[ $MYSQL_DATABASE != -* && $MYSQL_DATABASE != *'`'* ]] || die "MYSQL_DATABASE must not start with '-' or contain '\`'"
    [ -d "$BACKUP_DIR" ] || die "BACKUP_DIR $BACKUP_DIR is not a directory (is the backup volume mounted?)"
    [ -w "$BACKUP_DIR" ] || die "BACKUP_DIR $BACKUP_DIR is not writable by uid $(id -u): a hostPath volume gets no fsGroup, so its folder must be prepared on the node (docs/operations.md, 'hostPath volumes')"
    [ -d "$TMPDIR" ] && [ -w "$TMPDIR" ] || die "TMPDIR $TMPDIR is not a writable directory"
    MYSQL_CLIENT=$(first_program mysql mariadb)
}

file_size() {
    wc -c <"$1" | tr -d ' '
}

file_sha256() {
    local sum
    sum=$(sha256sum <"$1")
    printf '%s\n' "${sum%% *}"
}

# The last line mysqldump / mariadb-dump writes, only when it finished, is "-- Dump completed[ on <date>]".
has_dump_trailer() {
    local last
    last=$(gzip -dc -- "$1" | tail -n 1) || return 1
    [[ $last == "-- Dump completed"* ]]
}


# ---------------------------------------------------------------------------------------------------------------
# i16: dump manifests, drill verdicts, one-line status. Companion files of a dump D (docs/backup-restore.md):
#   D.manifest       written by the backup before D gets its final name: what the dump holds, counted from D itself
#   D.verified.json  written by the drill (verify.sh): its verdict on D
# ---------------------------------------------------------------------------------------------------------------
MANIFEST_HEADER='# mysqlrender dump manifest v1: kind<TAB>rows<TAB>hex(name); rows counted from the INSERT statements of the dump'

# dump_manifest: reads a mysqldump / mariadb-dump SQL stream on stdin and prints the manifest of what it holds:
# one line per table (rows = the tuples of its INSERT statements: exactly the rows of the dump's own consistent
# snapshot, however busy the server was) and per view. Names are hex-encoded (identifiers may hold tabs or quotes).
# Relies on the dump format: one INSERT per line, strings in single quotes with backslash escapes (mysqldump's
# mysql_real_escape_string), names in backticks with `` for a backtick, stored bodies between DELIMITER lines. Exits
# 2 on a line it cannot read.
dump_manifest() {
    printf '%s\n' "$MANIFEST_HEADER"
    awk '
        BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i; n = 0 }
        function hex(s,    out, k) { out = ""; for (k = 1; k <= length(s); k++) out = out sprintf("%02x", ord[substr(s, k, 1)]); return out }
        # The name in backticks starting at position p of s; sets NAME_END to the position after the closing backtick.
        function quoted_name(s, p,    name, c) {
            name = ""
            for (p = p + 1; p <= length(s); p++) {
                c = substr(s, p, 1)
                if (c == "`") { if (substr(s, p + 1, 1) != "`") { NAME_END = p + 1; return name } p++ }
                name = name c
            }
            bad("unterminated name")
        }
        # The dumps name the columns of a table that has generated or invisible ones (mysqldump.cc: complete_insert
        # for has_invisible_columns or a generated column; mariadb-dump for INVISIBLE): s is " (`a`, `b`) VALUES ...";
        # returns what follows the list. Its parentheses are not tuples.
        function after_column_list(s,    p) {
            p = 3
            while (substr(s, p, 1) == "`") {
                quoted_name(s, p)
                if (substr(s, NAME_END, 1) == ")") return substr(s, NAME_END + 1)
                if (substr(s, NAME_END, 2) != ", ") break
                p = NAME_END + 2
            }
            bad("unreadable column list")
        }
        function bad(why) { printf "dump line %d: %s: %s\n", NR, why, substr($0, 1, 120) > "/dev/stderr"; failed = 1; exit 2 }
        # Counts the tuples that start on this part of an INSERT statement; the statement ends with the line that ends in ;
        function count_tuples(part) {
            gsub(/\047([^\047\\]|\\.)*\047/, "", part) # drop string literals: numbers, NULL and 0x... remain
            if (index(part, "\047")) bad("unterminated string in an INSERT statement")
            rows[table] += gsub(/\(/, "", part)
            if (part ~ /;$/) table = ""
        }
        function declare(kind, name) {
            if (!(name in kind_of)) { order[++n] = name; rows[name] = 0 }
            if (!(name in kind_of) || kind == "view") kind_of[name] = kind
        }
        # Routines, triggers and events are dumped as written, line breaks and INSERTs included, between
        # "DELIMITER ;;" and "DELIMITER ;" (mysqldump and mariadb-dump): not table data.
        /^DELIMITER ;;$/ { in_body = 1; next }
        /^DELIMITER ;$/ { in_body = 0; next }
        in_body { next }
        /^-- Table structure for table `/ { declare("table", quoted_name($0, index($0, "`"))); next }
        /^-- (Temporary|Final) (view|table) structure for view `/ { declare("view", quoted_name($0, index($0, "`"))); next }
        # One INSERT per table chunk, its tuples on the INSERT line (mysqldump) or one per line after it (mariadb-dump).
        # A string never spans lines (newlines are escaped as \n), so each line is read on its own.
        /^INSERT INTO `/ {
            table = quoted_name($0, 13)
            declare("table", table)
            rest = substr($0, NAME_END)
            if (substr(rest, 1, 2) == " (") rest = after_column_list(rest)
            if (substr(rest, 1, 7) != " VALUES") bad("expected VALUES after the table name")
            count_tuples(substr(rest, 8))
            next
        }
        table != "" { count_tuples($0) }
        END {
            if (failed) exit 2
            if (table != "") { printf "the dump ends inside an INSERT statement for %s\n", table > "/dev/stderr"; exit 2 }
            for (i = 1; i <= n; i++) printf "%s\t%s\t%s\n", kind_of[order[i]], (kind_of[order[i]] == "view" ? "-" : rows[order[i]]), hex(order[i])
        }'
}

# write_dump_manifest DUMP_GZ MANIFEST: the manifest of a finished dump file, written atomically.
write_dump_manifest() {
    gzip -dc -- "$1" | dump_manifest >"$2.partial" || {
        rm -f -- "$2.partial"
        die "could not read the tables and row counts of $1 (see above)"
    }
    mv -f -- "$2.partial" "$2"
}

# remove_dump_companions DUMP: the manifest and drill report go with their dump.
remove_dump_companions() {
    rm -f -- "$1.manifest" "$1.verified.json"
}

# drill_verdict DUMP: prints passed or failed (the verdict of the last drill of exactly this dump: the report must
# name the sha256 recorded in DUMP.sha256), or none (never drilled, or the report is about other bytes).
drill_verdict() {
    local dump=$1 line result= sha256= recorded=
    if [ -s "$dump.sha256" ] && [ -s "$dump.verified.json" ]; then
        read -r recorded _ <"$dump.sha256" || true
        while IFS= read -r line; do
            [[ $line =~ ^\ \ \"result\":\ \"(passed|failed)\",$ ]] && result=${BASH_REMATCH[1]}
            [[ $line =~ ^\ \ \"sha256\":\ \"([0-9a-f]{64})\",$ ]] && sha256=${BASH_REMATCH[1]}
        done <"$dump.verified.json"
    fi
    if [ -n "$result" ] && [ -n "$recorded" ] && [ "$sha256" = "$recorded" ]; then
        printf '%s\n' "$result"
    else
        printf 'none\n'
    fi
}

# dumps_in_restore_order DIR PREFIX: the dumps an automatic restore may try, best first: those whose drill passed
# (newest first), then those never drilled (newest first). A dump whose drill failed is never listed.
dumps_in_restore_order() {
    local i file untested=()
    set -- "$1/$2"-$TS_GLOB.sql.gz # oldest first
    for ((i = $#; i >= 1; i--)); do
        file=${!i}
        case $(drill_verdict "$file") in
        passed) printf '%s\n' "$file" ;;
        none) untested+=("$file") ;;
        esac
    done
    [ ${#untested[@]} -eq 0 ] || printf '%s\n' "${untested[@]}"
}

# The bytes of a password (or any value) as an SQL hex literal body: no quoting to get wrong, and the value is
# only ever in a pipe (printf is a shell builtin, so it never appears in a process's argv).
sql_hex() {
    printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

# An SQL expression for a value: CONVERT(X'..' USING utf8mb4).
sql_text() {
    printf "CONVERT(X'%s' USING utf8mb4)" "$(sql_hex "$1")"
}

# A JSON string literal of $1 (control characters escaped; bytes >= 0x80 pass through: names are UTF-8).
json_string() {
    local in=$1 out= c i
    for ((i = 0; i < ${#in}; i++)); do
        c=${in:i:1}
        case $c in
        \\ | \") out+="\\$c" ;;
        $'\n') out+='\n' ;;
        $'\r') out+='\r' ;;
        $'\t') out+='\t' ;;
        [$'\001'-$'\037']) out+=$(printf '\\u%04x' "'$c") ;;
        *) out+=$c ;;
        esac
    done
    printf '"%s"' "$out"
}

# report_status KIND RESULT [KEY VALUE]...: the one-line, machine-readable status at the end of a backup, restore
# or drill (KIND backup|restore|verify, RESULT succeeded|failed|skipped). Integers, true and false stay bare,
# everything else is a JSON string; a failure also carries the message of the die() that ended the script ("error").
# The line goes to the log (prefixed "status "), to the container's termination message (TERMINATION_MESSAGE_PATH,
# default /dev/termination-log, when that file exists) and, when BACKUP_DIR is writable, to
# BACKUP_DIR/BACKUP_PREFIX.KIND.status, which also carries lastSuccess across runs.
report_status() {
    local kind=$1 result=$2 now json file last= line value termination=${TERMINATION_MESSAGE_PATH:-/dev/termination-log}
    shift 2
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    file=${BACKUP_DIR:-}/${BACKUP_PREFIX:-mysqlrender}.$kind.status
    if [ "$result" = succeeded ]; then
        last=$now
    elif [ -r "$file" ] && IFS= read -r line <"$file" && [[ $line =~ \"lastSuccess\":\"([0-9TZ:-]+)\" ]]; then
        last=${BASH_REMATCH[1]}
    fi
    json="{\"mysqlrender\":\"$kind\",\"result\":\"$result\",\"instance\":$(json_string "${BACKUP_PREFIX:-}"),\"at\":\"$now\""
    if [ -n "$last" ]; then json+=",\"lastSuccess\":\"$last\""; else json+=',"lastSuccess":null'; fi
    if [ "$result" = failed ] && [ -n "$LAST_ERROR" ]; then
        json+=",\"error\":$(json_string "$LAST_ERROR")"
    fi
    while [ $# -ge 2 ]; do
        if [[ $2 =~ ^(-?[0-9]+|true|false)$ ]]; then value=$2; else value=$(json_string "$2"); fi
        json+=",$(json_string "$1"):$value"
        shift 2
    done
    json+='}'
    log "status $json"
    # The kubelet creates the file (terminationMessagePath) before the container starts; never create one elsewhere.
    if [ -f "$termination" ] && [ -w "$termination" ]; then
        printf '%s' "$json" >"$termination" 2>/dev/null || true
    fi
    if [ -n "${BACKUP_DIR:-}" ] && [ -d "$BACKUP_DIR" ] && [ -w "$BACKUP_DIR" ]; then
        { printf '%s\n' "$json" >"$file.partial" && mv -f -- "$file.partial" "$file"; } 2>/dev/null ||
            log "could not write $file" >&2
    fi
}
# i16 end
# ---- i15: off-cluster copies (object storage) ---------------------------------------------------------------------

# pin_for_upload DUMP: when the instance copies its dumps to object storage (BACKUP_PIN_FOR_UPLOAD=true, rendered on
# the dump container when spec.backup.s3 is set), creates DUMP.pending-upload. backup.sh calls it BEFORE the dump
# gets its final name, so no moment exists in which a complete dump is not pinned; the rclone container
# (s3-upload.sh) removes the pin once the remote copy and its .sha256 are verified, and i14's dump_is_pinned keeps a
# pinned dump from being pruned. Without object storage nothing would ever upload a pinned dump, so pins left from
# when spec.backup.s3 was set are removed (else they would keep every old dump and fill the volume).
pin_for_upload() {
    local pin
    if [ "${BACKUP_PIN_FOR_UPLOAD:-false}" = true ]; then
        : >"$1.pending-upload"
        return 0
    fi
    for pin in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.pending-upload; do
        [ -e "$pin" ] || continue # the unmatched glob itself
        rm -f -- "$pin"
        log "removed $pin: spec.backup.s3 is no longer set, so nothing will upload that dump"
    done
}

# --- i13: restore state -----------------------------------------------------------------------------------------

# require_restore_settled: call after wait_for_server, before dumping or pruning. Dies with what to do unless the
# data directory's restore decision is final: the server init recorded `restored` or `nothing-to-restore` (0.1's
# restore job also `not-empty`, and a DBA who accepts the live data records that). Without a marker, an empty
# volume of dumps is fine (a new instance); with dumps, a database that holds data means a restore was skipped, and
# an empty one that the restore has not run: either way a dump now would rotate the good dumps out.
require_restore_settled() {
    local state= found objects dumps db
    set -- "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz
    dumps=$#
    found=$(sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysqlrender' AND TABLE_NAME = 'restore_marker'") ||
        die "could not read the restore state (see the client's message above)"
    if [ "$found" = 1 ]; then
        state=$(sql 'SELECT state FROM `mysqlrender`.`restore_marker` WHERE id = 1') || die "could not read the restore marker"
    fi
    case $state in
    restored | nothing-to-restore | not-empty) return 0 ;;
    restoring) die "restore-pending: a restore into this data directory started and never finished (marker 'restoring', left by mysqlrender 0.1's restore job): \`$MYSQL_DATABASE\` may hold a partial import. No dump and no pruning until it is resolved: restore by hand, or accept the live data (docs/backup-restore.md, 'A restore that did not finish')" ;;
    failed) die "restore-failed: the last restore into this data directory failed (marker 'failed', left by mysqlrender 0.1's restore job): \`$MYSQL_DATABASE\` may hold a partial import. No dump and no pruning, so the last good dump is kept: restore by hand, or accept the live data (docs/backup-restore.md, 'A restore that did not finish')" ;;
    '') ;;
    *) die "unknown restore marker state '$state' in \`mysqlrender\`.\`restore_marker\`" ;;
    esac
    [ "$dumps" -gt 0 ] || return 0
    db=$(sql_hex "$MYSQL_DATABASE")
    objects=$(sql "SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE CAST(TABLE_SCHEMA AS BINARY) = X'$db')
        + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE CAST(ROUTINE_SCHEMA AS BINARY) = X'$db')
        + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE CAST(EVENT_SCHEMA AS BINARY) = X'$db')") ||
        die "could not inspect \`$MYSQL_DATABASE\`"
    if [ "$objects" -gt 0 ]; then
        die "restore-skipped: \`$MYSQL_DATABASE\` holds $objects objects, $dumps dumps of $BACKUP_PREFIX exist in $BACKUP_DIR, and no restore was ever recorded in this data directory; a dump now would rotate the good dumps out. Restore them (docs/backup-restore.md, 'Restoring by hand'), or accept the live data: CREATE DATABASE IF NOT EXISTS mysqlrender, then record state 'not-empty' (docs/backup-restore.md, 'Accepting the live data')"
    fi
    die "restore-pending: $dumps dumps of $BACKUP_PREFIX exist in $BACKUP_DIR, \`$MYSQL_DATABASE\` is empty and no restore was recorded: the server's init container has not restored yet. No dump and no pruning until it has"
}
# ---- i14: backup safety (read-only final backups, pruning rules, free space) -------------------------------------

LOCK_WAIT_SECONDS=${LOCK_WAIT_SECONDS:-60} # our own statements (SET GLOBAL read_only ...) give up on a lock after this
PENDING_UPLOAD_SUFFIX=.pending-upload

# dump_is_pinned FILE: true while FILE still has to be copied off the cluster. The object-storage upload creates
# FILE.pending-upload before the dump gets its final name and removes it once the remote copy is verified; pruning
# never deletes a pinned dump, whatever BACKUP_KEEP says.
dump_is_pinned() {
    [ -e "$1$PENDING_UPLOAD_SUFFIX" ]
}

# dump_is_intact FILE: its .sha256 (written only after gzip -t and the trailer check passed) still matches.
dump_is_intact() {
    local expected=
    [ -f "$1" ] && [ -s "$1.sha256" ] || return 1
    read -r expected _ <"$1.sha256" || true
    [ "$expected" = "$(file_sha256 "$1")" ]
}

# The complete dumps of BACKUP_PREFIX, oldest first (UTC timestamps sort byte-wise under LC_ALL=C).
list_dumps() {
    local file
    for file in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz; do
        printf '%s\n' "$file"
    done
}

# Prints the newest dump whose checksum still matches; nothing when there is none.
newest_intact_dump() {
    local dumps i
    mapfile -t dumps < <(list_dumps)
    for ((i = ${#dumps[@]} - 1; i >= 0; i--)); do
        if dump_is_intact "${dumps[i]}"; then
            printf '%s\n' "${dumps[i]}"
            return 0
        fi
    done
}

read_only_marker() {
    printf '%s/%s.read-only\n' "$BACKUP_DIR" "$BACKUP_PREFIX"
}

retired_marker() {
    printf '%s/%s.retired\n' "$BACKUP_DIR" "$BACKUP_PREFIX"
}

# MySQL has super_read_only, which holds for every account including root; MariaDB has only read_only, which
# accounts with the READ ONLY ADMIN privilege (root has it) bypass: application accounts are held, root is not.
read_only_variable() {
    if [ -n "$(sql "SHOW GLOBAL VARIABLES LIKE 'super_read_only'")" ]; then
        printf 'super_read_only\n'
    else
        printf 'read_only\n'
    fi
}

# make_server_read_only REASON: writes BACKUP_DIR/BACKUP_PREFIX.read-only first (server-start.sh turns it into a
# read-only.cnf at every start of the mysql container, so a restarted server stays read-only), then sets the running server read-only. SET GLOBAL waits
# for transactions that are committing; LOCK_WAIT_SECONDS bounds that wait.
make_server_read_only() {
    local marker variable
    marker=$(read_only_marker)
    variable=$(read_only_variable) || return 1
    printf '%s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" >"$marker.partial" || return 1
    mv -f -- "$marker.partial" "$marker" || return 1
    sql "SET SESSION lock_wait_timeout = $LOCK_WAIT_SECONDS; SET GLOBAL $variable = ON" || return 1
    log "the server is read-only now ($variable = ON; $marker keeps it so across restarts): $1"
}

# mark_instance_live: a completed sync of a non-retired instance (the restore check calls this). Makes the server
# writable again, then removes BACKUP_PREFIX.read-only and BACKUP_PREFIX.retired: the instance lives, and a later
# retirement must take a new final backup.
mark_instance_live() {
    local marker retired
    marker=$(read_only_marker)
    retired=$(retired_marker)
    if [ -e "$marker" ]; then
        sql "SET SESSION lock_wait_timeout = $LOCK_WAIT_SECONDS; SET GLOBAL read_only = OFF" || return 1
        rm -f -- "$marker"
        log "the instance is live again: the server is writable, removed $marker"
    fi
    if [ -e "$retired" ]; then
        rm -f -- "$retired"
        log "the instance is live again: removed $retired (a later retirement takes a new final backup)"
    fi
}

# --- i17: TLS for clients ---------------------------------------------------------------------------------------
# client_tls_options: option-file lines that make the client encrypt when the instance has spec.tls
# (MYSQL_CLIENT_TLS=required): ssl-mode=REQUIRED for MySQL's client (the image's: it refuses an unencrypted session),
# ssl for MariaDB's (which negotiates TLS when offered but enforces it only with certificate verification);
# `loose-` makes each client ignore the other's option. Both clients already prefer TLS when the server offers it.
client_tls_options() {
    case ${MYSQL_CLIENT_TLS:-} in
    '') ;;
    required) printf 'loose-ssl-mode=REQUIRED\nloose-ssl\n' ;;
    *) die "MYSQL_CLIENT_TLS must be empty or 'required', got '$MYSQL_CLIENT_TLS'" ;;
    esac
}
