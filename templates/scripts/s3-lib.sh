# mysqlrender S3 library for the rclone containers (POSIX sh: the rclone/rclone image is Alpine with busybox, no
# bash). Sourced by s3-upload.sh and s3-fetch.sh from their own folder. Functions and constants only; every value
# comes from the environment and from mounted Secret files, never from argv (docs/backup-restore.md,
# "Off-cluster backups"):
#   BACKUP_DIR BACKUP_PREFIX   the backup volume and the instance's dump-name prefix
#   S3_BUCKET S3_PREFIX        where dumps go: s3://S3_BUCKET/S3_PREFIX/BACKUP_PREFIX-<UTC>.sql.gz (+ .sha256)
#   S3_PROVIDER                AWS or Other (any S3-compatible store); S3_ENDPOINT, S3_REGION optional
#   S3_FORCE_PATH_STYLE        true for MinIO / Ceph RGW
#   S3_CREDENTIALS_DIR         folder with the files AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (a Secret volume);
#                              unset: workload identity through rclone's env_auth
#   S3_CA_FILE                 PEM file of a private CA (optional)
#   S3_ENCRYPTION_KEY_FILE     passphrase file: rclone's crypt backend encrypts names and contents (optional)
set -eu
export LC_ALL=C
umask 027
SCRIPT=${SCRIPT:-s3}
TS_GLOB='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z'
# shellcheck disable=SC2034 # used by s3-upload.sh
WRITER_OBJECT=mysqlrender-writer
REMOTE=
UNDECRYPTABLE=0
WORK=
CURRENT_PREFIX=

log() {
    printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$SCRIPT" "$*"
}

warn() {
    log "WARNING: $*" >&2
}

die() {
    log "ERROR: $*" >&2
    exit 1
}

require_env() {
    for name in "$@"; do
        eval "value=\${$name:-}"
        [ -n "$value" ] || die "environment variable $name is required"
    done
}

require_count() {
    eval "value=\${$1:-}"
    case $value in
    '' | *[!0-9]*) die "$1 must be a positive integer, got '$value'" ;;
    esac
    [ "$value" -ge 1 ] || die "$1 must be at least 1, got '$value'"
}

# A plain name or a /-separated prefix of plain names: nothing rclone or a shell could read as an option or a path
# outside the bucket.
check_prefix() {
    case $2 in
    '' | /* | */ | *//* | -* | *[!A-Za-z0-9._/-]*) die "$1 must be a key prefix such as prod/orders, got '$2'" ;;
    esac
    case /$2/ in
    */./* | */../*) die "$1 must not contain '.' or '..' segments, got '$2'" ;;
    esac
}

check_s3_env() {
    require_env BACKUP_DIR BACKUP_PREFIX S3_BUCKET S3_PREFIX S3_PROVIDER
    case $BACKUP_PREFIX in
    -* | *[!A-Za-z0-9._-]*) die "BACKUP_PREFIX must be a plain name ([A-Za-z0-9._-]), got '$BACKUP_PREFIX'" ;;
    esac
    case $S3_BUCKET in
    -* | *[!a-z0-9.-]*) die "S3_BUCKET must be an S3 bucket name, got '$S3_BUCKET'" ;;
    esac
    check_prefix S3_PREFIX "$S3_PREFIX"
    [ -d "$BACKUP_DIR" ] || die "BACKUP_DIR $BACKUP_DIR is not a directory (is the backup volume mounted?)"
    command -v rclone >/dev/null 2>&1 || die "rclone is not installed in this image"
    TMPDIR=${TMPDIR:-/tmp}
    [ -d "$TMPDIR" ] && [ -w "$TMPDIR" ] || die "TMPDIR $TMPDIR is not a writable directory"
    WORK=$(mktemp -d "$TMPDIR/mysqlrender-s3.XXXXXX")
}

remove_work() {
    [ -z "$WORK" ] || rm -rf -- "$WORK"
}

# The first line of a Secret file, without its trailing newline; dies naming the file (never its content).
secret_value() {
    [ -r "$1" ] || die "$1 is not readable (is the Secret mounted, with that key?)"
    value=$(cat -- "$1")
    [ -n "$value" ] || die "$1 is empty"
    printf '%s' "$value"
}

# rclone is configured only through its environment (RCLONE_CONFIG_<REMOTE>_<OPTION>, rclone's documented
# "Config file free" setup): the remote "store" is the bucket; "sealed" is the crypt backend over PREFIX when
# encryption is on. Secrets go from files into this process's environment, never into argv or the log.
# configure_rclone PREFIX: sets REMOTE to the rclone path of that prefix.
configure_rclone() {
    export RCLONE_CONFIG=/dev/null HOME="$WORK" XDG_CACHE_HOME="$WORK/cache" RCLONE_CACHE_DIR="$WORK/cache"
    export RCLONE_RETRIES="${RCLONE_RETRIES:-3}" RCLONE_LOW_LEVEL_RETRIES="${RCLONE_LOW_LEVEL_RETRIES:-5}"
    export RCLONE_CONTIMEOUT="${RCLONE_CONTIMEOUT:-20s}" RCLONE_STATS_LOG_LEVEL=DEBUG
    unset AWS_CA_BUNDLE # rclone 1.60's S3 backend fails with it set (LoadCustomCABundleError); S3_CA_FILE is the way
    export RCLONE_CONFIG_STORE_TYPE=s3 RCLONE_CONFIG_STORE_PROVIDER="$S3_PROVIDER"
    export RCLONE_CONFIG_STORE_FORCE_PATH_STYLE="${S3_FORCE_PATH_STYLE:-false}"
    [ -z "${S3_ENDPOINT:-}" ] || export RCLONE_CONFIG_STORE_ENDPOINT="$S3_ENDPOINT"
    [ -z "${S3_REGION:-}" ] || export RCLONE_CONFIG_STORE_REGION="$S3_REGION"
    if [ -n "${S3_CREDENTIALS_DIR:-}" ]; then
        RCLONE_CONFIG_STORE_ACCESS_KEY_ID=$(secret_value "$S3_CREDENTIALS_DIR/AWS_ACCESS_KEY_ID")
        RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY=$(secret_value "$S3_CREDENTIALS_DIR/AWS_SECRET_ACCESS_KEY")
        export RCLONE_CONFIG_STORE_ACCESS_KEY_ID RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY RCLONE_CONFIG_STORE_ENV_AUTH=false
    else
        export RCLONE_CONFIG_STORE_ENV_AUTH=true
    fi
    if [ -n "${S3_CA_FILE:-}" ]; then
        [ -r "$S3_CA_FILE" ] || die "S3_CA_FILE $S3_CA_FILE is not readable (is the CA Secret mounted?)"
        export RCLONE_CA_CERT="$S3_CA_FILE"
    fi
    CURRENT_PREFIX=$1
    REMOTE=store:$S3_BUCKET/$1
    if [ -n "${S3_ENCRYPTION_KEY_FILE:-}" ]; then
        # rclone wants the password in its obscured form; `rclone obscure -` reads it from stdin, not argv.
        # Read first, not in the pipe: sh has no pipefail, so an empty key would be obscured as an empty passphrase.
        passphrase=$(secret_value "$S3_ENCRYPTION_KEY_FILE")
        RCLONE_CONFIG_SEALED_PASSWORD=$(printf '%s' "$passphrase" | rclone obscure -) ||
            die "rclone could not read the encryption passphrase"
        unset passphrase
        export RCLONE_CONFIG_SEALED_TYPE=crypt RCLONE_CONFIG_SEALED_REMOTE="$REMOTE" RCLONE_CONFIG_SEALED_PASSWORD
        REMOTE=sealed:
    fi
}

# The rclone path of an object under REMOTE.
remote_path() {
    case $REMOTE in
    *:) printf '%s%s' "$REMOTE" "$1" ;;
    *) printf '%s/%s' "$REMOTE" "$1" ;;
    esac
}

# Where a dump lives, for messages: s3://bucket/prefix/name (never the decrypted view's internal remote name).
describe() {
    printf 's3://%s/%s/%s' "$S3_BUCKET" "$CURRENT_PREFIX" "$1"
}

# list_remote FILE [CONSEQUENCE]: the object names under REMOTE (one a line) into FILE. An empty prefix lists as
# empty; a missing bucket, bad credentials or an unreachable endpoint fail with rclone's message on stderr and a last
# line that names the likely causes and CONSEQUENCE (what this failure means for the dumps). Through the crypt remote,
# UNDECRYPTABLE counts the objects whose names the passphrase cannot decrypt (rclone skips them with a notice).
list_remote() {
    UNDECRYPTABLE=0
    rclone lsf --files-only --max-depth 1 "$REMOTE" >"$1" 2>"$WORK/lsf.err" || {
        sed 's/^/    /' "$WORK/lsf.err" >&2
        die "cannot list s3://$S3_BUCKET/$CURRENT_PREFIX/ (check the bucket name, the credentials and the endpoint; rclone's message is above)${2:+; $2}"
    }
    [ "$REMOTE" = sealed: ] || return 0
    rclone lsf --files-only --max-depth 1 "$RCLONE_CONFIG_SEALED_REMOTE" >"$WORK/raw" 2>"$WORK/lsf.err" || {
        sed 's/^/    /' "$WORK/lsf.err" >&2
        die "cannot list s3://$S3_BUCKET/$CURRENT_PREFIX/ (rclone's message is above)"
    }
    UNDECRYPTABLE=$(($(wc -l <"$WORK/raw") - $(wc -l <"$1")))
    [ "$UNDECRYPTABLE" -le 0 ] ||
        warn "$UNDECRYPTABLE object(s) in s3://$S3_BUCKET/$CURRENT_PREFIX/ cannot be decrypted with this passphrase (another key, or not written through encryption)"
}

# The timestamp of a dump name (NAME-20260101T030000Z.sql.gz -> 20260101T030000Z), or nothing.
dump_stamp() {
    stamp=${1%.sql.gz}
    stamp=${stamp##*-}
    # shellcheck disable=SC2254
    case $stamp in
    $TS_GLOB) printf '%s' "$stamp" ;;
    esac
}

# 20260101T030000Z -> 20260101030000, for comparing stamps as numbers (sh's test has no string ordering).
stamp_number() {
    number=${1%Z}
    printf '%s' "${number%T*}${number#*T}"
}

# complete_remote_dumps LISTING [NAME_PREFIX]: "<stamp> <name>" of every dump whose .sha256 object exists (the
# checksum is written last, so it marks a complete upload), oldest first. With NAME_PREFIX only that instance's dumps.
complete_remote_dumps() {
    while IFS= read -r name; do
        case $name in
        *.sql.gz) ;;
        *) continue ;;
        esac
        stamp=$(dump_stamp "$name")
        [ -n "$stamp" ] || continue
        # exactly NAME_PREFIX-<stamp>.sql.gz: instance orders never takes orders-eu's dumps for its own
        [ -z "${2:-}" ] || [ "$name" = "$2-$stamp.sql.gz" ] || continue
        grep -qxF -- "$name.sha256" "$1" && printf '%s %s\n' "$stamp" "$name"
    done <"$1" | sort
}

file_sha256() {
    sum=$(sha256sum <"$1") || return 1
    printf '%s' "${sum%% *}"
}

# The sha256 a checksum file records (its first field).
recorded_sha256() {
    sed -n '1s/^\([0-9a-f]\{64\}\)[ *].*$/\1/p' "$1"
}

# The last line mysqldump / mariadb-dump writes, only when it finished, is "-- Dump completed[ on <date>]".
has_dump_trailer() {
    last=$(gzip -dc <"$1" | tail -n 1) || return 1
    case $last in
    "-- Dump completed"*) return 0 ;;
    esac
    return 1
}

# verify_dump DUMP SUMFILE: prints why DUMP is not a complete dump matching SUMFILE, or nothing when it is.
verify_dump() {
    expected=$(recorded_sha256 "$2")
    [ -n "$expected" ] || {
        echo "its checksum file holds no sha256"
        return 0
    }
    actual=$(file_sha256 "$1") || {
        echo "it cannot be read"
        return 0
    }
    [ "$actual" = "$expected" ] || {
        echo "sha256 mismatch (recorded $expected, file $actual)"
        return 0
    }
    gzip -t <"$1" 2>/dev/null || {
        echo "it is not a valid gzip file"
        return 0
    }
    has_dump_trailer "$1" || echo "it lacks the '-- Dump completed' trailer"
}

# report_field REPORT FIELD: a string field of a drill report (verify.sh writes each field on a line of its own, in
# this form), JSON escapes left as they are; nothing when the field is absent or null.
report_field() {
    sed -n "s/^  \"$2\": \"\(.*\)\",\{0,1\}\$/\1/p" "$1" | head -n 1
}

# WORK/local: this instance's local dumps that have their .sha256, newest first.
local_dumps_newest_first() {
    for dump in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz; do
        [ -f "$dump" ] && [ -f "$dump.sha256" ] && printf '%s\n' "$dump"
    done | sort -r >"$WORK/local"
}

# The newest local dump of this instance that has its .sha256 and passes verify_dump, as "<stamp> <path>", or
# nothing. Checks newest first and stops at the first valid one.
newest_valid_local_dump() {
    local_dumps_newest_first
    while IFS= read -r dump; do
        problem=$(verify_dump "$dump" "$dump.sha256")
        if [ -z "$problem" ]; then
            printf '%s %s\n' "$(dump_stamp "${dump##*/}")" "$dump"
            return 0
        fi
        warn "local dump $dump is not usable: $problem"
    done <"$WORK/local"
}
