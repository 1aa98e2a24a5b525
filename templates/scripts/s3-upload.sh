# mysqlrender S3 upload: runs in the backup pod after the dump (the dump is an init container, so it is complete and
# verified on the backup volume before this starts). POSIX sh for the rclone image. Environment: see s3-lib.sh, and
#   S3_KEEP   how many complete dumps to keep in the bucket (the newest complete one is never deleted)
#
# What it does, in order:
# 1. refuses to interleave with another live instance writing the same prefix (the writer object, see below);
# 2. uploads every local dump that is still pinned (BACKUP_DIR/NAME-<UTC>.sql.gz.pending-upload, written by the
#    backup before the dump got its final name; lib.sh's dump_is_pinned keeps such a dump from being pruned) and the
#    newest local dump when it is not in the bucket yet: the dump, a checksum comparison of the uploaded object with
#    the local file (rclone check, or cryptcheck through the crypt remote), its .manifest (the drill's row counts),
#    then its .sha256 LAST: the .sha256
#    object is what marks a remote dump complete. Only then is the pin removed;
# 3. remote retention: keeps the newest S3_KEEP complete dumps of this instance, deleting the .sha256 of an older
#    one first (so it stops counting as complete), then the dump, its .manifest and its drill report; incomplete
#    uploads older than the oldest kept dump go too. Objects that are not this instance's dumps are never touched.
# Exits non-zero when any upload failed (the Job fails and alerts fire); the failed dumps stay pinned and the next
# run uploads them (catch-up). Also exits non-zero, after uploading, when the dump container took no dump because the
# volume was full of dumps waiting for their upload (BACKUP_DIR/NAME.no-room holds its reason).
. "$(dirname -- "$0")/s3-lib.sh"
SCRIPT=s3-upload
FAILED=0

check_env() {
    check_s3_env
    require_count S3_KEEP
    [ -w "$BACKUP_DIR" ] || die "BACKUP_DIR $BACKUP_DIR is not writable"
    WRITER_FILE=$BACKUP_DIR/$BACKUP_PREFIX.s3-writer
    NO_ROOM_FILE=$BACKUP_DIR/$BACKUP_PREFIX.no-room # the dump container took no dump: the volume was full (backup.sh)
}

new_writer_id() {
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

# Two live instances writing one prefix (say a restored cluster next to the old one) would interleave dumps and
# prune each other's. Each backup volume has its own writer id (BACKUP_DIR/NAME.s3-writer, made on its first upload);
# the prefix's writer object names the last one that uploaded. A volume that has uploaded before and finds another id
# there is not alone: it records itself (so the other one notices too) and fails. A volume that never uploaded
# takes the prefix over (the disaster-recovery case: the old cluster is gone).
claim_prefix() {
    remote_writer=
    if grep -qxF -- "$WRITER_OBJECT" "$WORK/remote"; then
        rclone cat "$(remote_path "$WRITER_OBJECT")" >"$WORK/writer" 2>"$WORK/cat.err" ||
            die "cannot read $(describe "$WRITER_OBJECT"): $(cat "$WORK/cat.err")"
        remote_writer=$(sed -n 's/^id=//p' "$WORK/writer" | head -n 1)
    fi
    if [ -s "$WRITER_FILE" ]; then
        writer=$(head -n 1 "$WRITER_FILE")
    else
        writer=$(new_writer_id)
        [ -z "$remote_writer" ] ||
            log "taking over $(describe '') from writer $remote_writer ($(sed -n 's/^written=//p' "$WORK/writer")): this backup volume never uploaded before"
    fi
    # shellcheck disable=SC3028 # the container runtime sets HOSTNAME to the pod's name
    printf 'id=%s\ninstance=%s\nhost=%s\nwritten=%s\n' "$writer" "$BACKUP_PREFIX" "${HOSTNAME:-unknown}" \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$WORK/writer.new"
    rclone copyto "$WORK/writer.new" "$(remote_path "$WRITER_OBJECT")" ||
        die "cannot write $(describe "$WRITER_OBJECT") (see rclone's message above)"
    if [ -s "$WRITER_FILE" ] && [ -n "$remote_writer" ] && [ "$remote_writer" != "$writer" ]; then
        die "two live instances write $(describe ''): this backup volume (writer $writer) and another one" \
            "(writer $remote_writer, $(sed -n 's/^host=//p' "$WORK/writer"), $(sed -n 's/^written=//p' "$WORK/writer"));" \
            "nothing was uploaded and the local dumps are kept. Give one of them another spec.backup.s3.prefix" \
            "(a restored copy next to the old instance), or stop the old one"
    fi
    [ -s "$WRITER_FILE" ] || printf '%s\n' "$writer" >"$WRITER_FILE"
}

# The dumps to upload, oldest first: the pinned ones and the newest one.
upload_candidates() {
    newest=
    for dump in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz; do
        [ -f "$dump" ] || continue
        newest=$dump
        [ ! -e "$dump.pending-upload" ] || printf '%s\n' "$dump"
    done >"$WORK/candidates"
    [ -z "$newest" ] || printf '%s\n' "$newest" >>"$WORK/candidates"
    sort -u "$WORK/candidates"
}

is_complete_remotely() {
    grep -qxF -- "$1" "$WORK/remote" && grep -qxF -- "$1.sha256" "$WORK/remote"
}

# The uploaded object has the local file's checksum (rclone check: MD5 on S3; cryptcheck: the checksum of the
# encrypted bytes, computed locally with the object's nonce).
remote_matches() {
    printf '%s\n' "$1" >"$WORK/one"
    if [ "$REMOTE" = sealed: ]; then
        rclone cryptcheck --one-way --files-from "$WORK/one" "$BACKUP_DIR" "$REMOTE" 2>"$WORK/check.err"
    else
        rclone check --one-way --files-from "$WORK/one" "$BACKUP_DIR" "$REMOTE" 2>"$WORK/check.err"
    fi
}

upload_dump() {
    dump=$1 name=${1##*/}
    [ -f "$dump.sha256" ] || {
        warn "$dump has no .sha256: not uploading a dump that was never verified"
        return 1
    }
    problem=$(verify_dump "$dump" "$dump.sha256")
    [ -z "$problem" ] || {
        warn "$dump is not uploaded: $problem"
        return 1
    }
    log "uploading $dump to $(describe "$name") ($(wc -c <"$dump" | tr -d ' ') bytes)"
    rclone copyto "$dump" "$(remote_path "$name")" || {
        warn "upload of $dump failed (rclone's message is above)"
        return 1
    }
    remote_matches "$name" || {
        sed 's/^/    /' "$WORK/check.err" >&2
        warn "the uploaded $(describe "$name") does not match $dump"
        return 1
    }
    # The drill's row counts (backup.sh writes DUMP.manifest): a drill from the bucket checks them (s3-drill-fetch.sh).
    if [ -f "$dump.manifest" ] && ! rclone copyto "$dump.manifest" "$(remote_path "$name.manifest")"; then
        warn "upload of $dump.manifest failed; the remote dump stays incomplete (rclone's message is above)"
        return 1
    fi
    rclone copyto "$dump.sha256" "$(remote_path "$name.sha256")" || {
        warn "upload of $dump.sha256 failed; the remote dump stays incomplete (rclone's message is above)"
        return 1
    }
    log "uploaded $(describe "$name") and its .sha256 (sha256 $(recorded_sha256 "$dump.sha256"))"
}

unpin() {
    [ ! -e "$1.pending-upload" ] || rm -f -- "$1.pending-upload"
}

upload_pending() {
    upload_candidates >"$WORK/upload"
    while IFS= read -r dump; do
        if is_complete_remotely "${dump##*/}"; then
            unpin "$dump"
        elif upload_dump "$dump"; then
            unpin "$dump"
        else
            FAILED=$((FAILED + 1))
        fi
    done <"$WORK/upload"
}

delete_object() {
    rclone deletefile "$(remote_path "$1")" || {
        warn "could not delete $(describe "$1") (rclone's message is above)"
        FAILED=$((FAILED + 1))
        return 1
    }
}

# A dump's objects besides the dump and its .sha256 (its .manifest, its drill report), once the dump is gone.
delete_companions() {
    ! grep -qxF -- "$1.manifest" "$WORK/remote" || delete_object "$1.manifest" || return 1
    ! grep -qxF -- "$1.verified.json" "$WORK/remote" || delete_object "$1.verified.json"
}

prune_remote() {
    list_remote "$WORK/remote" "the dumps are uploaded; remote retention did not run and the next run tries again"
    complete_remote_dumps "$WORK/remote" "$BACKUP_PREFIX" >"$WORK/complete"
    count=$(wc -l <"$WORK/complete" | tr -d ' ')
    excess=$((count > S3_KEEP ? count - S3_KEEP : 0))
    head -n "$excess" "$WORK/complete" >"$WORK/expired"
    while read -r stamp name; do
        delete_object "$name.sha256" && delete_object "$name" && delete_companions "$name" &&
            log "pruned $(describe "$name") (keeping the newest $S3_KEEP complete dumps in the bucket)"
    done <"$WORK/expired"
    oldest_kept=$(sed -n "$((excess + 1))p" "$WORK/complete" | cut -d ' ' -f 1)
    [ -n "$oldest_kept" ] || return 0
    # Incomplete uploads (no .sha256) older than every kept dump: left by failed runs that were caught up since.
    while IFS= read -r name; do
        case $name in "$BACKUP_PREFIX"-*.sql.gz) ;; *) continue ;; esac
        grep -qxF -- "$name.sha256" "$WORK/remote" && continue
        stamp=$(dump_stamp "$name")
        [ -n "$stamp" ] && [ "$(stamp_number "$stamp")" -lt "$(stamp_number "$oldest_kept")" ] || continue
        delete_object "$name" && delete_companions "$name" && log "removed the incomplete upload $(describe "$name")"
    done <"$WORK/remote"
}

main() {
    trap remove_work EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_env
    configure_rclone "$S3_PREFIX"
    list_remote "$WORK/remote" "nothing was uploaded: the dumps stay on the backup volume and the next run uploads them"
    claim_prefix
    upload_pending
    prune_remote
    [ "$FAILED" -eq 0 ] || die "$FAILED upload or retention step(s) failed; the dumps not uploaded stay on the backup volume and the next run uploads them"
    if [ -s "$NO_ROOM_FILE" ]; then
        reason=$(head -n 1 "$NO_ROOM_FILE")
        rm -f -- "$NO_ROOM_FILE"
        die "$reason. They are in the bucket now, so the next run can prune them and dump again"
    fi
    log "off-cluster copy complete: $(describe '')"
}

main "$@"
