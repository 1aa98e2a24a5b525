# mysqlrender S3 fetch: an init container of the server pod, BEFORE the server's own init (which restores the
# newest valid dump of the backup volume into an uninitialised data directory). POSIX sh for the rclone image.
# When the data directory is uninitialised (a new cluster, a lost volume), it brings the newest remote dump whose
# checksum matches into the backup volume, so the restore finds it there with all the guarantees of a local dump.
# Environment: see s3-lib.sh, and
#   DATA_VOLUME       the data volume's root, mounted read-only (initialised: data/mysql, or mysql for the 0.1 layout)
#   RESTORE_SOURCE    auto (fetch when the bucket's newest valid dump is newer than the volume's), local (never
#                     fetch), s3 (always take the bucket's newest valid dump)
#   S3_SOURCE_PREFIX  read dumps from this prefix instead of S3_PREFIX (cloning another instance; only read)
#   RESTORE_FROM      a dump name: fetch exactly that one when the volume lacks it
# A fetched dump is stored under this instance's name (BACKUP_PREFIX-<UTC>.sql.gz and .sha256, written to
# .partial files, verified, then renamed), and BACKUP_DIR/BACKUP_PREFIX.fetched names it. The bucket is only read.
. "$(dirname -- "$0")/s3-lib.sh"
SCRIPT=s3-fetch
PARTIAL=
SUM_PARTIAL=

check_env() {
    check_s3_env
    require_env DATA_VOLUME
    RESTORE_SOURCE=${RESTORE_SOURCE:-auto}
    case $RESTORE_SOURCE in
    auto | local | s3) ;;
    *) die "RESTORE_SOURCE must be auto, local or s3, got '$RESTORE_SOURCE'" ;;
    esac
    SOURCE_PREFIX=${S3_SOURCE_PREFIX:-$S3_PREFIX}
    check_prefix S3_SOURCE_PREFIX "$SOURCE_PREFIX"
    if [ -n "${RESTORE_FROM:-}" ]; then
        case $RESTORE_FROM in
        -* | */* | *[!A-Za-z0-9._-]*) die "RESTORE_FROM must be a dump file name, got '$RESTORE_FROM'" ;;
        *.sql.gz) ;;
        *) die "RESTORE_FROM must end in .sql.gz, got '$RESTORE_FROM'" ;;
        esac
    fi
}

cleanup() {
    rm -f -- "$PARTIAL" "$SUM_PARTIAL"
    remove_work
}

datadir_initialised() {
    [ -d "$DATA_VOLUME/data/mysql" ] || [ -d "$DATA_VOLUME/mysql" ]
}

# fetch_dump NAME: downloads NAME and NAME.sha256 next to the local dumps, verifies them, and renames them to this
# instance's name. Returns 1 (after saying why) when the remote dump is not usable.
fetch_dump() {
    name=$1
    local_name=$BACKUP_PREFIX-$(dump_stamp "$name").sql.gz
    target=$BACKUP_DIR/$local_name
    PARTIAL=$target.fetch.partial
    SUM_PARTIAL=$target.sha256.fetch.partial
    log "fetching $(describe "$name")"
    if ! rclone copyto "$(remote_path "$name.sha256")" "$SUM_PARTIAL" 2>"$WORK/copy.err" ||
        ! rclone copyto "$(remote_path "$name")" "$PARTIAL" 2>>"$WORK/copy.err"; then
        sed 's/^/    /' "$WORK/copy.err" >&2
        rm -f -- "$PARTIAL" "$SUM_PARTIAL"
        if undecryptable_content "$WORK/copy.err"; then
            warn "skipping $(describe "$name"): its bytes do not decrypt with this passphrase (corrupt at rest)"
            return 1
        fi
        # A store that fails now (throttling, a 5xx, the network) may serve it on the next try: an older dump would
        # start the server without the newer writes, for good.
        die "could not download $(describe "$name") (rclone's message is above); not restoring an older dump in its place," \
            "which would lose the writes after it. The init container fails and the kubelet runs it again. If the object" \
            "is damaged or gone for good, delete it and its .sha256 from the bucket, or name an older dump in spec.restore.from"
    fi
    problem=$(verify_dump "$PARTIAL" "$SUM_PARTIAL")
    if [ -n "$problem" ]; then
        warn "skipping $(describe "$name"): $problem"
        rm -f -- "$PARTIAL" "$SUM_PARTIAL"
        return 1
    fi
    printf '%s  %s\n' "$(recorded_sha256 "$SUM_PARTIAL")" "$local_name" >"$SUM_PARTIAL"
    mv -f -- "$SUM_PARTIAL" "$target.sha256"
    mv -f -- "$PARTIAL" "$target"
    PARTIAL='' SUM_PARTIAL=''
    adopt_verdict "$name" "$target" >/dev/null # its drill, for the server's init and its log
    printf '%s\n' "$local_name" >"$BACKUP_DIR/$BACKUP_PREFIX.fetched"
    log "fetched $(describe "$name") into $target ($(wc -c <"$target" | tr -d ' ') bytes, sha256 verified)"
}

# undecryptable_content ERRFILE: whether rclone's crypt backend refused the bytes it read (rclone's crypt errors
# "failed to authenticate decrypted block", "not an encrypted file", "file is too short to be encrypted"): the object
# is damaged, unlike a transfer that failed.
undecryptable_content() {
    grep -q -e 'failed to authenticate decrypted block' -e 'not an encrypted file' -e 'file is too short to be encrypted' "$1"
}

# report_verdict REPORT SUMS: the REPORT's result (passed or failed) when it judged the bytes SUMS records, else none.
report_verdict() {
    result=$(report_field "$1" result)
    if [ -n "$result" ] && [ "$(report_field "$1" sha256)" = "$(recorded_sha256 "$2")" ]; then
        echo "$result"
    else
        echo none
    fi
}

# local_verdict DUMP: passed, failed or none, as lib.sh drill_verdict reads DUMP.verified.json on the backup volume.
local_verdict() {
    if [ -s "$1.verified.json" ] && [ -s "$1.sha256" ]; then
        report_verdict "$1.verified.json" "$1.sha256"
    else
        echo none
    fi
}

# adopt_verdict NAME DUMP: copies the bucket's drill report of NAME beside the local DUMP when it judged DUMP's
# bytes; prints the verdict (none: nothing copied).
adopt_verdict() {
    verdict=$(remote_verdict "$1")
    if [ "$verdict" != none ] && [ "$(recorded_sha256 "$WORK/verdict.sha256")" = "$(recorded_sha256 "$2.sha256")" ]; then
        cp -- "$WORK/verdict" "$2.verified.json.partial"
        mv -f -- "$2.verified.json.partial" "$2.verified.json"
        echo "$verdict"
    else
        echo none
    fi
}

# With spec.backup.s3 the drills run from the bucket and leave their reports there, so the backup volume's dumps
# have none: the server's init would rank every local dump as never drilled and restore the newest, even one whose
# drill failed. Each local dump without a report gets the bucket's report of the same bytes (same stamp, same
# sha256), so both restores rank dumps alike.
adopt_remote_verdicts() {
    for dump in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz; do
        [ -f "$dump" ] && [ -s "$dump.sha256" ] && [ ! -e "$dump.verified.json" ] || continue
        stamp=$(dump_stamp "${dump##*/}")
        name=$(complete_remote_dumps "$WORK/remote" "$BACKUP_PREFIX" | sed -n "s/^$stamp //p" | head -n 1)
        [ -n "$name" ] || continue
        verdict=$(adopt_verdict "$name" "$dump")
        [ "$verdict" = none ] || log "${dump##*/}: took the drill report of the same dump in the bucket ($verdict)"
    done
}

# The local dump the server's init would restore, as "CLASS STAMP PATH" (CLASS as ranked_candidates), or nothing:
# the newest valid one whose drill passed, else the newest valid one never drilled.
best_local_dump() {
    local_dumps_newest_first
    for class in passed none; do
        while IFS= read -r dump; do
            [ "$(local_verdict "$dump")" = "$class" ] || continue
            if [ -z "$(verify_dump "$dump" "$dump.sha256")" ]; then
                [ "$class" = passed ] && rank=0 || rank=1
                printf '%s %s %s\n' "$rank" "$(dump_stamp "${dump##*/}")" "$dump"
                return 0
            fi
        done <"$WORK/local"
    done
}

# remote_verdict NAME: passed, failed or none: the drill report NAME.verified.json that a drill from the bucket left
# next to the dump (s3-drill-report.sh), counted only for the bytes it judged (its sha256 must be the one
# NAME.sha256 records). A report that cannot be read counts as none, with a warning.
remote_verdict() {
    grep -qxF -- "$1.verified.json" "$WORK/remote" || {
        echo none
        return 0
    }
    if ! rclone cat "$(remote_path "$1.verified.json")" >"$WORK/verdict" 2>"$WORK/cat.err" ||
        ! rclone cat "$(remote_path "$1.sha256")" >"$WORK/verdict.sha256" 2>>"$WORK/cat.err"; then
        warn "could not read the drill report of $(describe "$1"); treating it as never drilled"
        echo none
        return 0
    fi
    report_verdict "$WORK/verdict" "$WORK/verdict.sha256"
}

# The remote dumps to try, best first, as "CLASS STAMP NAME" (CLASS 0: its drill passed, 1: never drilled), in the
# order the local restore uses: passed newest first, then undrilled newest first; one whose drill failed is skipped
# with a message. RESTORE_FROM alone
# when it is set (a named dump is restored whatever its drill said).
ranked_candidates() {
    if [ -n "${RESTORE_FROM:-}" ]; then
        remote_candidates | sed 's/^/1 /'
        return 0
    fi
    remote_candidates | while read -r stamp name; do
        case $(remote_verdict "$name") in
        passed) printf '0 %s %s
' "$stamp" "$name" ;;
        failed) warn "skipping $(describe "$name"): its drill failed ($(describe "$name.verified.json")); name it in spec.restore.from to restore it anyway" ;;
        *) printf '1 %s %s
' "$stamp" "$name" ;;
        esac
    done | sort -k1,1 -k2,2r
}

# The remote dumps to try, newest first: RESTORE_FROM alone, or every complete one.
remote_candidates() {
    complete_remote_dumps "$WORK/remote" | sort -r | while read -r stamp name; do
        if [ -z "${RESTORE_FROM:-}" ] || [ "$name" = "$RESTORE_FROM" ] ||
            [ "$stamp" = "$(dump_stamp "$RESTORE_FROM")" ]; then
            printf '%s %s\n' "$stamp" "$name"
        fi
    done
}

# local_ranks_first "CLASS STAMP PATH" CLASS STAMP: whether the local dump comes before the remote one in the
# restore order (a passed drill first, then the newer), so fetching the remote one would change nothing.
local_ranks_first() {
    set -- "${1%% *}" "$(printf '%s' "$1" | cut -d ' ' -f 2)" "$2" "$3"
    [ "$1" -lt "$3" ] || { [ "$1" -eq "$3" ] && [ "$(stamp_number "$2")" -ge "$(stamp_number "$4")" ]; }
}

rank_word() {
    [ "$1" = 0 ] && printf 'its drill passed' || printf 'not drilled'
}

main() {
    trap cleanup EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_env
    if datadir_initialised; then
        log "the data directory is initialised; nothing to fetch"
        return 0
    fi
    rm -f -- "$BACKUP_DIR/$BACKUP_PREFIX.fetched" # an earlier start's; the server's init reads only this start's
    if [ "$RESTORE_SOURCE" = local ]; then
        log "restore.source is local; not looking in the bucket"
        return 0
    fi
    if [ -n "${RESTORE_FROM:-}" ] && [ -f "$BACKUP_DIR/$RESTORE_FROM" ]; then
        log "$BACKUP_DIR/$RESTORE_FROM is on the backup volume; nothing to fetch"
        return 0
    fi
    configure_rclone "$SOURCE_PREFIX"
    list_remote "$WORK/remote" "the server does not start until the bucket can be read (set spec.restore.source: local to start without the bucket's dumps)"
    [ -n "${S3_SOURCE_PREFIX:-}" ] || adopt_remote_verdicts # another instance's reports judge its dumps, not ours
    local_best='' local_newest=''
    if [ "$RESTORE_SOURCE" != s3 ]; then
        if [ -n "${RESTORE_FROM:-}" ]; then
            local_newest=$(newest_valid_local_dump)
            [ -z "$local_newest" ] || local_best="1 $local_newest"
        else
            local_best=$(best_local_dump)
            local_newest=${local_best#* }
        fi
    fi
    ranked_candidates >"$WORK/candidates"
    if [ ! -s "$WORK/candidates" ] && [ -n "$(remote_candidates)" ]; then
        if [ -n "$local_newest" ]; then
            warn "every complete dump in $(describe '') failed its drill; the restore uses the local ${local_newest#* }"
            return 0
        fi
        die "every complete dump in $(describe '') failed its drill (see above); not starting the server with an empty" \
            "database while backups exist. Name one in spec.restore.from to restore it anyway"
    fi
    if [ ! -s "$WORK/candidates" ]; then
        [ "$UNDECRYPTABLE" -le 0 ] || [ -n "$local_newest" ] ||
            die "the bucket holds objects this passphrase cannot decrypt and no dump it can; not starting with an empty" \
                "database. Check spec.backup.s3.encryption (the Secret must hold the passphrase the dumps were written with)"
        if [ -n "${RESTORE_FROM:-}" ]; then
            die "$RESTORE_FROM is neither on the backup volume nor a complete dump in $(describe '')"
        fi
        log "no complete dump in $(describe ''); the restore uses ${local_newest:+the local }${local_newest:-no} dump"
        return 0
    fi
    while read -r class stamp name; do
        if [ -n "$local_best" ] && local_ranks_first "$local_best" "$class" "$stamp"; then
            log "the backup volume's ${local_newest#* } ($(rank_word "${local_best%% *}")) ranks before $(describe "$name") ($(rank_word "$class")); nothing to fetch"
            return 0
        fi
        fetch_dump "$name" && return 0
    done <"$WORK/candidates"
    if [ -n "$local_newest" ]; then
        warn "no dump in $(describe '') passed verification; the restore uses the older local ${local_newest#* }"
        return 0
    fi
    die "no complete dump in $(describe '') passed verification (see above); not starting the server with an empty" \
        "database while backups exist. Check the bucket, or set spec.restore.source: local to start without them"
}

main "$@"
