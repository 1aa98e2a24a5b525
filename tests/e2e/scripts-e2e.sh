#!/usr/bin/env bash
# End-to-end proof of templates/scripts/backup.sh and restore.sh against a real MariaDB server on 127.0.0.1.
# Each script runs exactly as its container runs it: `/bin/bash -c "<script text>"` with only the contract's
# environment (docs/backup-restore.md). Prints `ok - ...` / `not ok - ...` per scenario (with the scenario's
# log as `#` lines on failure) and exits non-zero when any scenario fails. KEEP_WORK=1 keeps the temp folder.
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SERVER=$HERE/mariadb-server.sh
BACKUP_SH=$ROOT/templates/scripts/backup.sh
RESTORE_SH=$ROOT/templates/scripts/restore.sh

DB=otus-database
PREFIX=mysql-instance
KEEP=3
DEFAULT_PASSWORD=e2e-root-password
QDB=\`$DB\`

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mysqlrender-e2e.XXXXXX")
export MARIADB_E2E_DIR=$WORK/server
mkdir -p "$WORK/home" "$WORK/logs"
PASSED=0
FAILED=0
SCENARIO=0

finish() {
    "$SERVER" stop >/dev/null 2>&1
    if [ "${KEEP_WORK:-0}" = 1 ]; then
        echo "# kept $WORK"
    else
        rm -rf -- "$WORK"
    fi
}
trap finish EXIT

# --- harness ---------------------------------------------------------------------------------------------

admin() {
    "$SERVER" client --batch --skip-column-names -e "$1"
}

set_root_password() { # FILE
    "$SERVER" root-password "$1" >/dev/null
}

write_password_file() { # PASSWORD FILE: trailing newlines, as a Secret edited by hand often has
    printf '%s\n\n' "$1" >"$2"
}

fail() {
    printf 'FAIL: %s\n' "$*" >>"$SCENARIO_LOG"
    return 1
}

# New BACKUP_DIR and TMPDIR for an instance.
new_dirs() {
    local dir=$WORK/s$SCENARIO/$1
    mkdir -p "$dir/backup" "$dir/tmp"
    BACKUP_DIR=$dir/backup
    TMP_DIR=$dir/tmp
}

# A brand-new instance: empty database, no restore marker (i.e. a new data directory).
fresh_instance() {
    admin "DROP DATABASE IF EXISTS $QDB; CREATE DATABASE $QDB CHARACTER SET utf8mb4; DROP DATABASE IF EXISTS mysqlrender;"
}

# Runs a script as the container does; sets RC and OUTPUT. Extra NAME=value arguments override the contract.
run_script() { # backup|restore [NAME=value...]
    local script=$1 out=$WORK/last-output
    shift
    RC=0
    env -i PATH="$RUN_PATH" HOME="$WORK/home" \
        MYSQL_HOST=127.0.0.1 MYSQL_PORT="$PORT" MYSQL_DATABASE="$DB" MYSQL_PASSWORD_FILE="$PASSWORD_FILE" \
        BACKUP_DIR="$BACKUP_DIR" BACKUP_PREFIX="$PREFIX" BACKUP_KEEP="$KEEP" WAIT_TIMEOUT_SECONDS=20 \
        TMPDIR="$TMP_DIR" "$@" \
        /bin/bash -c "$(cat "$ROOT/templates/scripts/$script.sh")" >"$out" 2>&1 || RC=$?
    OUTPUT=$(<"$out")
    { printf '$ %s.sh %s -> exit %s\n' "$script" "$*" "$RC"; sed 's/^/  /' "$out"; } >>"$SCENARIO_LOG"
    [ -z "$(ls -A "$TMP_DIR")" ] || fail "$script.sh left files in TMPDIR: $(ls -A "$TMP_DIR")"
}

expect_rc() {
    [ "$RC" -eq "$1" ] || fail "expected exit $1, got $RC"
}

expect_failure() {
    [ "$RC" -ne 0 ] || fail "expected a non-zero exit"
}

expect_output() {
    [[ $OUTPUT == *"$1"* ]] || fail "output lacks: $1"
}

expect_eq() { # ACTUAL EXPECTED WHAT
    [ "$1" = "$2" ] || fail "$3: expected [$2], got [$1]"
}

dumps() { # names of this prefix's complete dumps, oldest first
    (cd "$BACKUP_DIR" && LC_ALL=C ls -1 | grep -E "^$PREFIX-[0-9]{8}T[0-9]{6}Z\.sql\.gz\$") || true
}

newest_dump() {
    dumps | tail -n 1
}

table_rows() { # TABLE
    admin "SELECT * FROM $QDB.\`$1\` ORDER BY 1"
}

object_count() {
    admin "SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$DB')
        + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '$DB')
        + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '$DB')"
}

marker_state() {
    admin "SELECT IFNULL((SELECT state FROM mysqlrender.restore_marker WHERE id = 1), 'none')" 2>/dev/null || echo none
}

seed_test_table() {
    admin "CREATE TABLE $QDB.test (id INT PRIMARY KEY, name VARCHAR(100), note TEXT) CHARACTER SET utf8mb4;
        INSERT INTO $QDB.test VALUES (1, 'alice', 'plain'), (2, 'Grüße 🐬', 'tab\there; quote '' \" \\\\ back'),
            (3, 'null note', NULL);"
}

backup_ok() { # a successful backup that adds exactly one verified dump
    local before
    before=$(dumps | wc -l)
    run_script backup "$@"
    expect_rc 0
    expect_eq "$(dumps | wc -l)" "$((before + 1 > KEEP ? KEEP : before + 1))" "number of dumps"
    (cd "$BACKUP_DIR" && sha256sum --quiet -c "$(newest_dump).sha256") >>"$SCENARIO_LOG" 2>&1 ||
        fail "sha256sum -c $(newest_dump).sha256"
}

run_scenario() { # NAME FUNCTION
    local name=$1 rc
    SCENARIO=$((SCENARIO + 1))
    SCENARIO_LOG=$WORK/logs/$SCENARIO.log
    : >"$SCENARIO_LOG"
    PASSWORD_FILE=$WORK/default-password
    RUN_PATH=$PATH
    set_root_password "$PASSWORD_FILE"
    (
        set -e
        "$2"
    ) >>"$SCENARIO_LOG" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        PASSED=$((PASSED + 1))
        echo "ok - $name"
    else
        FAILED=$((FAILED + 1))
        echo "not ok - $name"
        sed 's/^/#   /' "$SCENARIO_LOG"
    fi
}

# --- scenarios -------------------------------------------------------------------------------------------

# 1. The course's acceptance scenario.
seed_restore() {
    local before
    new_dirs seed
    fresh_instance
    seed_test_table
    before=$(table_rows test)
    backup_ok
    expect_output "wrote $BACKUP_DIR/$(newest_dump) ("
    expect_output "sha256 $(cut -d' ' -f1 "$BACKUP_DIR/$(newest_dump).sha256")"
    [ -z "$(cd "$BACKUP_DIR" && ls -A | grep '\.partial$')" ] || fail "a .partial file was left behind"
    fresh_instance
    run_script restore
    expect_rc 0
    expect_output "restored $BACKUP_DIR/$(newest_dump) into $QDB"
    expect_eq "$(table_rows test)" "$before" "rows after restore"
    expect_eq "$(marker_state)" restored "marker state"
}

# 2. Restore runs once per data directory, and never over existing data.
restore_idempotent() {
    local after_insert
    new_dirs idempotent
    fresh_instance
    seed_test_table
    backup_ok
    fresh_instance
    run_script restore
    expect_rc 0
    admin "INSERT INTO $QDB.test VALUES (4, 'written after the restore', NULL)"
    after_insert=$(table_rows test)

    run_script restore
    expect_rc 0
    expect_output "already handled"
    expect_eq "$(table_rows test)" "$after_insert" "rows after a second restore"

    # A month later the database is emptied: the marker still forbids restoring old data into it.
    admin "DROP DATABASE $QDB; CREATE DATABASE $QDB"
    run_script restore
    expect_rc 0
    expect_output "already handled"
    expect_eq "$(object_count)" 0 "objects in the emptied database"

    # A new data directory (no marker) whose database already holds data: refused, untouched.
    admin "DROP DATABASE mysqlrender"
    seed_test_table
    admin "INSERT INTO $QDB.test VALUES (5, 'live data', NULL)"
    after_insert=$(table_rows test)
    run_script restore
    expect_rc 0
    expect_output "is not empty (1 tables/views, 0 routines, 0 events); not restoring"
    expect_eq "$(table_rows test)" "$after_insert" "rows after a refused restore"
    expect_eq "$(marker_state)" not-empty "marker state"
}

# Every process's argv, sampled until STOP exists; the /proc paths whose argv holds the password go to HITS.
sample_argv() { # PASSWORD STOP HITS
    local password=$1 stop=$2 hits=$3 file arg
    while [ ! -e "$stop" ]; do
        for file in /proc/[0-9]*/cmdline; do
            while IFS= read -r -d '' arg; do
                [[ $arg == *"$password"* ]] && printf '%s\n' "$file" >>"$hits"
            done 2>/dev/null <"$file" || true
        done
        printf . >>"$hits.rounds"
    done
}

# Client programs that record their argv (one line per call, and the first argument) before running the real one.
make_argv_wrappers() { # DIR
    local dir=$1 name real
    mkdir -p "$dir"
    for name in mysql mariadb mysqldump mariadb-dump; do
        real=$(command -v "$name") || continue
        cat >"$dir/$name" <<EOF
#!/bin/bash
printf '%s\n' "\$*" >>'$dir/argv.log'
printf '%s\n' "\${1:-}" >>'$dir/first-arg.log'
exec '$real' "\$@"
EOF
        chmod +x "$dir/$name"
    done
}

# 3. Hostile passwords work and never appear in any argv or log.
password_quoting() {
    local i password pattern wrappers stop hits before
    local passwords=(
        $'  lead & trail \' " $HOME $(id) `id` \\ \\\\ \\n \\s \\" # ; [client] = !include  '
        '"#starts and ends with double quotes"'
        "'#starts and ends with single quotes'"
        'ends with a backslash\'
        $'tab\tinside, ümlaut, ключ, 🔑'
    )
    for i in "${!passwords[@]}"; do
        password=${passwords[i]}
        new_dirs "password-$i"
        PASSWORD_FILE=$WORK/s$SCENARIO/password-$i/password
        write_password_file "$password" "$PASSWORD_FILE"
        pattern=$PASSWORD_FILE.pattern # grep -f: one line, no empty line (which would match everything)
        printf '%s\n' "$password" >"$pattern"
        set_root_password "$PASSWORD_FILE"
        wrappers=$WORK/s$SCENARIO/password-$i/wrappers
        make_argv_wrappers "$wrappers"
        RUN_PATH=$wrappers:$PATH
        stop=$wrappers/stop
        hits=$wrappers/hits

        # Positive control: the sampler does see a password placed in an argv.
        sample_argv "$password" "$stop" "$hits.control" &
        (exec -a "$password" sleep 1)
        touch "$stop"
        wait
        [ -s "$hits.control" ] || fail "password $i: the argv sampler missed a planted password"
        rm -f "$stop"

        fresh_instance
        seed_test_table
        before=$(table_rows test)
        sample_argv "$password" "$stop" "$hits" &
        backup_ok
        fresh_instance
        run_script restore
        touch "$stop"
        wait
        expect_rc 0
        expect_eq "$(table_rows test)" "$before" "password $i: rows after restore"

        [ ! -s "$hits" ] || fail "password $i: found in the argv of $(sort -u "$hits" | tr '\n' ' ')"
        [ -s "$hits.rounds" ] || fail "password $i: the argv sampler never ran"
        [ -s "$wrappers/argv.log" ] || fail "password $i: the client wrappers were not used"
        ! grep -qF -f "$pattern" "$wrappers/argv.log" || fail "password $i: found in a client's arguments"
        ! grep -vq '^--defaults-extra-file=' "$wrappers/first-arg.log" ||
            fail "password $i: a client was called without --defaults-extra-file as its first option"
        ! grep -qF -f "$pattern" "$SCENARIO_LOG" || fail "password $i: found in the scripts' output"
    done
}

# 4. Retention keeps exactly BACKUP_KEEP dumps of this prefix; a truncated newest dump is skipped.
retention_and_truncation() {
    local name recent stale before_v2 newest
    new_dirs retention
    fresh_instance
    seed_test_table
    for name in "$PREFIX-20200101T000001Z" "$PREFIX-20200101T000002Z" "$PREFIX-20200101T000003Z" \
        "$PREFIX-2-20200101T000000Z" "other-20200101T000000Z"; do
        printf 'not a real dump\n' | gzip >"$BACKUP_DIR/$name.sql.gz"
        (cd "$BACKUP_DIR" && sha256sum "$name.sql.gz" >"$name.sql.gz.sha256")
    done
    stale=$PREFIX-20200101T000000Z.sql.gz.partial
    recent=$PREFIX-$(date -u -d '-60 seconds' +%Y%m%dT%H%M%SZ).sql.gz.partial
    : >"$BACKUP_DIR/$stale"
    : >"$BACKUP_DIR/$recent"
    : >"$BACKUP_DIR/$PREFIX-20200101T000009Z.sql.gz.sha256" # orphan checksum of a killed backup

    backup_ok
    expect_output "pruned $BACKUP_DIR/$PREFIX-20200101T000001Z.sql.gz"
    expect_output "removed stale $BACKUP_DIR/$stale"
    expect_eq "$(dumps | head -n 1)" "$PREFIX-20200101T000002Z.sql.gz" "oldest dump kept"
    [ ! -e "$BACKUP_DIR/$PREFIX-20200101T000001Z.sql.gz.sha256" ] || fail "pruned dump kept its .sha256"
    [ ! -e "$BACKUP_DIR/$stale" ] || fail "stale .partial kept"
    [ -e "$BACKUP_DIR/$recent" ] || fail "a recent .partial (maybe a running backup) was deleted"
    [ ! -e "$BACKUP_DIR/$PREFIX-20200101T000009Z.sql.gz.sha256" ] || fail "stale orphan .sha256 kept"
    [ -e "$BACKUP_DIR/$PREFIX-2-20200101T000000Z.sql.gz" ] || fail "another prefix's dump was pruned"
    [ -e "$BACKUP_DIR/other-20200101T000000Z.sql.gz.sha256" ] || fail "another prefix's checksum was pruned"

    admin "INSERT INTO $QDB.test VALUES (10, 'v2', NULL)"
    before_v2=$(table_rows test)
    backup_ok
    admin "INSERT INTO $QDB.test VALUES (11, 'v3', NULL)"
    backup_ok
    expect_eq "$(dumps | grep -c 20200101)" 0 "fake dumps left after three real backups"
    expect_eq "$(dumps | wc -l)" "$KEEP" "dumps kept"
    expect_eq "$(ls "$BACKUP_DIR" | grep -cE "^$PREFIX-[0-9]{8}T[0-9]{6}Z\.sql\.gz\.sha256\$")" "$KEEP" "checksums kept"

    newest=$(newest_dump)
    head -c "$(($(wc -c <"$BACKUP_DIR/$newest") / 2))" "$BACKUP_DIR/$newest" >"$WORK/truncated"
    cat "$WORK/truncated" >"$BACKUP_DIR/$newest"
    fresh_instance
    run_script restore
    expect_rc 0
    expect_output "skipping $BACKUP_DIR/$newest: sha256 mismatch"
    expect_eq "$(table_rows test)" "$before_v2" "rows restored from the previous dump"
}

hex_of_all_bytes() {
    local i hex=
    for ((i = 0; i < 256; i++)); do
        hex+=$(printf '%02X' "$i")
    done
    printf '%s\n' "$hex"
}

# What must survive a round trip: data, binary data, routines, triggers, events, views.
schema_snapshot() {
    admin "SELECT id, LENGTH(b), HEX(b), SHA2(b, 256), t FROM $QDB.blobs ORDER BY id;
        SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS,
            SECURITY_TYPE, SQL_MODE, ROUTINE_COMMENT, DEFINER
            FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '$DB' ORDER BY ROUTINE_NAME;
        SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_STATEMENT, SQL_MODE, DEFINER
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '$DB' ORDER BY TRIGGER_NAME;
        SELECT EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, STATUS, ON_COMPLETION,
            EVENT_COMMENT, DEFINER
            FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '$DB' ORDER BY EVENT_NAME;
        SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '$DB';"
}

# 5. Routines, triggers, events and binary data round-trip.
full_round_trip() {
    local all before after
    new_dirs round-trip
    fresh_instance
    all=$(hex_of_all_bytes)
    "$SERVER" client "$DB" <<SQL
CREATE TABLE blobs (id INT PRIMARY KEY, b LONGBLOB, t TEXT CHARACTER SET utf8mb4, touched INT DEFAULT 0);
INSERT INTO blobs (id, b, t) VALUES (1, UNHEX('$all'), 'all 256 byte values'), (2, UNHEX('00'), 'NUL'),
    (3, '', 'empty'), (4, NULL, 'NULL'), (5, UNHEX(REPEAT('$all', 4096)), '1 MiB'), (6, UNHEX('5C27220A0D1A'), '\\\\ '' " newline');
CREATE VIEW big_blobs AS SELECT id, LENGTH(b) AS size FROM blobs WHERE LENGTH(b) > 255;
DELIMITER //
CREATE FUNCTION blob_size(p_id INT) RETURNS BIGINT READS SQL DATA COMMENT 'size of a blob'
BEGIN
    RETURN (SELECT LENGTH(b) FROM blobs WHERE id = p_id);
END//
CREATE PROCEDURE add_blob(IN p_id INT, IN p_hex TEXT)
BEGIN
    INSERT INTO blobs (id, b, t) VALUES (p_id, UNHEX(p_hex), CONCAT('added by ', 'add_blob'));
END//
CREATE TRIGGER blobs_before_insert BEFORE INSERT ON blobs FOR EACH ROW
BEGIN
    SET NEW.touched = NEW.touched + 1;
END//
DELIMITER ;
CREATE EVENT purge_nothing ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE COMMENT 'never runs'
    DO DELETE FROM blobs WHERE id < 0;
SQL
    before=$(schema_snapshot)
    backup_ok
    gzip -dc "$BACKUP_DIR/$(newest_dump)" >"$WORK/round-trip.sql"
    grep -qi "0x${all:0:64}" "$WORK/round-trip.sql" || fail "the dump does not use --hex-blob"
    fresh_instance
    run_script restore
    expect_rc 0
    expect_output "now 2 tables/views, 2 routines, 1 events"
    after=$(schema_snapshot)
    [ "$after" = "$before" ] || fail "snapshot differs after restore: $(diff <(echo "$before") <(echo "$after") | head -c 2000)"
    expect_eq "$(admin "SELECT $QDB.blob_size(1), $QDB.blob_size(5)")" $'256\t1048576' "function after restore"
    admin "CALL $QDB.add_blob(7, 'FF00')"
    expect_eq "$(admin "SELECT HEX(b), t, touched FROM $QDB.blobs WHERE id = 7")" $'FF00\tadded by add_blob\t1' \
        "procedure and trigger after restore"
}

# Nothing to restore: a brand-new instance, and the marker it leaves.
nothing_to_restore() {
    new_dirs nothing
    fresh_instance
    run_script restore
    expect_rc 0
    expect_output "nothing to restore: no dump of $PREFIX in $BACKUP_DIR"
    expect_eq "$(marker_state)" nothing-to-restore "marker state"
    # Dumps appearing later (e.g. copied in) are not restored into this data directory.
    seed_test_table
    backup_ok
    admin "DROP DATABASE $QDB; CREATE DATABASE $QDB"
    run_script restore
    expect_rc 0
    expect_output "already handled"
    expect_eq "$(object_count)" 0 "objects in the database"
}

# A server that never answers (closed port, wrong password): bounded failure with a clear message.
server_unavailable() {
    local started elapsed script
    new_dirs unavailable
    fresh_instance
    seed_test_table
    printf 'wrong password\n' >"$WORK/s$SCENARIO/wrong-password"
    for script in backup restore; do
        started=$SECONDS
        run_script "$script" MYSQL_PORT=1 WAIT_TIMEOUT_SECONDS=3
        elapsed=$((SECONDS - started))
        expect_failure
        expect_output "did not answer an authenticated SELECT 1 within 3s; last error: "
        [ $elapsed -le 12 ] || fail "$script.sh took ${elapsed}s to give up (limit 3s)"

        started=$SECONDS
        run_script "$script" MYSQL_PASSWORD_FILE="$WORK/s$SCENARIO/wrong-password" WAIT_TIMEOUT_SECONDS=3
        elapsed=$((SECONDS - started))
        expect_failure
        expect_output "Access denied"
        [ $elapsed -le 12 ] || fail "$script.sh took ${elapsed}s to give up (limit 3s)"
    done
    expect_eq "$(ls -A "$BACKUP_DIR")" "" "files in BACKUP_DIR"
    expect_eq "$(marker_state)" none "marker state"
}

# A dump that cannot be taken leaves nothing behind.
failed_backup() {
    new_dirs failed-backup
    fresh_instance
    run_script backup MYSQL_DATABASE=no-such-database
    expect_failure
    expect_output "failed; nothing was written"
    expect_eq "$(ls -A "$BACKUP_DIR")" "" "files in BACKUP_DIR"
}

# RESTORE_FROM names one dump; a bad one fails without touching the database or writing the marker.
restore_from() {
    local first
    new_dirs restore-from
    fresh_instance
    seed_test_table
    backup_ok
    first=$(newest_dump)
    local rows_first
    rows_first=$(table_rows test)
    admin "INSERT INTO $QDB.test VALUES (20, 'only in the second dump', NULL)"
    backup_ok
    cp "$BACKUP_DIR/$first" "$BACKUP_DIR/copy.sql.gz"
    head -c 100 "$BACKUP_DIR/$first" >"$BACKUP_DIR/short.sql.gz"
    sha256sum <"$BACKUP_DIR/short.sql.gz" >"$BACKUP_DIR/short.sql.gz.sha256"
    gzip -dc "$BACKUP_DIR/$first" | head -n -1 | gzip >"$BACKUP_DIR/no-trailer.sql.gz"
    sha256sum <"$BACKUP_DIR/no-trailer.sql.gz" >"$BACKUP_DIR/no-trailer.sql.gz.sha256"
    fresh_instance

    run_script restore RESTORE_FROM=missing.sql.gz
    expect_failure
    expect_output "RESTORE_FROM=missing.sql.gz cannot be restored"
    run_script restore RESTORE_FROM=../seed/backup/$first
    expect_failure
    expect_output "RESTORE_FROM must be a file name"
    run_script restore RESTORE_FROM=copy.sql.gz
    expect_failure
    expect_output "checksum file copy.sql.gz.sha256 is missing"
    run_script restore RESTORE_FROM=short.sql.gz
    expect_failure
    expect_output "not a valid gzip file"
    run_script restore RESTORE_FROM=no-trailer.sql.gz
    expect_failure
    expect_output "no '-- Dump completed' trailer"
    expect_eq "$(object_count)" 0 "objects after refused restores"
    expect_eq "$(marker_state)" none "marker after refused restores"

    run_script restore RESTORE_FROM="$first"
    expect_rc 0
    expect_output "using $BACKUP_DIR/$first (RESTORE_FROM)"
    expect_eq "$(table_rows test)" "$rows_first" "rows restored from the named dump"
}

# An import that fails half-way is reported, blocks further restores until a human steps in, then can be retried.
failed_import() {
    local good rows
    new_dirs failed-import
    fresh_instance
    seed_test_table
    rows=$(table_rows test)
    backup_ok
    good=$(newest_dump)
    {
        echo 'CREATE TABLE half (id INT PRIMARY KEY);'
        echo 'INSERT INTO half VALUES (1);'
        echo 'THIS IS NOT SQL;'
        echo '-- Dump completed on 2024-01-01  0:00:00'
    } | gzip >"$BACKUP_DIR/broken.sql.gz"
    (cd "$BACKUP_DIR" && sha256sum broken.sql.gz >broken.sql.gz.sha256)
    fresh_instance

    run_script restore RESTORE_FROM=broken.sql.gz
    expect_failure
    expect_output "importing $BACKUP_DIR/broken.sql.gz into $QDB failed"
    expect_eq "$(marker_state)" failed "marker state"

    run_script restore
    expect_failure
    expect_output "did not complete (failed) and $QDB is not empty"
    expect_eq "$(table_rows half)" 1 "partial import left as it was"

    admin "DROP TABLE $QDB.half"
    run_script restore RESTORE_FROM="$good"
    expect_rc 0
    expect_output "did not complete and $QDB is empty: trying again"
    expect_eq "$(table_rows test)" "$rows" "rows after the retry"
    expect_eq "$(admin 'SELECT CONCAT(state, " ", attempts) FROM mysqlrender.restore_marker')" "restored 2" "marker"
}

# The scripts are self-contained, static text with the same shared helpers.
static_checks() {
    local script
    for script in "$BACKUP_SH" "$RESTORE_SH"; do
        bash -n "$script" || fail "$script: syntax error"
        ! grep -nE '\{\{|\{%|%\}|\}\}' "$script" || fail "$script: looks templated"
        ! grep -nE '^\s*(source|\.)\s' "$script" || fail "$script: sources another file"
        ! grep -nE '(-p|--password=)"?\$' "$script" || fail "$script: passes a password in argv"
    done
    diff <(sed -n '/^# --- common/,/^# --- end common ---/p' "$BACKUP_SH") \
        <(sed -n '/^# --- common/,/^# --- end common ---/p' "$RESTORE_SH") ||
        fail "the common block differs between backup.sh and restore.sh"
    [ -n "$(sed -n '/^# --- common/,/^# --- end common ---/p' "$BACKUP_SH")" ] || fail "common block markers missing"
    if command -v shellcheck >/dev/null 2>&1; then
        shellcheck -s bash "$BACKUP_SH" "$RESTORE_SH" "$SERVER" "${BASH_SOURCE[0]}" || fail "shellcheck"
    fi
}

# --- main ------------------------------------------------------------------------------------------------

main() {
    local key value
    if ! server_env=$("$SERVER" start 2>&1); then
        echo "not ok - start MariaDB on 127.0.0.1"
        printf '%s\n' "$server_env" | sed 's/^/#   /'
        exit 1
    fi
    while IFS='=' read -r key value; do
        [ "$key" = PORT ] && PORT=$value
    done <<<"$server_env"
    write_password_file "$DEFAULT_PASSWORD" "$WORK/default-password"
    echo "# $("$SERVER" client --batch --skip-column-names -e 'SELECT VERSION()') on 127.0.0.1:$PORT"

    run_scenario "static: scripts are self-contained, untemplated, share one common block" static_checks
    run_scenario "1 seed: create table, insert rows, backup, fresh instance, restore, rows identical" seed_restore
    run_scenario "2 restore again is a no-op; emptied later stays empty; non-empty database refused, untouched" restore_idempotent
    run_scenario "3 passwords with ' \" \$ spaces \\ \` # tab UTF-8 work and appear in no argv or log" password_quoting
    run_scenario "4 retention keeps exactly $KEEP dumps of this prefix; truncated newest dump skipped for the previous" retention_and_truncation
    run_scenario "5 routines, triggers, events, views and all 256 byte values round-trip" full_round_trip
    run_scenario "nothing to restore (empty BACKUP_DIR): exit 0, logged, marker written" nothing_to_restore
    run_scenario "server unreachable or wrong password: bounded failure with a clear message" server_unavailable
    run_scenario "a failed dump leaves no file behind" failed_backup
    run_scenario "RESTORE_FROM: named dump restored; missing, path, unchecked, corrupt, incomplete ones fail" restore_from
    run_scenario "a failed import exits non-zero, blocks until cleaned up, then retries" failed_import

    echo "# $PASSED passed, $FAILED failed"
    [ $FAILED -eq 0 ]
}

main
