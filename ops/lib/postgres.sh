# shellcheck shell=bash
#
# PostgreSQL helpers for the scripts in ops/: find or install the server binaries, and
# create, start and stop a local development cluster. Source this file, do not run it.
#
# A cluster folder has this layout:
#   DIR/data           the data directory (PGDATA)
#   DIR/socket         the Unix-domain socket directory
#   DIR/postgres.log   the server log
#
# The server listens on 127.0.0.1 only and trusts every local connection, so any user of
# this machine can connect as the superuser. Use these clusters for development and tests only. The superuser is `workflow`, and the database
# `workflow` exists. fsync and synchronous_commit keep their defaults (on).
#
# Globals that the functions set:
#   PG_BINDIR  folder that contains initdb, pg_ctl, postgres and psql
#   PG_PORT    TCP port of the cluster that pg_ensure_cluster started or found running

PG_FIRST_PORT=55432
PG_USER=workflow
PG_DATABASE=workflow

# Unix-domain socket paths are limited by sockaddr_un.sun_path (108 bytes on Linux,
# including the terminating NUL). PostgreSQL cannot create a socket at a longer path.
PG_MAX_SOCKET_PATH_LENGTH=107

pg_log() {
    printf '%s\n' "$*" >&2
}

pg_die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# ---------------------------------------------------------------------------
# Binaries and the cluster owner
# ---------------------------------------------------------------------------

# Prints the bin folder of the newest PostgreSQL server installed, or returns 1.
pg_find_bindir() {
    local candidate

    # Debian and Ubuntu install each major version to /usr/lib/postgresql/VERSION/bin.
    while IFS= read -r candidate; do
        if [[ -x $candidate/initdb && -x $candidate/pg_ctl && -x $candidate/postgres ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)

    # Other systems put the server next to pg_config or on the PATH. Debian's
    # /usr/bin/pg_config can exist without the server (libpq-dev), hence the -x checks.
    if command -v pg_config >/dev/null 2>&1; then
        candidate=$(pg_config --bindir)
        if [[ -x $candidate/initdb && -x $candidate/pg_ctl ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    fi
    if candidate=$(command -v initdb 2>/dev/null); then
        candidate=$(dirname "$candidate")
        if [[ -x $candidate/pg_ctl ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    fi
    return 1
}

# Sets PG_BINDIR. When the server is missing, installs the Debian package `postgresql` if
# this script runs as root, and otherwise exits with an error that names the package.
pg_ensure_installed() {
    if ! PG_BINDIR=$(pg_find_bindir); then
        if [[ $EUID -ne 0 ]]; then
            pg_die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in" \
                "/usr/lib/postgresql/*/bin, in pg_config --bindir or on the PATH." \
                "Install the server (Debian/Ubuntu: sudo apt-get install postgresql), or set" \
                "ConnectionStrings__Workflow (ops/run) or WORKFLOW_TEST_CONNECTION (ops/test)" \
                "to an existing server."
        fi
        pg_log "PostgreSQL server binaries not found; installing the Debian package postgresql."
        # NOTE: the Debian package also creates its own cluster (VERSION/main, port 5432)
        # and starts it where the init system allows. These scripts never use that cluster.
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
        PG_BINDIR=$(pg_find_bindir) ||
            pg_die "apt-get installed postgresql, but initdb is still missing from /usr/lib/postgresql/*/bin."
    fi

    if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
        pg_die "this script runs as root, so it runs initdb and postgres (which reject root) as" \
            "the user postgres, but that user does not exist. Create it, or run the script as" \
            "a non-root user."
    fi
}

# Prints the major version of the binaries in PG_BINDIR, for example 15.
pg_bindir_major_version() {
    # pg_ctl --version prints, for example, "pg_ctl (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)".
    "$PG_BINDIR/pg_ctl" --version | sed -nE 's/^[^0-9]*([0-9]+).*/\1/p'
}

# Runs a command as the cluster owner: the `postgres` user when this script runs as root
# (initdb and postgres reject root), otherwise the current user. As root the command
# runs from /, because the caller's working folder may be closed to the postgres user.
pg_run_as_owner() {
    if [[ $EUID -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

pg_owner_uid() {
    if [[ $EUID -eq 0 ]]; then
        id -u postgres
    else
        id -u
    fi
}

# Returns 0 when the cluster owner can create files in DIR, which needs search (x)
# permission on every parent folder of DIR as well.
pg_owner_can_write() {
    pg_run_as_owner test -d "$1" -a -w "$1" -a -x "$1"
}

# ---------------------------------------------------------------------------
# Cluster folders
# ---------------------------------------------------------------------------

# Prints a short hash of a path, used to name per-project folders in /var/tmp.
pg_path_hash() {
    printf '%s' "$1" | sha256sum | cut -c 1-12
}

# Prints the folder of the cluster that ops/run and ops/psql share. That folder is
# PROJECT_ROOT/.local/postgres unless this script runs as root and the postgres user cannot
# traverse PROJECT_ROOT (for example a clone under /root, mode 700). The folder is then
# /var/tmp/workflow-postgres-HASH, with HASH taken from PROJECT_ROOT. Creates nothing.
pg_local_cluster_dir() {
    local project_root=$1
    local dir

    if pg_run_as_owner test -x "$project_root"; then
        printf '%s\n' "$project_root/.local/postgres"
    else
        dir=/var/tmp/workflow-postgres-$(pg_path_hash "$project_root")
        pg_log "The postgres user cannot traverse $project_root, so the local cluster is in $dir."
        printf '%s\n' "$dir"
    fi
}

# Creates DIR if missing (with its parents) and, as root, gives it to the postgres user.
# Exits with an error when the cluster owner still cannot write to DIR.
pg_prepare_cluster_dir() {
    local dir=$1

    if [[ -L $dir ]]; then
        # Any user can plant a link in /var/tmp, and chown as root would follow it.
        pg_die "cluster folder $dir is a symbolic link. Remove it and run again."
    fi
    if [[ ! -d $dir ]]; then
        # The parent gets mode 755 so that the postgres user can traverse it even when the
        # umask is 077. Only the parent matters: the folders above it exist, as in
        # PROJECT/.local or /var/tmp.
        # shellcheck disable=SC2174  # -m applying only to the deepest folder is intended.
        mkdir -p -m 755 "$(dirname "$dir")"
        mkdir -m 700 "$dir"
    fi
    if [[ $EUID -eq 0 ]]; then
        local dir_owner_uid
        dir_owner_uid=$(stat -c %u "$dir")
        if [[ $dir_owner_uid != 0 && $dir_owner_uid != "$(pg_owner_uid)" ]]; then
            pg_die "cluster folder $dir belongs to user id $dir_owner_uid, but as root this script" \
                "runs PostgreSQL as the user postgres. Run the script as the owner of $dir," \
                "or remove $dir (its data is lost) to create a new cluster."
        fi
        chown postgres: "$dir"
    fi
    if ! pg_owner_can_write "$dir"; then
        pg_die "the user $(id -un "$(pg_owner_uid)") cannot write to the cluster folder $dir." \
            "Make its parent folders traversable (chmod o+x) or remove $dir and run again."
    fi
}

# Creates an empty folder for a throwaway cluster and prints its path. The folder is in
# TMPDIR (default /tmp), or in /var/tmp when the postgres user cannot write there.
pg_make_temp_cluster_dir() {
    local project_root=$1
    local dir

    dir=$(mktemp -d "${TMPDIR:-/tmp}/workflow-test-postgres.XXXXXX")
    if [[ $EUID -eq 0 ]]; then
        chown postgres: "$dir"
        if ! pg_owner_can_write "$dir"; then
            rmdir "$dir"
            dir=$(mktemp -d "/var/tmp/workflow-test-postgres-$(pg_path_hash "$project_root").XXXXXX")
            chown postgres: "$dir"
            pg_log "The postgres user cannot use ${TMPDIR:-/tmp}, so the test cluster is in $dir."
        fi
    fi
    printf '%s\n' "$dir"
}

# ---------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------

# Returns 0 when nothing is bound to TCP port PORT on 127.0.0.1.
pg_port_is_free() {
    local port=$1

    if command -v python3 >/dev/null 2>&1; then
        # A bind test also catches ports that are bound but not listening, which a connect
        # probe misses. It does not set SO_REUSEADDR, so ports in TIME_WAIT count as taken.
        python3 - "$port" <<'PYTHON'
import socket
import sys

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
    try:
        probe.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
PYTHON
    else
        # Without python3, probe with a connect: a refused connection means no server listens.
        ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# Prints the first free TCP port on 127.0.0.1 from FIRST_PORT (default 55432) upward.
pg_find_free_port() {
    local first_port=${1:-$PG_FIRST_PORT}
    local port

    for ((port = first_port; port <= 65535; port++)); do
        if pg_port_is_free "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    pg_die "no free TCP port on 127.0.0.1 from $first_port to 65535. Stop servers you no longer need and run again."
}

# ---------------------------------------------------------------------------
# Cluster life cycle
# ---------------------------------------------------------------------------

# Quotes a value for postgresql.conf: single quotes, with embedded quotes doubled.
pg_conf_quote() {
    local value=$1
    printf "'%s'" "${value//\'/\'\'}"
}

# Writes DIR/data/workflow.conf, which postgresql.conf includes. The file is rewritten
# on every start, so the settings here apply to clusters created by older versions too.
pg_write_settings() {
    local dir=$1 port=$2
    local socket_dir=$dir/socket
    local socket_file=$dir/socket/.s.PGSQL.$port
    local socket_setting

    if (( ${#socket_file} > PG_MAX_SOCKET_PATH_LENGTH )); then
        # Every script connects over TCP, so the server can run without a socket.
        pg_log "The socket path $socket_file is longer than $PG_MAX_SOCKET_PATH_LENGTH bytes," \
            "so the server gets no Unix-domain socket and accepts TCP connections only."
        socket_setting="''"
    else
        pg_run_as_owner mkdir -p "$socket_dir"
        socket_setting=$(pg_conf_quote "$socket_dir")
    fi

    pg_run_as_owner tee "$dir/data/workflow.conf" >/dev/null <<EOF
# Written by ops/lib/postgres.sh on every start, so edits here are lost.
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = $socket_setting
max_connections = 200
shared_buffers = 256MB
EOF
}

# Prints the port in DIR/data/workflow.conf, or nothing when the file is missing.
pg_configured_port() {
    local settings=$1/data/workflow.conf
    if [[ -f $settings ]]; then
        sed -nE 's/^port = ([0-9]+)$/\1/p' "$settings"
    fi
}

# Creates a new cluster in DIR/data with the superuser `workflow`.
pg_init_cluster() {
    local dir=$1
    local output

    pg_log "Creating a PostgreSQL cluster in $dir/data."
    # --no-locale gives the C collation, which every system has and which sorts by byte.
    if ! output=$(pg_run_as_owner "$PG_BINDIR/initdb" \
        --pgdata="$dir/data" \
        --username="$PG_USER" \
        --auth=trust \
        --encoding=UTF8 \
        --no-locale \
        --no-instructions 2>&1); then
        printf '%s\n' "$output" >&2
        pg_die "initdb failed for $dir/data, with the output above."
    fi

    # Keep our settings in a file of their own, so postgresql.conf stays as initdb wrote it.
    printf "\ninclude_if_exists = 'workflow.conf'\n" |
        pg_run_as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
}

pg_is_running() {
    pg_run_as_owner "$PG_BINDIR/pg_ctl" status --pgdata="$1/data" >/dev/null 2>&1
}

# Prints the port of the running server in DIR, from line 4 of postmaster.pid.
pg_running_port() {
    sed -n 4p "$1/data/postmaster.pid"
}

# Starts the stopped cluster in DIR and sets PG_PORT. Keeps the port of the previous run
# when it is free. Another process can take the chosen port before the server binds it,
# so a start that fails with "Address already in use" is retried on the next free port.
pg_start_cluster() {
    local dir=$1
    local log_file=$dir/postgres.log
    local port attempt log_offset

    port=$(pg_configured_port "$dir")
    if [[ -z $port ]] || ! pg_port_is_free "$port"; then
        port=$(pg_find_free_port "$PG_FIRST_PORT")
    fi

    for attempt in 1 2 3 4 5; do
        pg_write_settings "$dir" "$port"
        log_offset=0
        if [[ -f $log_file ]]; then
            log_offset=$(wc -c <"$log_file")
        fi

        if pg_run_as_owner "$PG_BINDIR/pg_ctl" start --pgdata="$dir/data" --log="$log_file" \
            --wait --timeout=60 --silent; then
            PG_PORT=$port
            pg_log "PostgreSQL started on 127.0.0.1:$PG_PORT (log: $log_file)."
            return 0
        fi

        if tail -c +"$((log_offset + 1))" "$log_file" 2>/dev/null | grep -q 'Address already in use'; then
            pg_log "Port $port was taken before PostgreSQL could bind it (attempt $attempt of 5); trying another port."
            port=$(pg_find_free_port "$((port + 1))")
            continue
        fi
        break
    done

    pg_log "Last lines of $log_file:"
    tail -n 20 "$log_file" >&2 2>/dev/null || true
    pg_die "PostgreSQL failed to start from $dir/data; see the log lines above."
}

# Stops the cluster in DIR if it runs. A fast stop rolls back open transactions and
# disconnects clients. If that fails (for example after the 60-second timeout), an
# immediate stop follows, and the next start then runs crash recovery.
pg_stop_cluster() {
    local dir=$1

    if ! pg_is_running "$dir"; then
        return 0
    fi
    if pg_run_as_owner "$PG_BINDIR/pg_ctl" stop --pgdata="$dir/data" --mode=fast \
        --wait --timeout=60 --silent; then
        return 0
    fi
    pg_log "A fast stop of $dir/data failed; stopping with --mode=immediate."
    pg_run_as_owner "$PG_BINDIR/pg_ctl" stop --pgdata="$dir/data" --mode=immediate \
        --wait --timeout=60 --silent
}

# Creates the database `workflow` in the running cluster unless it exists. A cluster whose
# first start was interrupted has the role but not the database.
pg_ensure_database() {
    local psql=("$PG_BINDIR/psql" --no-psqlrc --quiet --set=ON_ERROR_STOP=1
        --host=127.0.0.1 --port="$PG_PORT" --username="$PG_USER" --dbname=postgres)
    local exists

    exists=$("${psql[@]}" --tuples-only --no-align \
        --command="SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")
    if [[ $exists != 1 ]]; then
        "${psql[@]}" --command="CREATE DATABASE $PG_DATABASE"
    fi
}

# Exits with an error unless the cluster owner and the installed binaries can run the
# cluster in DIR. Switches PG_BINDIR to the installed major version that created the
# cluster when it differs from the newest one.
pg_check_existing_cluster() {
    local dir=$1
    local cluster_version owner_uid

    owner_uid=$(stat -c %u "$dir/data")
    if [[ $owner_uid != "$(pg_owner_uid)" ]]; then
        pg_die "$dir/data belongs to user id $owner_uid, but this script runs the server as" \
            "user id $(pg_owner_uid). Run the script as that user, or remove $dir" \
            "(its data is lost) to create a new cluster."
    fi

    # A data directory works only with the major version that created it.
    cluster_version=$(<"$dir/data/PG_VERSION")
    if [[ $cluster_version != "$(pg_bindir_major_version)" ]]; then
        if [[ -x /usr/lib/postgresql/$cluster_version/bin/pg_ctl ]]; then
            PG_BINDIR=/usr/lib/postgresql/$cluster_version/bin
        else
            pg_die "$dir/data was created by PostgreSQL $cluster_version, but only version" \
                "$(pg_bindir_major_version) is installed. Install PostgreSQL $cluster_version," \
                "or remove $dir (its data is lost) to create a new cluster."
        fi
    fi
}

# Makes the cluster in DIR run and sets PG_PORT: creates the cluster if DIR/data is
# missing, starts it if it is stopped, and reuses it if it already runs.
# Call pg_ensure_installed first.
pg_ensure_cluster() {
    local dir=$1

    pg_prepare_cluster_dir "$dir"

    if [[ -f $dir/data/PG_VERSION ]]; then
        pg_check_existing_cluster "$dir"
        if pg_is_running "$dir"; then
            PG_PORT=$(pg_running_port "$dir")
            pg_log "Reusing the PostgreSQL cluster that runs on 127.0.0.1:$PG_PORT."
        else
            pg_start_cluster "$dir"
        fi
    elif [[ -e $dir/data ]]; then
        pg_die "$dir/data exists but contains no PG_VERSION, so initdb did not finish." \
            "Remove $dir and run again."
    else
        pg_init_cluster "$dir"
        pg_start_cluster "$dir"
    fi

    pg_ensure_database
}

# Prints the Npgsql connection string for the `workflow` database on PORT.
pg_connection_string() {
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s\n' "$1" "$PG_DATABASE" "$PG_USER"
}
