# Readiness: an authenticated SELECT 1 over TCP. TCP on purpose: the image's entrypoint first runs a temporary
# server with networking off while it initialises, and that one must not count as ready.
set -eu -o pipefail
umask 077

# Same quoting as the backup script: a double-quoted option-file value.
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

client=$(command -v mysql || command -v mariadb)
password=$(<"$MYSQL_ROOT_PASSWORD_FILE")
option_file=$(mktemp "${TMPDIR:-/tmp}/readiness.XXXXXX")
trap 'rm -f "$option_file"' EXIT
printf '[client]\nuser=root\npassword=%s\nhost=127.0.0.1\nport=3306\nprotocol=tcp\n' "$(option_value "$password")" >"$option_file"
"$client" --defaults-extra-file="$option_file" --connect-timeout=3 --batch --skip-column-names -e 'SELECT 1' >/dev/null
