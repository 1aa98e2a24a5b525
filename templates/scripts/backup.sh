# mysqlrender backup: dump one database to a verified, checksummed, UTC-timestamped gzip file, then apply retention.
# Sources lib.sh beside it. Environment (docs/backup-restore.md): MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE
# BACKUP_DIR BACKUP_PREFIX BACKUP_KEEP WAIT_TIMEOUT_SECONDS TMPDIR, optional DUMP_STALL_SECONDS LOCK_WAIT_SECONDS,
# and BACKUP_MODE:
#   scheduled      the CronJob; never changes the retired or read-only state;
#   final          the PreSync hook of a retired instance: sets the server read-only, dumps, and names the dump in
#                  BACKUP_DIR/BACKUP_PREFIX.retired; a later sync (the server is gone by then) finds it and exits 0;
#   pre-delete     the PreDelete hook: sets the server read-only and fails (so Argo CD keeps the instance) unless
#                  the dump is written;
#   before-change  the PreSync hook of spec.backup.beforeChange: one dump per value of BACKUP_CHANGE, recorded in
#                  BACKUP_DIR/BACKUP_PREFIX.before-change.
# shellcheck source=lib.sh
. "${BASH_SOURCE[0]%/*}/lib.sh"
set -eu -o pipefail
SCRIPT=backup
umask 027 # dumps: owner and group (fsGroup) only

DUMP=
PARTIAL=
SUM_PARTIAL=
FIFO=
DUMP_PID=
GZIP_PID=
STALL_REPORT=
STALE_SECONDS=$((24 * 3600)) # .partial files older than this were left by a killed backup
RETIRED_WAIT_SECONDS=20      # a retired instance whose final dump exists is given this long to answer
DUMP_FLAGS=(--single-transaction --quick --routines --events --triggers --hex-blob --no-tablespaces
    --default-character-set=utf8mb4 --skip-add-drop-table --loose-set-gtid-purged=OFF --loose-column-statistics=0
    --max-allowed-packet=1G)

cleanup() {
    local status=$?
    [ -z "$DUMP_PID" ] || kill "$DUMP_PID" 2>/dev/null || true
    [ -z "$GZIP_PID" ] || kill "$GZIP_PID" 2>/dev/null || true
    rm -f -- "$PARTIAL" "$SUM_PARTIAL" "$FIFO"
    # i16: a dump that never got its name leaves no manifest; a failed backup says so in its status line (lib.sh)
    # (TERM runs this right after the command it interrupted: after the final rename PARTIAL may still be set.)
    [ -z "$PARTIAL" ] || [ -e "$DUMP" ] || rm -f -- "$DUMP.manifest"
    # The status line is the container's termination message (what kubectl describe shows), so it carries what the
    # failure means and what to do ("hint"), which the log's last line repeats.
    [ "$status" -eq 0 ] || report_status backup failed mode "${BACKUP_MODE:-}" exitCode "$status" durationSeconds "$SECONDS" \
        hint "$(failure_hint)"
    # i16 end
    remove_client_files
    [ "$status" -eq 0 ] || log "$(failure_hint)" >&2
}

# What a failed run means and what to do.
failure_hint() {
    case ${BACKUP_MODE:-scheduled} in
    scheduled)
        printf '%s' "no backup was taken; the next scheduled run tries again. To retry now: kubectl create job --from=cronjob/backup-$BACKUP_PREFIX backup-$BACKUP_PREFIX-manual"
        ;;
    final)
        printf '%s' "the final backup of the retired instance failed: Argo CD stops this sync here and prunes nothing, so the server and its data stay. $(read_only_note) Fix the cause above and sync again; to keep the instance instead, set spec.retired: false and sync (the restore check makes it writable again)."
        ;;
    pre-delete)
        printf '%s' "the PreDelete backup failed: Argo CD re-creates this hook and retries it, and the Application is not deleted until it succeeds. $(read_only_note) Fix the cause above, or, to delete without this backup, remove the pre-delete finalizers of the Application (docs/argocd.md, \"A PreDelete hook that keeps failing\")."
        ;;
    before-change)
        printf '%s' "the backup before the change '${BACKUP_CHANGE:-}' failed: Argo CD stops this sync before applying anything. Fix the cause above and sync again, or remove spec.backup.beforeChange to apply the change without this backup."
        ;;
    esac
}

read_only_note() {
    if [ -n "${BACKUP_DIR:-}" ] && [ -e "$BACKUP_DIR/${BACKUP_PREFIX:-}.read-only" ]; then
        printf 'The server was set read-only before the dump and stays so (%s).' "$BACKUP_DIR/$BACKUP_PREFIX.read-only"
    fi
}

check_env() {
    check_backup_env
    require_env BACKUP_KEEP
    require_int BACKUP_KEEP
    [ "$BACKUP_KEEP" -ge 1 ] || die "BACKUP_KEEP must be at least 1"
    DUMP_STALL_SECONDS=${DUMP_STALL_SECONDS:-600}
    require_int DUMP_STALL_SECONDS
    require_int LOCK_WAIT_SECONDS
    BACKUP_MODE=${BACKUP_MODE:-scheduled}
    case $BACKUP_MODE in
    scheduled | final | pre-delete) ;;
    before-change)
        require_env BACKUP_CHANGE
        [[ $BACKUP_CHANGE =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$ ]] ||
            die "BACKUP_CHANGE must be 1-63 characters of [A-Za-z0-9._-], got '$BACKUP_CHANGE'"
        ;;
    *) die "BACKUP_MODE must be scheduled, final, pre-delete or before-change, got '$BACKUP_MODE'" ;;
    esac
    RETIRED_MARKER=$(retired_marker)
    CHANGE_LOG=$BACKUP_DIR/$BACKUP_PREFIX.before-change
    NO_ROOM_MARKER=$BACKUP_DIR/$BACKUP_PREFIX.no-room # i15: see skip_dump_for_upload
    DUMP_PROGRAM=$(first_program mysqldump mariadb-dump)
}

# A retired instance is synced again after its server (and maybe its Secret) was pruned: the final dump is
# already on the volume, so a server that does not answer soon is accepted as gone. Only while that retirement
# stands: the server was frozen (NAME.read-only) and the final dump is still there. A NAME.retired left from an
# earlier retirement (the instance lived again, restore check disabled) would otherwise skip this one's final dump.
accept_retirement() {
    local final
    [ "$BACKUP_MODE" = final ] && [ -s "$RETIRED_MARKER" ] && [ -e "$(read_only_marker)" ] || return 1
    final=$(<"$RETIRED_MARKER")
    [ -f "$BACKUP_DIR/$final" ] || return 1
    if [ -r "$MYSQL_PASSWORD_FILE" ]; then
        write_option_file "$MYSQL_PASSWORD_FILE" "$MYSQL_HOST" "$MYSQL_PORT"
        wait_for_server "$RETIRED_WAIT_SECONDS" && return 1
    fi
    log "the instance is retired and its server is gone; final dump: $final; nothing to do"
}

# BACKUP_DIR/BACKUP_PREFIX.before-change holds one line per served value: VALUE<TAB>DUMP.
change_already_served() {
    local value dump
    [ "$BACKUP_MODE" = before-change ] && [ -f "$CHANGE_LOG" ] || return 1
    while IFS=$'\t' read -r value dump; do
        if [ "$value" = "$BACKUP_CHANGE" ]; then
            log "the backup before the change '$BACKUP_CHANGE' was already taken ($dump); nothing to do"
            return 0
        fi
    done <"$CHANGE_LOG"
    return 1
}

# Sets DUMP and creates DUMP.partial exclusively (noclobber), so two jobs never share a file; a name taken
# within the same second is retried a second later.
claim_dump_name() {
    local _
    for _ in 1 2 3 4 5; do
        DUMP=$BACKUP_DIR/$BACKUP_PREFIX-$(date -u +%Y%m%dT%H%M%SZ).sql.gz
        if [ ! -e "$DUMP" ] && (set -C && : >"$DUMP.partial") 2>/dev/null; then
            PARTIAL=$DUMP.partial
            return 0
        fi
        sleep 1
    done
    die "could not create a new dump file in $BACKUP_DIR"
}

# mysqldump has no lock-wait option (mariadb-dump none at all), and the server's lock_wait_timeout defaults to a
# year: a dump queued behind a metadata lock (an ALTER TABLE, a LOCK TABLES) would wait for it, keep the volume and
# block every later run. So the dump is watched: when PARTIAL has not grown for DUMP_STALL_SECONDS, the dump is
# stopped (the server drops the waiting session with its connection) and the sessions it waited for are logged.
dump_database() {
    local dump_status=0 gzip_status=0 size last_size=-1 last_growth=$SECONDS header
    FIFO=$(mktemp -u "$TMPDIR/mysqlrender-dump.XXXXXX")
    mkfifo -m 600 "$FIFO" || return 1
    gzip -c <"$FIFO" >"$PARTIAL" &
    GZIP_PID=$!
    header=$(database_defaults_header) || return 1
    { printf '%s' "$header" && exec "$DUMP_PROGRAM" --defaults-extra-file="$OPTION_FILE" "${DUMP_FLAGS[@]}" "$MYSQL_DATABASE"; } >"$FIFO" &
    DUMP_PID=$!
    while kill -0 "$DUMP_PID" 2>/dev/null; do
        size=$(file_size "$PARTIAL")
        if [ "$size" != "$last_size" ]; then
            last_size=$size
            last_growth=$SECONDS
        elif [ $((SECONDS - last_growth)) -ge "$DUMP_STALL_SECONDS" ]; then
            STALL_REPORT=$(busy_sessions)
            kill "$DUMP_PID" 2>/dev/null || true
            break
        fi
        sleep 1
    done
    wait "$DUMP_PID" || dump_status=$?
    DUMP_PID=
    wait "$GZIP_PID" || gzip_status=$?
    GZIP_PID=
    rm -f -- "$FIFO"
    FIFO=
    if [ -n "$STALL_REPORT" ]; then
        die "$DUMP_PROGRAM wrote nothing for ${DUMP_STALL_SECONDS}s and was stopped: it was waiting for a lock. The server's busy sessions (look for a long transaction, LOCK TABLES or ALTER TABLE, and end it):
$STALL_REPORT"
    fi
    [ "$dump_status" -eq 0 ] && [ "$gzip_status" -eq 0 ]
}

# A dump of one database names no database (it restores under any name), so it would not carry the database's own
# default character set and collation: the first statement of every dump sets them on the database it is imported
# into (ALTER DATABASE without a name applies to the default database, which the import selects).
database_defaults_header() {
    local row charset collation
    row=$(sql "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA
        WHERE CAST(SCHEMA_NAME AS BINARY) = X'$(sql_hex "$MYSQL_DATABASE")'") ||
        die "could not read the default character set of \`$MYSQL_DATABASE\`"
    IFS=$'\t' read -r charset collation <<<"$row"
    [[ $charset =~ ^[a-z0-9_]+$ && $collation =~ ^[a-z0-9_]+$ ]] ||
        die "unexpected default character set '$charset' / collation '$collation' of \`$MYSQL_DATABASE\`"
    printf -- '-- mysqlrender: the defaults of the dumped database\n/*!40100 ALTER DATABASE CHARACTER SET %s COLLATE %s */;\n' \
        "$charset" "$collation"
}

# Busy sessions without their statement text (which may hold data): id, user, db, command, seconds, state.
busy_sessions() {
    sql "SELECT ID, USER, IFNULL(DB, '-'), COMMAND, TIME, IFNULL(STATE, '-') FROM information_schema.PROCESSLIST
        WHERE COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump') AND ID <> CONNECTION_ID() ORDER BY TIME DESC" 2>&1 |
        sed 's/^/    /' || true
}

# Durability before the rename; coreutils older than 8.24 ignore the argument and sync everything.
flush() {
    sync "$1" 2>/dev/null || sync
}

# dump.partial -> gzip -t -> trailer -> dump.sha256 -> atomic rename: a *.sql.gz name always means complete.
finish_dump() {
    local name=${DUMP##*/} sha256
    gzip -t -- "$PARTIAL" || die "$PARTIAL is not a valid gzip file"
    has_dump_trailer "$PARTIAL" || die "$PARTIAL lacks the '-- Dump completed' trailer: the dump is incomplete"
    write_dump_manifest "$PARTIAL" "$DUMP.manifest" # i16: tables, views and row counts for the drill (lib.sh)
    flush "$PARTIAL"
    sha256=$(file_sha256 "$PARTIAL")
    SUM_PARTIAL=$DUMP.sha256.partial
    printf '%s  %s\n' "$sha256" "$name" >"$SUM_PARTIAL"
    flush "$SUM_PARTIAL"
    mv -f -- "$SUM_PARTIAL" "$DUMP.sha256"
    SUM_PARTIAL=
    pin_for_upload "$DUMP" # i15: before the final name, so a complete dump is never unpinned before its upload
    mv -f -- "$PARTIAL" "$DUMP"
    PARTIAL=
    flush "$BACKUP_DIR"
    log "wrote $DUMP ($(file_size "$DUMP") bytes, sha256 $sha256)"
}

available_kib() {
    df -Pk -- "$BACKUP_DIR" | awk 'NR == 2 { print $4 }'
}

# prune_dumps LIMIT [NEEDED_KIB]: deletes the oldest dumps until at most LIMIT remain (or, with NEEDED_KIB, until
# that much space is free), except the newest intact dump and dumps not yet copied off the cluster. After this
# run's dump (DUMP, the newest name, verified a moment ago) no checksum needs reading.
prune_dumps() {
    local limit=$1 needed=${2:-} dumps newest i file
    mapfile -t dumps < <(list_dumps)
    if [ -n "${DUMP:-}" ] && [ -e "$DUMP" ] && [ "${dumps[${#dumps[@]} - 1]}" = "$DUMP" ]; then
        newest=$DUMP
    else
        newest=$(newest_intact_dump)
    fi
    # The oldest beyond the newest LIMIT: a pinned one among them is kept in addition, it never costs a newer dump.
    for ((i = 0; i < ${#dumps[@]} - limit; i++)); do
        file=${dumps[i]}
        [ -z "$needed" ] || [ "$(available_kib)" -lt "$needed" ] || return 0
        if [ "$file" = "$newest" ]; then
            log "keeping $file: it is the newest intact dump"
            continue
        fi
        if dump_is_pinned "$file"; then
            log "keeping $file: it is not copied off the cluster yet ($file$PENDING_UPLOAD_SUFFIX)"
            continue
        fi
        rm -f -- "$file" "$file.sha256"
        remove_dump_companions "$file" # i16: its manifest and drill report (lib.sh)
        log "pruned $file and its .sha256 (keeping the newest $BACKUP_KEEP)"
    done
}

# Before dumping: the new dump needs about as much as the newest one, plus a quarter and 64 KiB. When the volume is
# short, the dumps this run would prune afterwards anyway go first; if that is not enough, nothing is deleted
# beyond them and the run fails with what to do.
ensure_free_space() {
    local newest needed available
    newest=$(list_dumps | tail -n 1)
    [ -n "$newest" ] || return 0
    needed=$(($(file_size "$newest") * 5 / 4 / 1024 + 64))
    available=$(available_kib)
    [ "$available" -lt "$needed" ] || return 0
    log "the backup volume has ${available} KiB free, the next dump needs about ${needed} KiB (the last one, ${newest##*/}, plus a quarter): pruning within spec.backup.keep first"
    prune_dumps $((BACKUP_KEEP - 1)) "$needed"
    available=$(available_kib)
    [ "$available" -lt "$needed" ] || return 0
    message="not enough space on the backup volume $BACKUP_DIR: ${available} KiB free, about ${needed} KiB needed, and the remaining dumps are the newest intact one, the newest $((BACKUP_KEEP - 1)) or not yet copied off the cluster. Raise spec.backup.storageSize (if the storage class allows expansion), lower spec.backup.keep, or copy old dumps elsewhere and delete them"
    skip_dump_for_upload "$message" || die "$message"
}

# i15: with object storage, the dumps that keep the volume full may only be waiting for their upload, which the upload
# container does after this one succeeds: failing here would keep them, and the volume full, for good. So a scheduled
# run with such dumps takes no dump, leaves the reason in NO_ROOM_MARKER and exits 0; the upload container copies the
# waiting dumps off the cluster (the next run can prune them) and then fails the Job with the reason.
skip_dump_for_upload() {
    local dump waiting=0
    [ "$BACKUP_MODE" = scheduled ] && [ "${BACKUP_PIN_FOR_UPLOAD:-false}" = true ] || return 1
    while IFS= read -r dump; do
        ! dump_is_pinned "$dump" || waiting=$((waiting + 1))
    done < <(list_dumps)
    [ "$waiting" -gt 0 ] || return 1
    LAST_ERROR="$1; no dump was taken in this run, $waiting dump(s) wait for their upload"
    printf '%s\n' "$LAST_ERROR" >"$NO_ROOM_MARKER" 2>/dev/null || return 1
    log "$LAST_ERROR: the upload container copies them off the cluster next, so the next run can prune them" >&2
    report_status backup failed mode "$BACKUP_MODE" durationSeconds "$SECONDS"
    exit 0
}

# Leftovers of killed backups and S3 fetches: .partial files, and checksums whose dump never got its final name.
prune_stale_files() {
    local cutoff file stamp
    cutoff=$(date -u -d "@$(($(date +%s) - STALE_SECONDS))" +%Y%m%dT%H%M%SZ)
    for file in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.partial \
        "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.sha256.partial \
        "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.sha256; do
        [[ $file == *.sha256 && -e ${file%.sha256} ]] && continue
        stamp=${file#"$BACKUP_DIR/$BACKUP_PREFIX"-}
        stamp=${stamp%%.*}
        if [[ $stamp < $cutoff ]]; then
            rm -f -- "$file"
            log "removed stale $file (left by an interrupted backup)"
        fi
    done
    # The S3 fetch's files carry the stamp of the dump they copy, which may be old while it still writes: by mtime.
    for file in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.fetch.partial \
        "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.sha256.fetch.partial; do
        [ -f "$file" ] && (($(stat -c %Y -- "$file") < $(date +%s) - STALE_SECONDS)) || continue
        rm -f -- "$file"
        log "removed stale $file (left by an interrupted S3 fetch)"
    done
}

# Before the dump: a final or pre-delete backup must hold every write the server accepts until it is gone, and
# Argo CD may wait days for a confirmation after this hook, so the server stops accepting writes first.
freeze_writes() {
    case $BACKUP_MODE in
    final) make_server_read_only "final backup of the retired instance $BACKUP_PREFIX; set spec.retired: false to make it writable again" ;;
    pre-delete) make_server_read_only "backup before Argo CD deletes the Application of $BACKUP_PREFIX" ;;
    *) return 0 ;;
    esac || die "could not make the server read-only; no backup taken"
}

# After the dump: what later runs look for. A scheduled run never touches the retired state.
record_dump() {
    case $BACKUP_MODE in
    final)
        printf '%s\n' "${DUMP##*/}" >"$RETIRED_MARKER"
        log "final backup of the retired instance: ${DUMP##*/} (recorded in $RETIRED_MARKER)"
        ;;
    before-change)
        printf '%s\t%s\n' "$BACKUP_CHANGE" "${DUMP##*/}" >>"$CHANGE_LOG"
        log "backup before the change '$BACKUP_CHANGE': ${DUMP##*/} (recorded in $CHANGE_LOG)"
        ;;
    esac
}

main() {
    trap cleanup EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_env
    if accept_retirement || change_already_served; then
        return 0
    fi
    [ -n "$OPTION_FILE" ] || write_option_file "$MYSQL_PASSWORD_FILE" "$MYSQL_HOST" "$MYSQL_PORT"
    wait_for_server "$WAIT_TIMEOUT_SECONDS" || die "no backup taken: MySQL did not answer (see above)"
    require_restore_settled # lib.sh (i13): a dump of an unrestored or half-restored database must not rotate good dumps out
    rm -f -- "$NO_ROOM_MARKER" # i15: a reason left by an earlier run whose upload never ran
    ensure_free_space
    freeze_writes
    claim_dump_name
    log "dumping database \`$MYSQL_DATABASE\` from $MYSQL_HOST:$MYSQL_PORT to $PARTIAL ($BACKUP_MODE backup)"
    dump_database || die "$DUMP_PROGRAM failed; nothing was written (see its message above)"
    finish_dump
    record_dump
    prune_dumps "$BACKUP_KEEP"
    prune_stale_files
    log "backup complete"
    # i16: the one-line status (lib.sh); verified stays false until the drill of this dump passes
    report_status backup succeeded mode "$BACKUP_MODE" dump "${DUMP##*/}" size "$(file_size "$DUMP")" \
        durationSeconds "$SECONDS" verified false
}

main
