# accounts.sh: applies the accounts declared in Git to a running server, idempotently:
#   - root's password rotation: the new password is MYSQL_PASSWORD_FILE (the Secret's key), the one the server still
#     has may be MYSQL_PREVIOUS_PASSWORD_FILE (the same Secret's `previous-password` key, kept until this succeeds);
#   - application users (spec.users) and the metrics exporter's user: created, password applied, privileges made
#     exactly what `access` says;
#   - users listed in spec.removedUsers are dropped. A user that merely disappeared from spec.users is left alone.
#
# Run as a Job container (`bash accounts.sh`, over TCP) or sourced by the server's init (which then calls
# `accounts_apply` with MYSQL_SOCKET set, against its temporary --skip-networking server). Values come only from
# env and files; passwords reach the client only through stdin and a mode-0600 option file, never argv or the log.
#
# Env: MYSQL_HOST + MYSQL_PORT (TCP) or MYSQL_SOCKET (socket; wins when set), MYSQL_DATABASE, MYSQL_PASSWORD_FILE,
#      MYSQL_PREVIOUS_PASSWORD_FILE (optional; the file may be absent), ACCOUNTS_USERS (space-separated NAME:ACCESS,
#      ACCESS = readWrite | readOnly | monitor), ACCOUNTS_PASSWORDS_DIR (one file per user, named like the user),
#      ACCOUNTS_REMOVED (space-separated names), WAIT_TIMEOUT_SECONDS (default 300), TMPDIR,
#      ACCOUNTS_MISSING_PASSWORDS (empty: a user without its password file fails the run; `skip`: it is skipped with
#      a log line, what the server's init does, so a Secret not created yet never keeps the database from starting).
if ! declare -F write_option_file >/dev/null; then
    . "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
fi

ACCOUNTS_LOGIN_FILE=
ACCOUNTS_ERROR_FILE=
ACCOUNTS_ROOT_LOGIN= # which password root logged in with: password, previous-password or none
ACCOUNTS_IS_MYSQL=0  # MySQL keeps a retained (secondary) password on rotation; MariaDB cannot
ACCOUNT_NAME_PATTERN='^[A-Za-z0-9_]{1,32}$'
RESERVED_ACCOUNTS=' root mysql mysqlxsys mariadb '

accounts_remove_files() {
    rm -f -- "$ACCOUNTS_LOGIN_FILE" "$ACCOUNTS_ERROR_FILE"
}

# Statements on stdin, answers tab-separated on stdout. sql_mode is emptied for the session so QUOTE()'s backslash
# escapes mean what they say even when spec.config sets NO_BACKSLASH_ESCAPES. The statements carry passwords, so the
# session first leaves the server's statement logs, as root may: the general log (sql_log_off), the slow log (no
# statement takes a year) and performance_schema's statement history and digests (an uninstrumented thread), which
# the exporter's monitor account can read.
accounts_sql() {
    { printf '%s\n' "SET SESSION sql_log_off = ON, SESSION long_query_time = 31536000, SESSION sql_mode = '';" \
        "UPDATE performance_schema.threads SET INSTRUMENTED = 'NO' WHERE PROCESSLIST_ID = CONNECTION_ID();"; cat; } |
        "$MYSQL_CLIENT" --defaults-extra-file="$ACCOUNTS_LOGIN_FILE" --connect-timeout=5 \
            --default-character-set=utf8mb4 --batch --skip-column-names
}

# write_login_file PASSWORD: root's client options, for the socket or for TCP.
write_login_file() {
    rm -f -- "$ACCOUNTS_LOGIN_FILE"
    ACCOUNTS_LOGIN_FILE=$(mktemp "${TMPDIR:-/tmp}/mysqlrender-accounts.XXXXXX")
    {
        printf '[client]\nuser=root\n'
        [ -z "$1" ] || printf 'password=%s\n' "$(option_value "$1")"
        if [ -n "${MYSQL_SOCKET:-}" ]; then
            printf 'socket=%s\nprotocol=socket\n' "$(option_value "$MYSQL_SOCKET")"
        else
            printf 'host=%s\nport=%s\nprotocol=tcp\n' "$(option_value "$MYSQL_HOST")" "$MYSQL_PORT"
            client_tls_options
        fi
    } >"$ACCOUNTS_LOGIN_FILE"
}

check_accounts_env() {
    require_env MYSQL_DATABASE MYSQL_PASSWORD_FILE
    if [ -z "${MYSQL_SOCKET:-}" ]; then
        require_env MYSQL_HOST MYSQL_PORT
        require_int MYSQL_PORT
    fi
    WAIT_TIMEOUT_SECONDS=${WAIT_TIMEOUT_SECONDS:-300}
    require_int WAIT_TIMEOUT_SECONDS
    [[ $MYSQL_DATABASE != *'`'* ]] || die "MYSQL_DATABASE must not contain '\`'"
    local entry name
    for entry in ${ACCOUNTS_USERS:-}; do
        name=${entry%%:*}
        check_account_name "$name"
        case ${entry#*:} in
        readWrite | readOnly | monitor) ;;
        *) die "ACCOUNTS_USERS: '$entry' must be NAME:readWrite, NAME:readOnly or NAME:monitor" ;;
        esac
        [ -n "${ACCOUNTS_PASSWORDS_DIR:-}" ] || die "ACCOUNTS_PASSWORDS_DIR is required when ACCOUNTS_USERS is set"
    done
    case ${ACCOUNTS_MISSING_PASSWORDS:-} in
    '' | skip) ;;
    *) die "ACCOUNTS_MISSING_PASSWORDS must be empty or 'skip', got '$ACCOUNTS_MISSING_PASSWORDS'" ;;
    esac
    for name in ${ACCOUNTS_REMOVED:-}; do
        check_account_name "$name"
        [[ " ${ACCOUNTS_USERS:-} " != *" $name:"* ]] || die "user '$name' is both declared and listed as removed"
    done
    MYSQL_CLIENT=${MYSQL_CLIENT:-$(first_program mysql mariadb)}
}

check_account_name() {
    [[ $1 =~ $ACCOUNT_NAME_PATTERN ]] || die "'$1' is not a valid user name (letters, digits and '_', at most 32)"
    [[ $RESERVED_ACCOUNTS != *" $1 "* ]] || die "'$1' is reserved and cannot be managed here"
}

# Logs in as root with the first password the server accepts: the Secret's current one, then the previous one
# (a rotation not applied yet), and over the socket also none (a datadir fresh from --initialize-insecure).
# Waits while the server is unreachable (bounded); fails at once when it answers and refuses every password.
accounts_login() {
    local deadline=$((SECONDS + WAIT_TIMEOUT_SECONDS)) candidates=(password) candidate password output refused offered
    [ -n "${MYSQL_PREVIOUS_PASSWORD_FILE:-}" ] && [ -e "$MYSQL_PREVIOUS_PASSWORD_FILE" ] && candidates+=(previous-password)
    [ -n "${MYSQL_SOCKET:-}" ] && candidates+=(none)
    ACCOUNTS_ERROR_FILE=${ACCOUNTS_ERROR_FILE:-$(mktemp "${TMPDIR:-/tmp}/mysqlrender-accounts-error.XXXXXX")}
    while :; do
        refused=0 offered=0
        for candidate in "${candidates[@]}"; do
            case $candidate in
            password) load_password "$MYSQL_PASSWORD_FILE"; password=$PASSWORD ;;
            previous-password) load_password "$MYSQL_PREVIOUS_PASSWORD_FILE"; password=$PASSWORD ;;
            none) password= ;;
            esac
            write_login_file "$password"
            offered=$((offered + 1))
            if output=$(printf 'SELECT 1;\n' | accounts_sql 2>"$ACCOUNTS_ERROR_FILE") && [ "$output" = 1 ]; then
                ACCOUNTS_ROOT_LOGIN=$candidate
                case $candidate in
                previous-password) log "root logged in with its previous-password (the rotation is applied now)" ;;
                none) log "root logged in without a password over the socket (a freshly initialised server)" ;;
                esac
                return 0
            fi
            # 1045: access denied; 3159/4151 (insecure transport refused) is a refusal too, not a server still starting.
            grep -qE 'ERROR (1045|3159|4151)' "$ACCOUNTS_ERROR_FILE" && refused=$((refused + 1))
        done
        if [ $refused -eq $offered ]; then
            die "the server refused root with every password offered (${candidates[*]}). If root's password was" \
                "rotated, put the password the server still has under the key 'previous-password' of the root" \
                "password Secret (next to the new one) and sync again; the key can go once this Job succeeded." \
                "Last error: $(<"$ACCOUNTS_ERROR_FILE")"
        fi
        if [ $SECONDS -ge $deadline ]; then
            die "MySQL did not answer within ${WAIT_TIMEOUT_SECONDS}s: $(<"$ACCOUNTS_ERROR_FILE")"
        fi
        sleep 2
    done
}

accounts_detect_flavour() {
    local version
    version=$(printf 'SELECT VERSION();\n' | accounts_sql)
    [[ $version == *MariaDB* ]] && ACCOUNTS_IS_MYSQL=0 || ACCOUNTS_IS_MYSQL=1
}

# Root's password-authenticated accounts (root@'%', root@localhost) get the Secret's password. On MySQL the old one
# is retained as a secondary password (RETAIN CURRENT PASSWORD) while `previous-password` is in the Secret, so pods
# whose mounted Secret is not refreshed yet keep working; without that key it is discarded. An account without a
# password (a socket-only admin) is left as it is.
accounts_rotate_root() {
    local new accounts retain=
    load_password "$MYSQL_PASSWORD_FILE"
    new=$PASSWORD
    local root_accounts="FROM mysql.user WHERE User = 'root' AND authentication_string <> ''
        AND plugin IN ('mysql_native_password', 'caching_sha2_password', 'sha256_password')"
    accounts=$(printf 'SELECT COUNT(*) %s;\n' "$root_accounts" | accounts_sql)
    [ "$accounts" -gt 0 ] || { log "root: no password-authenticated root account to rotate"; return 0; }
    if [ "$ACCOUNTS_ROOT_LOGIN" = password ]; then
        if [ $ACCOUNTS_IS_MYSQL -eq 1 ] && [ ! -e "${MYSQL_PREVIOUS_PASSWORD_FILE:-/nonexistent}" ]; then
            accounts_sql <<SQL
SET SESSION group_concat_max_len = 1048576;
SELECT GROUP_CONCAT(CONCAT(QUOTE(User), '@', QUOTE(Host), ' DISCARD OLD PASSWORD') SEPARATOR ', ') INTO @accounts $root_accounts;
SET @statement = CONCAT('ALTER USER ', @accounts);
PREPARE statement FROM @statement; EXECUTE statement; DEALLOCATE PREPARE statement;
SQL
        fi
        log "root: the password in the Secret is in use"
        return 0
    fi
    [ $ACCOUNTS_IS_MYSQL -eq 1 ] && retain=' RETAIN CURRENT PASSWORD'
    # One ALTER USER for every account: atomic on MySQL 8 (all or none change).
    accounts_sql <<SQL
SET SESSION group_concat_max_len = 1048576;
SET @password = $(sql_text "$new");
SELECT GROUP_CONCAT(CONCAT(QUOTE(User), '@', QUOTE(Host), ' IDENTIFIED BY ', QUOTE(@password), '$retain') SEPARATOR ', ')
    INTO @accounts $root_accounts;
SET @statement = CONCAT('ALTER USER ', @accounts);
PREPARE statement FROM @statement; EXECUTE statement; DEALLOCATE PREPARE statement;
SET @password = NULL, @statement = NULL, @accounts = NULL;
SQL
    if [ "$ACCOUNTS_ROOT_LOGIN" = previous-password ]; then
        write_login_file "$new" # this session's next logins use it
        ACCOUNTS_ROOT_LOGIN=password
    fi
    log "root: the new password from the Secret is applied to $accounts account(s)$retain"
}

# Database-level grants treat '_' and '%' in the name as wildcards: `my_db`.* would also cover `myXdb`.
grant_pattern() {
    local pattern=${1//\\/\\\\}
    pattern=${pattern//_/\\_}
    printf '%s' "${pattern//%/\\%}"
}

# apply_user NAME ACCESS: create it, apply its password, and make its privileges exactly what ACCESS grants.
apply_user() {
    local name=$1 access=$2 host='%' password grantee quoted existed privileges outside pattern schema limits=
    local global_allowed="'USAGE'"
    if [ ! -e "$ACCOUNTS_PASSWORDS_DIR/$name" ]; then
        # The Secret sources are optional in the pods: a missing Secret or key leaves the file out.
        local missing="user $name: no password file $ACCOUNTS_PASSWORDS_DIR/$name: the Secret named in its passwordSecretRef does not exist or has no such key"
        if [ "${ACCOUNTS_MISSING_PASSWORDS:-}" = skip ]; then
            log "$missing; skipped here, the accounts Job applies it once the Secret exists"
            return 0
        fi
        die "$missing. Create the Secret (or fix spec.users[].passwordSecretRef) and sync again; nothing was changed for this user"
    fi
    load_password "$ACCOUNTS_PASSWORDS_DIR/$name"
    password=$PASSWORD
    if [ "$access" = monitor ]; then
        # The exporter, this account's only client, sends MYSQLD_EXPORTER_PASSWORD byte for byte (mysqld_exporter
        # config/config.go expands it with os.ExpandEnv), trailing newlines included.
        IFS= read -r -d '' password <"$ACCOUNTS_PASSWORDS_DIR/$name" || true
    fi
    pattern=$(grant_pattern "$MYSQL_DATABASE")
    schema=$(sql_text "$pattern")
    local schema_identifier="CONCAT('\`', $schema, '\`')"
    if [ "$access" = monitor ]; then
        host=localhost # the exporter sidecar logs in over the pod's shared socket
        schema="'performance_schema'"
        limits=" WITH MAX_USER_CONNECTIONS 3"
        # REPLICATION CLIENT is called BINLOG MONITOR (and SLAVE/REPLICA MONITOR) on MariaDB 10.5+.
        global_allowed+=", 'PROCESS', 'REPLICATION CLIENT', 'BINLOG MONITOR', 'SLAVE MONITOR', 'REPLICA MONITOR'"
    fi
    grantee="'$name'@'$host'"
    quoted="QUOTE('$name'), '@', QUOTE('$host')" # the account inside CONCAT(...)
    existed=$(printf "SELECT COUNT(*) FROM mysql.user WHERE User = '%s' AND Host = '%s';\n" "$name" "$host" | accounts_sql)
    case $access in
    readWrite) privileges="GRANT ALL PRIVILEGES ON \`$pattern\`.* TO $grantee;" ;;
    readOnly) privileges="GRANT SELECT, SHOW VIEW, EXECUTE ON \`$pattern\`.* TO $grantee;" ;;
    monitor) privileges="GRANT PROCESS, REPLICATION CLIENT ON *.* TO $grantee; GRANT SELECT ON performance_schema.* TO $grantee;" ;;
    esac
    # CREATE (when new) and ALTER both take the password from a hex literal through a prepared statement.
    accounts_sql <<SQL
SET @password = $(sql_text "$password");
SET @statement = CONCAT('CREATE USER IF NOT EXISTS ', $quoted, ' IDENTIFIED BY ', QUOTE(@password));
PREPARE statement FROM @statement; EXECUTE statement; DEALLOCATE PREPARE statement;
SET @statement = CONCAT('ALTER USER ', $quoted, ' IDENTIFIED BY ', QUOTE(@password), '$limits');
PREPARE statement FROM @statement; EXECUTE statement; DEALLOCATE PREPARE statement;
SET @password = NULL, @statement = NULL;
$privileges
SQL
    # Anything granted beyond that (by hand, or an earlier access level) goes: extra privileges on the database
    # individually (the user keeps working meanwhile), anything elsewhere by a full revoke and re-grant.
    outside=$(accounts_sql <<SQL
SELECT (SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES
            WHERE GRANTEE = "$grantee" AND PRIVILEGE_TYPE NOT IN ($global_allowed))
     + (SELECT COUNT(*) FROM information_schema.SCHEMA_PRIVILEGES
            WHERE GRANTEE = "$grantee" AND (TABLE_SCHEMA <> $schema OR IS_GRANTABLE = 'YES'))
     + (SELECT COUNT(*) FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = "$grantee")
     + (SELECT COUNT(*) FROM information_schema.COLUMN_PRIVILEGES WHERE GRANTEE = "$grantee");
SQL
)
    if [ "$outside" != 0 ]; then
        printf 'REVOKE ALL PRIVILEGES, GRANT OPTION FROM %s;\n%s\n' "$grantee" "$privileges" | accounts_sql
        log "user $name: removed $outside privilege(s) granted beyond its access $access"
    fi
    if [ "$access" = readOnly ]; then
        accounts_sql <<SQL
SET SESSION group_concat_max_len = 1048576;
SELECT GROUP_CONCAT(PRIVILEGE_TYPE SEPARATOR ', ') INTO @extra FROM information_schema.SCHEMA_PRIVILEGES
    WHERE GRANTEE = "$grantee" AND TABLE_SCHEMA = $(sql_text "$pattern") AND PRIVILEGE_TYPE NOT IN ('SELECT', 'SHOW VIEW', 'EXECUTE');
SET @statement = IF(@extra IS NULL, 'DO 0', CONCAT('REVOKE ', @extra, ' ON ', $schema_identifier, '.* FROM ', $quoted));
PREPARE statement FROM @statement; EXECUTE statement; DEALLOCATE PREPARE statement;
SQL
    fi
    if [ "$existed" = 0 ]; then
        log "user $name: created with access $access on $([ "$access" = monitor ] && echo 'server metrics' || echo "\`$MYSQL_DATABASE\`")"
    else
        log "user $name: password and access $access applied"
    fi
}

drop_removed_user() {
    local name=$1 hosts
    hosts=$(printf "SELECT COUNT(*) FROM mysql.user WHERE User = '%s';\n" "$1" | accounts_sql)
    if [ "$hosts" = 0 ]; then
        log "user $name: listed in removedUsers, already absent"
        return 0
    fi
    accounts_sql <<SQL
SET SESSION group_concat_max_len = 1048576;
SELECT GROUP_CONCAT(CONCAT(QUOTE(User), '@', QUOTE(Host)) SEPARATOR ', ') INTO @accounts FROM mysql.user WHERE User = '$name';
SET @statement = CONCAT('DROP USER ', @accounts);
PREPARE statement FROM @statement; EXECUTE statement; DEALLOCATE PREPARE statement;
SQL
    log "user $name: dropped (listed in removedUsers)"
}

# A final or pre-delete backup leaves the server read-only (lib.sh make_server_read_only) until a live sync's restore
# check, a PostSync hook, makes it writable; this Job runs before that, in the Sync phase. On MySQL super_read_only
# holds root too and account statements write the mysql schema, so they would fail, fail the sync, and the restore
# check would never run (MySQL 8.4 reference manual, "super_read_only"). The Job lifts super_read_only for its own
# statements only: read_only stays ON, which still holds every account without CONNECTION_ADMIN or SUPER (the
# applications'), and super_read_only is set again when the Job ends, however it ends (a restart of the server
# sets it too, from read-only.cnf). MariaDB's read_only never holds root (READ ONLY ADMIN): nothing to lift.
ACCOUNTS_LIFTED_SUPER_READ_ONLY=0
accounts_lift_super_read_only() {
    [ "$ACCOUNTS_IS_MYSQL" = 1 ] || return 0
    [ "$(printf 'SELECT @@GLOBAL.super_read_only;\n' | accounts_sql)" = 1 ] || return 0
    ACCOUNTS_LIFTED_SUPER_READ_ONLY=1
    printf 'SET GLOBAL super_read_only = OFF;\n' | accounts_sql
    log "the server is read-only (a final backup left it so): super_read_only is lifted while the accounts are applied; read_only stays ON, so applications still cannot write"
}

accounts_restore_super_read_only() {
    [ "$ACCOUNTS_LIFTED_SUPER_READ_ONLY" = 1 ] || return 0
    if printf 'SET SESSION lock_wait_timeout = 60; SET GLOBAL super_read_only = ON;\n' | accounts_sql; then
        ACCOUNTS_LIFTED_SUPER_READ_ONLY=0
        log "super_read_only is ON again"
    else
        log "warning: could not set super_read_only ON again; read_only is still ON, so applications cannot write, and the restore check of this sync makes the server writable anyway"
    fi
}

# The whole job, for the Job container and for the server's init (source this file, set MYSQL_SOCKET, call it).
accounts_apply() {
    local entry
    check_accounts_env
    accounts_login
    accounts_detect_flavour
    accounts_lift_super_read_only
    accounts_rotate_root
    for entry in ${ACCOUNTS_USERS:-}; do
        apply_user "${entry%%:*}" "${entry#*:}"
    done
    for entry in ${ACCOUNTS_REMOVED:-}; do
        drop_removed_user "$entry"
    done
    accounts_restore_super_read_only
    log "accounts applied"
    accounts_remove_files
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    SCRIPT=accounts
    trap 'accounts_restore_super_read_only; accounts_remove_files' EXIT
    accounts_apply
fi
