# mysqlrender backup: dump one database to a verified, checksummed, UTC-timestamped gzip file, then apply retention.
# Sources lib.sh beside it. Environment (docs/backup-restore.md): MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE
# BACKUP_DIR BACKUP_PREFIX BACKUP_KEEP WAIT_TIMEOUT_SECONDS TMPDIR, and BACKUP_MODE:
#   scheduled   the CronJob;
#   final       the PreSync hook of a retired instance: afterwards BACKUP_DIR/BACKUP_PREFIX.retired names the dump,
#               and a later sync (the server is gone by then) finds it and exits 0;
#   pre-delete  the PreDelete hook: fails (so Argo CD keeps the instance) unless the dump is written.
# shellcheck source=lib.sh
. "${BASH_SOURCE[0]%/*}/lib.sh"
set -eu -o pipefail
SCRIPT=backup
umask 027 # dumps: owner and group (fsGroup) only

PARTIAL=
SUM_PARTIAL=
STALE_SECONDS=$((24 * 3600)) # .partial files older than this were left by a killed backup
RETIRED_WAIT_SECONDS=20      # a retired instance whose final dump exists is given this long to answer
DUMP_FLAGS=(--single-transaction --quick --routines --events --triggers --hex-blob --no-tablespaces
    --default-character-set=utf8mb4 --skip-add-drop-table --loose-set-gtid-purged=OFF --loose-column-statistics=0)

cleanup() {
    local rc=$?
    rm -f -- "$PARTIAL" "$SUM_PARTIAL"
    # i16: a dump that never got its name leaves no manifest; a failed backup says so in its status line (lib.sh)
    [ -z "$PARTIAL" ] || rm -f -- "$DUMP.manifest"
    [ "$rc" -eq 0 ] || report_status backup failed mode "${BACKUP_MODE:-}" exitCode "$rc" durationSeconds "$SECONDS"
    # i16 end
    remove_client_files
}

check_env() {
    check_backup_env
    require_env BACKUP_KEEP
    require_int BACKUP_KEEP
    [ "$BACKUP_KEEP" -ge 1 ] || die "BACKUP_KEEP must be at least 1"
    [ -w "$BACKUP_DIR" ] || die "BACKUP_DIR $BACKUP_DIR is not writable"
    BACKUP_MODE=${BACKUP_MODE:-scheduled}
    case $BACKUP_MODE in
    scheduled | final | pre-delete) ;;
    *) die "BACKUP_MODE must be scheduled, final or pre-delete, got '$BACKUP_MODE'" ;;
    esac
    RETIRED_MARKER=$BACKUP_DIR/$BACKUP_PREFIX.retired
    DUMP_PROGRAM=$(first_program mysqldump mariadb-dump)
}

# A retired instance is synced again after its server (and maybe its Secret) was pruned: the final dump is
# already on the volume, so a server that does not answer soon is accepted as gone.
accept_retirement() {
    [ "$BACKUP_MODE" = final ] && [ -s "$RETIRED_MARKER" ] || return 1
    if [ -r "$MYSQL_PASSWORD_FILE" ]; then
        write_option_file "$MYSQL_PASSWORD_FILE" "$MYSQL_HOST" "$MYSQL_PORT"
        wait_for_server "$RETIRED_WAIT_SECONDS" && return 1
    fi
    log "the instance is retired and its server is gone; final dump: $(<"$RETIRED_MARKER"); nothing to do"
}

# Sets DUMP and creates DUMP.partial exclusively (noclobber), so two jobs never share a file; a name taken
# within the same second is retried a second later.
claim_dump_name() {
    local attempt
    for attempt in 1 2 3 4 5; do
        DUMP=$BACKUP_DIR/$BACKUP_PREFIX-$(date -u +%Y%m%dT%H%M%SZ).sql.gz
        if [ ! -e "$DUMP" ] && (set -C && : >"$DUMP.partial") 2>/dev/null; then
            PARTIAL=$DUMP.partial
            return 0
        fi
        sleep 1
    done
    die "could not create a new dump file in $BACKUP_DIR"
}

dump_database() {
    "$DUMP_PROGRAM" --defaults-extra-file="$OPTION_FILE" "${DUMP_FLAGS[@]}" "$MYSQL_DATABASE" | gzip -c >"$PARTIAL"
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

# Keeps the newest BACKUP_KEEP dumps of this prefix; the glob lists them oldest first.
prune_old_dumps() {
    set -- "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz
    while [ $# -gt "$BACKUP_KEEP" ]; do
        rm -f -- "$1" "$1.sha256"
        remove_dump_companions "$1" # i16: its manifest and drill report (lib.sh)
        log "pruned $1 and its .sha256 (keeping the newest $BACKUP_KEEP)"
        shift
    done
}

# Leftovers of killed backups: .partial files, and checksums whose dump never got its final name.
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
}

# The final dump is named in BACKUP_PREFIX.retired; a scheduled backup means the instance lives again.
record_retirement() {
    case $BACKUP_MODE in
    final)
        printf '%s\n' "${DUMP##*/}" >"$RETIRED_MARKER"
        log "final backup of the retired instance: ${DUMP##*/} (recorded in $RETIRED_MARKER)"
        ;;
    scheduled)
        if [ -e "$RETIRED_MARKER" ]; then
            rm -f -- "$RETIRED_MARKER"
            log "removed $RETIRED_MARKER: the instance is running again"
        fi
        ;;
    esac
}

main() {
    trap cleanup EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_env
    if accept_retirement; then
        return 0
    fi
    [ -n "$OPTION_FILE" ] || write_option_file "$MYSQL_PASSWORD_FILE" "$MYSQL_HOST" "$MYSQL_PORT"
    wait_for_server "$WAIT_TIMEOUT_SECONDS" || die "no backup taken: MySQL did not answer (see above)"
    claim_dump_name
    log "dumping database \`$MYSQL_DATABASE\` from $MYSQL_HOST:$MYSQL_PORT to $PARTIAL ($BACKUP_MODE backup)"
    dump_database || die "$DUMP_PROGRAM failed; nothing was written (see its message above)"
    finish_dump
    record_retirement
    prune_old_dumps
    prune_stale_files
    log "backup complete"
    # i16: the one-line status (lib.sh); verified stays false until the drill of this dump passes
    report_status backup succeeded mode "$BACKUP_MODE" dump "${DUMP##*/}" size "$(file_size "$DUMP")" \
        durationSeconds "$SECONDS" verified false
}

main
