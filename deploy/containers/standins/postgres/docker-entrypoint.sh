#!/usr/bin/env bash
# Entrypoint of the postgres stand-in: the part of the official image's docker-entrypoint.sh that
# Testcontainers and compose files use (see the Dockerfile). On a first start it creates the cluster
# with initdb (user POSTGRES_USER with POSTGRES_PASSWORD), runs a temporary server on the Unix
# socket only to create POSTGRES_DB and run /docker-entrypoint-initdb.d, stops it, and then runs
# the command (postgres ...) as the postgres user.
set -Eeo pipefail

# VAR from VAR or from the file named by VAR_FILE (Docker secrets).
file_env() {
  local var=$1 file_var="${1}_FILE" def=${2:-} val
  if [[ -n ${!var:-} && -n ${!file_var:-} ]]; then
    echo >&2 "error: both $var and $file_var are set (but are exclusive)"
    exit 1
  fi
  val=$def
  if [[ -n ${!var:-} ]]; then
    val=${!var}
  elif [[ -n ${!file_var:-} ]]; then
    val=$(<"${!file_var}")
  fi
  export "$var"="$val"
  unset "$file_var"
}

# First argument an option: the command is postgres with these options.
if [[ ${1:0:1} == - ]]; then
  set -- postgres "$@"
fi

if [[ $1 != postgres ]]; then
  exec "$@"
fi

if [[ $(id -u) == 0 ]]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 00700 "$PGDATA"
  mkdir -p /var/run/postgresql
  chown postgres:postgres /var/run/postgresql
  chmod 03775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
: "${POSTGRES_HOST_AUTH_METHOD:=}"

if [[ -s $PGDATA/PG_VERSION ]]; then
  echo
  echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
  echo
  exec "$@"
fi

if [[ -z $POSTGRES_PASSWORD && $POSTGRES_HOST_AUTH_METHOD != trust ]]; then
  cat >&2 <<'EOM'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
EOM
  exit 1
fi

mkdir -p "$PGDATA"
chmod 00700 "$PGDATA" || true

# shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words
initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS

auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

# A temporary server on the Unix socket only, so that nothing connects before the set-up is done.
pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start

export PGPASSWORD=${PGPASSWORD:-$POSTGRES_PASSWORD}
psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)

if [[ $POSTGRES_DB != postgres ]]; then
  exists=$("${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" --tuples-only <<'EOSQL'
SELECT 1 FROM pg_database WHERE datname = :'db' ;
EOSQL
)
  if [[ -z ${exists//[[:space:]]/} ]]; then
    "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<'EOSQL'
CREATE DATABASE :"db" ;
EOSQL
  fi
fi
psql+=(--dbname "$POSTGRES_DB")

echo
for f in /docker-entrypoint-initdb.d/*; do
  [[ -e $f ]] || continue
  case $f in
    *.sh)
      if [[ -x $f ]]; then
        echo "$0: running $f"
        "$f"
      else
        echo "$0: sourcing $f"
        # shellcheck disable=SC1090
        . "$f"
      fi
      ;;
    *.sql) echo "$0: running $f"; "${psql[@]}" -f "$f"; echo ;;
    *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | "${psql[@]}"; echo ;;
    *) echo "$0: ignoring $f" ;;
  esac
done

pg_ctl -D "$PGDATA" -m fast -w stop
unset PGPASSWORD

echo
echo 'PostgreSQL init process complete; ready for start up.'
echo

exec "$@"
