# mysqlrender server init: the server pod's init container. Runs before the mysql container, so no
# client can reach the database while it works (no TCP listener; the Service has no ready address). It:
#   1. moves a 0.1 layout (data at the volume root) into DATA_ROOT/data by renames within the volume (resumable);
#   2. on an uninitialised data directory, builds a new one in DATA_ROOT/data.staging: initialise, start a private
#      server (--skip-networking, own socket), set the root passwords from the Secret file (exact bytes), create
#      the database, import the newest valid dump (or RESTORE_FROM) and record the restore marker; then the server
#      stops and staging is renamed to data, atomically. The image's entrypoint then finds DATADIR/mysql and only
#      starts mysqld: its own initialisation (and its unescaped password quoting) never runs.
# An interrupted attempt leaves only data.staging, which the next attempt deletes. A failed restore fails this
# container with a message: the pod never becomes Ready, and the next start tries again from scratch.
# Environment (docs/backup-restore.md): DATA_ROOT MYSQL_DATABASE MYSQL_ROOT_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX
# RESTORE_FROM (optional) CONFIG_SOURCE_DIR CONFIG_DIR (optional: server settings copied for the mysql container)
# S3_FETCHED_FILE (with spec.backup.s3: BACKUP_PREFIX.fetched, the dump the fetch container of this start chose)
# TMPDIR START_TIMEOUT_SECONDS; for the accounts of a new data directory (accounts.sh) MYSQL_PREVIOUS_PASSWORD_FILE
# ACCOUNTS_USERS ACCOUNTS_PASSWORDS_DIR ACCOUNTS_REMOVED (optional). Sources lib.sh and accounts.sh beside it.
# shellcheck source=lib.sh
. "${BASH_SOURCE[0]%/*}/lib.sh"
# shellcheck source=accounts.sh
. "${BASH_SOURCE[0]%/*}/accounts.sh"
set -eu -o pipefail
SCRIPT=server-init
umask 027

MARKER_SCHEMA=mysqlrender
MARKER=\`$MARKER_SCHEMA\`.\`restore_marker\`
MIGRATING=data-migrating
SERVER_TMP=tmp             # DATA_ROOT/tmp: the server's tmpdir (NAME-config's tmpdir, mounted with subPath tmp)
SETTINGS_FILE=mysqlrender.cnf # NAME-config's option file
SERVER_PID=
SOCKET=
DUMP=
VERIFY_ERROR=
SERVER_DEFAULTS=() # --defaults-extra-file of NAME-config: the private server runs with the real server's settings

check_env() {
    require_env DATA_ROOT MYSQL_DATABASE MYSQL_ROOT_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX
    TMPDIR=${TMPDIR:-/tmp}
    START_TIMEOUT_SECONDS=${START_TIMEOUT_SECONDS:-300}
    require_int START_TIMEOUT_SECONDS
    [ -d "$DATA_ROOT" ] && [ -w "$DATA_ROOT" ] || die "DATA_ROOT $DATA_ROOT is not a writable directory for uid $(id -u) (is the data volume mounted, and owned by the pod's fsGroup? A hostPath volume gets no fsGroup: prepare its folder on the node, docs/operations.md, 'hostPath volumes')"
    # An unlistable backup volume would look empty: a new data directory would start empty while dumps exist.
    [ -d "$BACKUP_DIR" ] && ls -A -- "$BACKUP_DIR" >/dev/null ||
        die "BACKUP_DIR $BACKUP_DIR cannot be listed by uid $(id -u) (is the backup volume mounted, and readable by the pod's fsGroup? A hostPath volume gets no fsGroup: docs/operations.md, 'hostPath volumes'); not choosing a dump from a volume that looks empty"
    [[ $BACKUP_PREFIX =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "BACKUP_PREFIX must be a plain name ([A-Za-z0-9._-]), got '$BACKUP_PREFIX'"
    [[ $MYSQL_DATABASE != -* && $MYSQL_DATABASE != *'`'* ]] || die "MYSQL_DATABASE must not start with '-' or contain '\`'"
    [ "$MYSQL_DATABASE" != "$MARKER_SCHEMA" ] || die "MYSQL_DATABASE must not be '$MARKER_SCHEMA': that schema holds the restore marker"
    if [ -n "${RESTORE_FROM:-}" ]; then
        [[ $RESTORE_FROM =~ ^[A-Za-z0-9][A-Za-z0-9._-]*\.sql\.gz$ ]] ||
            die "RESTORE_FROM must be a file name (no path) ending in .sql.gz, got '$RESTORE_FROM'"
    fi
    MYSQL_CLIENT=$(first_program mysql mariadb)
    SERVER_PROGRAM=$(first_program mysqld mariadbd)
    if [ -f "${CONFIG_SOURCE_DIR:-/nonexistent}/$SETTINGS_FILE" ]; then
        SERVER_DEFAULTS=(--defaults-extra-file="$CONFIG_SOURCE_DIR/$SETTINGS_FILE")
    fi
}

# --- 1. layout -------------------------------------------------------------------------------------------------

# Entries of the volume root that belong to a data directory (everything but lost+found and our own folders).
root_data_entries() {
    local entry
    for entry in "$DATA_ROOT"/* "$DATA_ROOT"/.[!.]*; do
        case ${entry##*/} in
        lost+found | data | data.staging | "$MIGRATING") ;;
        *) printf '%s\n' "$entry" ;;
        esac
    done
}

# 0.1 (and the original operator) kept the data directory at the volume root. Each entry is renamed into
# DATA_ROOT/data-migrating, which is renamed to data at the end: an interruption at any point resumes here.
# A database named `data` at the root is moved like any other entry (only data/mysql marks the new layout).
migrate_root_layout() {
    local entries entry
    if [ ! -d "$DATA_ROOT/mysql" ] && [ ! -d "$DATA_ROOT/$MIGRATING" ]; then
        return 0
    fi
    [ ! -d "$DATA_ROOT/data/mysql" ] ||
        die "$DATA_ROOT holds a data directory at its root AND one in data/: refusing to guess which is live; move one away (see docs/backup-restore.md, Upgrading from 0.1)"
    log "moving the data directory at the root of the volume (0.1 layout) into $DATA_ROOT/data"
    mkdir -p -- "$DATA_ROOT/$MIGRATING"
    if [ -d "$DATA_ROOT/data" ]; then
        mv -- "$DATA_ROOT/data" "$DATA_ROOT/$MIGRATING/data" # a database named `data`
    fi
    mapfile -t entries < <(root_data_entries)
    for entry in "${entries[@]}"; do
        mv -- "$entry" "$DATA_ROOT/$MIGRATING/"
    done
    mv -- "$DATA_ROOT/$MIGRATING" "$DATA_ROOT/data"
    log "moved ${#entries[@]} entries into $DATA_ROOT/data"
}

# --- 2. a new data directory ----------------------------------------------------------------------------------

# Root's password as every other reader takes it (lib.sh load_password).
read_password() {
    load_password "$MYSQL_ROOT_PASSWORD_FILE"
    PASSWORD_HEX=$(sql_hex "$PASSWORD")
}

# Root over the private socket; no password is set until the end of the initialisation.
init_sql() {
    "$MYSQL_CLIENT" --no-defaults --user=root --protocol=socket --socket="$SOCKET" --default-character-set=utf8mb4 \
        --batch --skip-column-names "$@"
}

initialise() {
    local staging=$1
    log "initialising a new data directory in $staging"
    if command -v mariadb-install-db >/dev/null 2>&1; then
        mariadb-install-db "${SERVER_DEFAULTS[@]}" --datadir="$staging" --auth-root-authentication-method=normal --skip-test-db --tmpdir="$TMPDIR" \
            >"$TMPDIR/initialise.log" 2>&1 || { cat "$TMPDIR/initialise.log" >&2; die "mariadb-install-db failed"; }
    else
        "$SERVER_PROGRAM" "${SERVER_DEFAULTS[@]}" --initialize-insecure --datadir="$staging" --tmpdir="$TMPDIR" --default-time-zone=SYSTEM ||
            die "mysqld --initialize-insecure failed (see its messages above)"
    fi
}

start_private_server() {
    local staging=$1 deadline
    SOCKET=$TMPDIR/mysqlrender-init.sock
    "$SERVER_PROGRAM" "${SERVER_DEFAULTS[@]}" --datadir="$staging" --skip-networking --loose-mysqlx=OFF --socket="$SOCKET" \
        --pid-file="$TMPDIR/mysqlrender-init.pid" --tmpdir="$TMPDIR" --max-allowed-packet=1G \
        --loose-skip-log-bin --loose-disable-log-bin &
    SERVER_PID=$!
    deadline=$((SECONDS + START_TIMEOUT_SECONDS))
    until init_sql -e 'SELECT 1' >/dev/null 2>&1; do
        kill -0 "$SERVER_PID" 2>/dev/null || die "the private server exited during start (see its log above)"
        [ $SECONDS -lt $deadline ] || die "the private server did not answer on $SOCKET within ${START_TIMEOUT_SECONDS}s"
        sleep 0.5
    done
}

stop_private_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" || true
    SERVER_PID=
}

# Only the accounts MySQL's --initialize-insecure makes stay (mariadb-install-db adds root@127.0.0.1 and others).
set_accounts() {
    local password="CONVERT(X'$PASSWORD_HEX' USING utf8mb4)" extra
    extra=$(init_sql -e "SELECT CONCAT('DROP USER ', QUOTE(User), '@', QUOTE(Host), ';') FROM mysql.user
        WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '%'))")
    init_sql <<SQL
SET SESSION sql_mode = '';
SET SESSION sql_log_bin = 0;
$extra
CREATE USER IF NOT EXISTS 'root'@'%';
SET @mysqlrender_sql = CONCAT('ALTER USER ''root''@''%'' IDENTIFIED BY ', QUOTE($password));
PREPARE mysqlrender_stmt FROM @mysqlrender_sql;
EXECUTE mysqlrender_stmt;
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
SET @mysqlrender_sql = CONCAT('ALTER USER ''root''@''localhost'' IDENTIFIED BY ', QUOTE($password));
PREPARE mysqlrender_stmt FROM @mysqlrender_sql;
EXECUTE mysqlrender_stmt;
DEALLOCATE PREPARE mysqlrender_stmt;
FLUSH PRIVILEGES;
SQL
}

create_database_and_marker() {
    init_sql <<SQL
SET SESSION sql_log_bin = 0;
CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;
CREATE DATABASE IF NOT EXISTS \`$MARKER_SCHEMA\`;
CREATE TABLE IF NOT EXISTS $MARKER (
    id TINYINT UNSIGNED NOT NULL PRIMARY KEY COMMENT 'always 1: one marker per data directory',
    state VARCHAR(32) NOT NULL COMMENT 'restored, nothing-to-restore (server init); 0.1 also wrote failed, not-empty',
    database_name VARCHAR(64) NOT NULL,
    dump_file VARCHAR(255) NULL,
    dump_sha256 CHAR(64) NULL,
    attempts INT UNSIGNED NOT NULL DEFAULT 1,
    first_handled_at DATETIME NOT NULL COMMENT 'UTC',
    updated_at DATETIME NOT NULL COMMENT 'UTC'
) ENGINE=InnoDB COMMENT='mysqlrender: the restore decision of this data directory';
SQL
}

record_marker() {
    local state=$1 file=${2:-} sha256=${3:-} file_sql=NULL sha_sql=NULL
    [ -z "$file" ] || file_sql="'$file'"
    [ -z "$sha256" ] || sha_sql="'$sha256'"
    init_sql -e "SET SESSION sql_log_bin = 0; INSERT INTO $MARKER (id, state, database_name, dump_file, dump_sha256, first_handled_at, updated_at)
        VALUES (1, '$state', $(sql_text "$MYSQL_DATABASE"), $file_sql, $sha_sql, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
}

# Whole-file checks before anything is imported. Sets VERIFY_ERROR on failure. Each dump is read once: choose_dump
# asks about the newest and then about the restore order, and a verdict cannot change meanwhile (a dump appears
# under its final name only when complete).
declare -A DUMP_VERDICTS=()
verify_dump() {
    local file=$1
    if [ -z "${DUMP_VERDICTS[$file]+known}" ]; then
        if check_dump "$file"; then DUMP_VERDICTS[$file]=ok; else DUMP_VERDICTS[$file]="failed:$VERIFY_ERROR"; fi
    fi
    [ "${DUMP_VERDICTS[$file]}" = ok ] && return 0
    VERIFY_ERROR=${DUMP_VERDICTS[$file]#failed:}
    return 1
}

check_dump() {
    local file=$1 expected= actual
    [ -f "$file" ] || { VERIFY_ERROR="file not found"; return 1; }
    [ -s "$file.sha256" ] || { VERIFY_ERROR="checksum file ${file##*/}.sha256 is missing"; return 1; }
    read -r expected _ <"$file.sha256" || true
    actual=$(file_sha256 "$file")
    [ "$expected" = "$actual" ] || { VERIFY_ERROR="sha256 mismatch (recorded ${expected:-nothing}, file has $actual): corrupt or truncated"; return 1; }
    gzip -t -- "$file" 2>/dev/null || { VERIFY_ERROR="not a valid gzip file"; return 1; }
    has_dump_trailer "$file" || { VERIFY_ERROR="no '-- Dump completed' trailer: the dump is incomplete"; return 1; }
}

# What S3_FETCHED_FILE says this start's S3 fetch container chose (its first line; the fetch removes an earlier
# start's file first); fails when it chose nothing.
fetched_dump() {
    local file=
    [ -n "${S3_FETCHED_FILE:-}" ] && [ -s "$S3_FETCHED_FILE" ] || return 1
    IFS= read -r file <"$S3_FETCHED_FILE" || true
    printf '%s' "$file"
}

# The backup volume's file of RESTORE_FROM: that name, or, when the volume lacks it, the dump of the same stamp this
# start's fetch container stored under this instance's name (a clone names the dump as the other instance's prefix
# lists it, spec.restore.s3Prefix).
restore_from_file() {
    local fetched
    fetched=$(fetched_dump) || true
    if [ ! -e "$BACKUP_DIR/$RESTORE_FROM" ] && [[ $fetched == "$BACKUP_PREFIX"-*.sql.gz && ${fetched##*-} == "${RESTORE_FROM##*-}" ]]; then
        printf '%s' "$fetched"
    else
        printf '%s' "$RESTORE_FROM"
    fi
}

# Sets DUMP to the dump an automatic restore takes (empty when there is none): in restore-drill order (lib.sh
# dumps_in_restore_order: the newest dump whose drill passed, then the undrilled ones, newest first; a dump whose
# drill failed never), the first that verifies. RESTORE_FROM must verify AND be the newest valid dump: left in Git,
# it must never restore an old dump into a future new data directory.
choose_dump() {
    local file dumps newest= i
    set -- "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz # oldest first
    dumps=$#
    for ((i = $#; i >= 1; i--)); do
        if verify_dump "${!i}"; then
            newest=${!i}
            break
        fi
    done
    if [ -n "${RESTORE_FROM:-}" ]; then
        file=$(restore_from_file)
        verify_dump "$BACKUP_DIR/$file" || die "RESTORE_FROM=$RESTORE_FROM cannot be restored from $BACKUP_DIR: $VERIFY_ERROR; nothing restored"
        if [ -n "$newest" ] && [ "${newest##*/}" != "$file" ] && [[ ${newest##*/} > $file ]]; then
            die "RESTORE_FROM=$RESTORE_FROM is older than the newest valid dump ${newest##*/}: refusing to restore old data (it acts once, for a dump that is the newest). Remove spec.restore.from, or move the newer dumps out of $BACKUP_DIR to restore the old one on purpose"
        fi
        [ "$(drill_verdict "$BACKUP_DIR/$file")" != failed ] || log "warning: the restore drill of $file failed; restoring it because spec.restore.from names it"
        DUMP=$BACKUP_DIR/$file
        if [ "$file" = "$RESTORE_FROM" ]; then
            log "using $DUMP (RESTORE_FROM)"
        else
            log "using $DUMP (RESTORE_FROM=$RESTORE_FROM, fetched from the bucket under this instance's name)"
        fi
        return 0
    fi
    if [ -n "$newest" ] && taken_while_read_only "$newest" && [ "$(drill_verdict "$newest")" != failed ]; then
        DUMP=$newest
        log "using $DUMP: taken after a final backup made the server read-only ($(read_only_marker)), so it holds every write; restored whether or not a drill has passed it yet"
        return 0
    fi
    if file=$(fetched_dump); then
        [[ $file =~ ^[A-Za-z0-9][A-Za-z0-9._-]*\.sql\.gz$ ]] || die "$S3_FETCHED_FILE does not name a dump file: '$file'"
        verify_dump "$BACKUP_DIR/$file" || die "the dump the S3 fetch chose, $BACKUP_DIR/$file, does not verify: $VERIFY_ERROR; nothing restored"
        DUMP=$BACKUP_DIR/$file
        log "using $DUMP (fetched from the bucket by this start's fetch container, $(drill_note "$DUMP"))"
        return 0
    fi
    for ((i = $#; i >= 1; i--)); do
        [ "$(drill_verdict "${!i}")" != failed ] || log "skipping ${!i}: its restore drill failed (${!i}.verified.json)"
    done
    while IFS= read -r file; do
        if verify_dump "$file"; then
            DUMP=$file
            break
        fi
        log "skipping $file: $VERIFY_ERROR"
    done < <(dumps_in_restore_order "$BACKUP_DIR" "$BACKUP_PREFIX")
    if [ -n "$DUMP" ]; then
        log "using $DUMP ($(drill_note "$DUMP"))"
        if [ "$DUMP" != "$newest" ] && [ -n "$newest" ]; then
            log "note: the newer dump ${newest##*/} was not restored: it has no passed drill; to restore it instead, set spec.restore.from: ${newest##*/} and make a new data directory"
        fi
    elif [ "$dumps" -gt 0 ]; then
        die "none of the $dumps dumps of $BACKUP_PREFIX in $BACKUP_DIR can be restored (see the reasons above); nothing restored, the server does not start"
    fi
}

# taken_while_read_only DUMP: whether DUMP was started after the server was made read-only by a final or pre-delete
# backup (BACKUP_PREFIX.read-only, written before that backup's dump, and still there until a live sync's restore check
# removes it): no write was accepted after it, so no older dump can be more complete. The drill-first order would
# otherwise restore an older drilled dump over a final dump that nothing drills (the drill CronJob is pruned with
# the retirement), and lose every write in between. Both stamps come from the backup pod's clock, in UTC.
taken_while_read_only() {
    local marker since stamp
    marker=$(read_only_marker)
    [ -r "$marker" ] && IFS= read -r since <"$marker" || return 1
    since=${since%%Z:*}
    since=${since//[-:]/}Z # 2026-12-01T10:20:30Z -> 20261201T102030Z, the dumps' stamp format
    stamp=${1##*/"$BACKUP_PREFIX"-}
    stamp=${stamp%%.*}
    [[ $since =~ ^[0-9]{8}T[0-9]{6}Z$ ]] && ! [[ $stamp < $since ]]
}

drill_note() {
    case $(drill_verdict "$1") in
    passed) printf 'its restore drill passed' ;;
    *) printf 'not drilled yet: no dump with a passed drill verifies' ;;
    esac
}

import_dump() {
    local started=$SECONDS sha256 size
    sha256=$(file_sha256 "$DUMP")
    size=$(file_size "$DUMP")
    log "restoring $DUMP ($size bytes, sha256 $sha256) into \`$MYSQL_DATABASE\`"
    { printf 'SET SESSION sql_log_bin = 0;\n'; gzip -dc -- "$DUMP"; } |
        init_sql --max-allowed-packet=1G --database="$MYSQL_DATABASE" ||
        die "importing $DUMP into \`$MYSQL_DATABASE\` failed (see the client's message above); the new data directory is discarded and the server does not start. Fix or remove the dump, then delete the pod to try again"
    record_marker restored "${DUMP##*/}" "$sha256"
    log "restored $DUMP into \`$MYSQL_DATABASE\` in $((SECONDS - started))s"
}

new_data_directory() {
    local staging=$DATA_ROOT/data.staging
    if [ -e "$staging" ]; then
        log "deleting $staging, left by an interrupted attempt"
        rm -rf -- "$staging"
    fi
    if [ -d "$DATA_ROOT/data" ]; then
        # kubelet creates an empty subPath folder; anything else is not ours to delete
        rmdir -- "$DATA_ROOT/data" 2>/dev/null ||
            die "$DATA_ROOT/data exists without a mysql/ folder and is not empty: not a data directory mysqlrender made; move it away"
    fi
    read_password
    choose_dump
    initialise "$staging"
    start_private_server "$staging"
    create_database_and_marker
    if [ -n "$DUMP" ]; then
        import_dump
    else
        record_marker nothing-to-restore
        log "nothing to restore: no dump of $BACKUP_PREFIX in $BACKUP_DIR; \`$MYSQL_DATABASE\` starts empty"
    fi
    set_accounts
    apply_declared_accounts
    stop_private_server
    mv -- "$staging" "$DATA_ROOT/data"
    log "the new data directory is in place; the server starts next"
}

# spec.users and the exporter's user (accounts.sh, the accounts Job's script) over the private socket, so an
# application finds its user when the server first answers, without waiting for a sync. A user whose Secret does not
# exist yet is skipped (the accounts Job fails on it, saying so): an application's Secret never stops the database.
apply_declared_accounts() {
    [ -n "${ACCOUNTS_USERS:-}${ACCOUNTS_REMOVED:-}" ] || return 0
    log "applying the declared accounts before the server starts"
    MYSQL_SOCKET=$SOCKET MYSQL_PASSWORD_FILE=$MYSQL_ROOT_PASSWORD_FILE WAIT_TIMEOUT_SECONDS=$START_TIMEOUT_SECONDS \
        ACCOUNTS_MISSING_PASSWORDS=skip accounts_apply
}

# --- 3. settings ---------------------------------------------------------------------------------------------

# The server settings (NAME-config) are copied into CONFIG_DIR (an emptyDir the mysql container mounts at
# /etc/mysql/conf.d). Whether the server starts read-only is decided by the mysql container's server-start.sh, at
# each of its starts.
copy_settings() {
    [ -n "${CONFIG_DIR:-}" ] || return 0
    local file
    [ -d "$CONFIG_DIR" ] && [ -w "$CONFIG_DIR" ] || die "CONFIG_DIR $CONFIG_DIR is not a writable directory (is the config emptyDir mounted?)"
    for file in "${CONFIG_SOURCE_DIR:-/nonexistent}"/*.cnf; do
        cp -- "$file" "$CONFIG_DIR/"
    done
}

# DATA_ROOT/tmp, the server's tmpdir on the data volume: created, and emptied of what a killed server left (no
# server runs now; mysqld unlinks its temporary files while it uses them, so nothing there is still needed).
prepare_server_tmpdir() {
    mkdir -p -- "$DATA_ROOT/$SERVER_TMP"
    chmod 0750 -- "$DATA_ROOT/$SERVER_TMP" 2>/dev/null || true # kubelet may have made it, as root, for the subPath
    find "$DATA_ROOT/$SERVER_TMP" -mindepth 1 -delete 2>/dev/null ||
        log "could not empty $DATA_ROOT/$SERVER_TMP (left as it is)"
}

main() {
    trap 'stop_private_server; accounts_remove_files' EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_env
    copy_settings
    migrate_root_layout
    prepare_server_tmpdir
    if [ -d "$DATA_ROOT/data/mysql" ]; then
        log "the data directory $DATA_ROOT/data is initialised; nothing to do"
        return 0
    fi
    new_data_directory
}

main
