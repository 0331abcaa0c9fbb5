# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # project_root comes from the caller, which also reads database_description.
#
# Steps that ops/run and ops/keys share. Source ops/lib/postgres.sh first, and set
# project_root and a die() function.
#
#   server_use_database   exports ConnectionStrings__Workflow: the one in the environment, or else
#                         the local cluster in .local/postgres, which it starts when needed. It also
#                         sets database_description for messages, which never contains a password.
#   server_build          builds src/Api in Release and sets server_dll to the built Workflow.Api.dll

server_use_database() {
    if [[ -n ${ConnectionStrings__Workflow:-} ]]; then
        # The string may contain a password, so it is not printed.
        database_description="the server in ConnectionStrings__Workflow (from the environment)"
    else
        pg_ensure_installed
        local cluster_dir
        cluster_dir=$(pg_local_cluster_dir "$project_root")
        pg_ensure_cluster "$cluster_dir"
        ConnectionStrings__Workflow=$(pg_connection_string "$PG_PORT")
        export ConnectionStrings__Workflow
        database_description="local cluster on 127.0.0.1:$PG_PORT, data in $cluster_dir/data, log in $cluster_dir/postgres.log"
    fi
}

server_build() {
    echo "Building src/Api (Release)..." >&2
    dotnet build "$project_root/src/Api/Workflow.Api.csproj" -c Release -nologo -v q >&2

    # The default output folder, or the one of UseArtifactsOutput if the build enables it.
    server_dll=
    local candidate
    for candidate in \
        src/Api/bin/Release/net10.0/Workflow.Api.dll \
        artifacts/bin/Workflow.Api/release/Workflow.Api.dll; do
        if [[ -f $project_root/$candidate ]]; then
            server_dll=$project_root/$candidate
            break
        fi
    done
    if [[ -z $server_dll ]]; then
        die "the build succeeded, but Workflow.Api.dll is missing from src/Api/bin/Release/net10.0" \
            "and artifacts/bin/Workflow.Api/release; update ops/lib/server.sh with the new output folder."
    fi
}
