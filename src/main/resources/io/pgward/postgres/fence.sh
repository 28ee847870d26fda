# pgward's fence (see Fence.java): reads "arm MILLIS LEASE" / "disarm" / "stop" lines from its agent on stdin.
# A deadline and its lease come in one line and are replaced together: the fence only ever revokes the lease of the
# deadline it enforces ("arm MILLIS" without a lease, or "disarm", leaves it none to revoke).
# Arguments: postmaster.pid, the data directory, the etcd access file (FenceEtcdAccess), the fence's own pid file.
# Time comes from /proc/uptime (monotonic), in centiseconds. Only curl is forked, and only to revoke a lease: a fork
# can take tens of milliseconds on a busy host, and the fence polls every 0.2 s once its agent is gone.
pidfile=$1; datadir=$2; access=$3; ownpid=$4
unset PGWARD_FENCE_SCRIPT    # the agent passed this script in it; curl need not inherit it
deadline=0; lease=0; eof=0; told=""
exec {napfd}<> <(:)          # a pipe nobody writes to: "read -t" on it sleeps without a fork

say() { printf '%(%Y-%m-%d %H:%M:%S)T pgward fence: %s\n' -1 "$*" >&2; }
nap() { read -rt "$1" -u "$napfd" _; }
now() { read -r up _ < /proc/uptime; up=${up/./}; NOW=$((10#$up)); }

# Whether pid $1 is a process of this server: named postgres and working in the data directory. A stale pid may name
# another program or another server's postgres since; a zombie has no working directory and counts as gone.
ours() {
  local comm=""
  read -r comm 2>/dev/null < "/proc/$1/comm"
  [ "$comm" = postgres ] && [ "/proc/$1/cwd" -ef "$datadir" ]
}

# Sets PM to the postmaster's pid; true while it runs.
postmaster_runs() { PM=""; read -r PM 2>/dev/null < "$pidfile"; [ -n "$PM" ] && ours "$PM"; }

# Sets PIDS to every process of the server: the postmaster and the children it leaves behind when it is killed.
server_pids() {
  local p; PIDS=()
  for p in /proc/[0-9]*; do ours "${p#/proc/}" && PIDS+=("${p#/proc/}"); done
}

# A restarted agent started a fence of its own: this one has nothing more to do.
superseded() { local p=""; read -r p 2>/dev/null < "$ownpid"; [ "$p" != "$$" ]; }

# Sets OFF to why this fence cannot revoke a dead agent's lease; empty when it can.
takeover_off() {
  OFF=""
  if ! [ -s "$access" ]; then OFF="the agent gave the fence no etcd access (its log says why)"
  elif [ "$lease" = 0 ]; then OFF="the agent never said which etcd lease it holds"
  fi
}

stop_postmaster() {
  if postmaster_runs && kill -QUIT "$PM" 2>/dev/null; then
    say "the leader lease ran out without renewal: stopping PostgreSQL (pid $PM) immediately"
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do ours "$PM" || break; nap 0.2; done
    ours "$PM" && kill -KILL "$PM" 2>/dev/null && say "PostgreSQL had not exited 3 s after SIGQUIT: killed it"
  fi
}

# Kills whatever is left of the server and confirms that nothing is: true when no process of it remains.
confirm_gone() {
  local i
  for ((i = 0; i < 25; i++)); do
    server_pids
    [ ${#PIDS[@]} -eq 0 ] && { say "confirmed: no process of PostgreSQL in $datadir is left"; return 0; }
    [ $i -eq 0 ] && say "killing ${#PIDS[@]} leftover process(es) of PostgreSQL (pid ${PIDS[*]})"
    kill -KILL "${PIDS[@]}" 2>/dev/null
    nap 0.2
  done
  say "cannot confirm that PostgreSQL is gone: pid ${PIDS[*]} still there 5 s after SIGKILL; not revoking the lease" \
    "(it runs out by itself)"
  return 1
}

# POSTs to etcd's JSON gateway; prints the HTTP status (000: no answer), a space, and the answer or curl's error.
gateway() {
  local url=$1 out; shift
  out=$(curl -sS --noproxy '*' --connect-timeout 1 --max-time 2 "${tls[@]}" -H 'Content-Type: application/json' \
        -H 'Grpc-Metadata-hasleader: true' -w '\n%{http_code}' "$@" "$url" 2>&1)
  out=${out//$'\r'/}
  printf '%s %s' "${out##*$'\n'}" "${out%$'\n'*}"
}

# Revokes the dead agent's lease at the first endpoint that answers: its leader key (and member key) vanish at once,
# and the replicas, which watch the keys, race for the leader key.
revoke() {
  local line item value eps=() body="" ep out tok errors="" hex
  tls=()
  printf -v hex '%x' "$lease"
  while IFS= read -r line; do
    item=${line%% *}; value=${line#* }
    case $item in
      endpoint) eps+=("$value") ;;
      cacert) tls+=(--cacert "$value") ;;
      cert) tls+=(--cert "$value") ;;
      key) tls+=(--key "$value") ;;
      auth) body=$value ;;
    esac
  done < "$access"
  for ep in "${eps[@]}"; do
    tok=""
    if [ -n "$body" ]; then
      out=$(printf '%s' "$body" | gateway "$ep/v3/auth/authenticate" --data-binary @-)
      if [[ $out =~ \"token\":\"([^\"]+)\" ]]; then tok=${BASH_REMATCH[1]}
      elif [[ $out != *"authentication is not enabled"* ]]; then errors+="; $ep: ${out//$'\n'/ }"; continue
      fi
    fi
    if [ -n "$tok" ]; then
      out=$(printf 'Authorization: %s\n' "$tok" | gateway "$ep/v3/lease/revoke" -H @- --data-binary "{\"ID\":\"$lease\"}")
    else
      out=$(gateway "$ep/v3/lease/revoke" --data-binary "{\"ID\":\"$lease\"}")
    fi
    case $out in
      200\ *) say "revoked the dead agent's etcd lease $hex at $ep: its leader key is gone, a replica takes over now"; return 0 ;;
      *"lease not found"*) say "the dead agent's etcd lease $hex is gone already (expired or revoked)"; return 0 ;;
    esac
    errors+="; $ep: ${out//$'\n'/ }"
  done
  say "could not revoke the dead agent's etcd lease $hex (${errors#; }): the leader key stays until the lease runs out"
  return 1
}

# The agent died (its end of the pipe closed without "stop") while it led: one decision per poll, each said once.
orphaned() {
  superseded && exit 0
  takeover_off
  if postmaster_runs; then
    [ -z "$told" ] && say "the agent died while leading; PostgreSQL (pid $PM) still runs: a restarted agent may take it" \
      "over, else it is stopped at the lease deadline in $(( (deadline - NOW) / 100 )) s${OFF:+ (then the lease runs out by itself: $OFF)}"
    told=alive
    return
  fi
  if [ -n "$OFF" ]; then
    [ "$told" != down ] && say "the agent died while leading and PostgreSQL is down: the lease runs out by itself ($OFF)"
    told=down
    return
  fi
  [ "$told" = unconfirmed ] && return
  say "the agent died while leading and PostgreSQL is down (postmaster ${PM:-unknown} gone): confirming that no" \
    "process of it is left, then revoking the agent's etcd lease so that a replica takes over now"
  if confirm_gone; then
    revoke
    exit 0
  fi
  told=unconfirmed    # the deadline still rules: the last attempt is made there
}

while :; do
  if [ $eof -eq 0 ] && read -r -t 0.2 line; then
    case "$line" in
      disarm) deadline=0; lease=0 ;;
      stop) exit 0 ;;
      arm\ *)
        words=($line); now; deadline=$(( NOW + ${words[1]} / 10 ))
        lease=${words[2]:-0}; [[ $lease =~ ^[0-9]+$ ]] || lease=0 ;;
    esac
  else
    rc=$?
    if [ $eof -eq 0 ] && [ $rc -le 128 ]; then eof=1; fi
    if [ $eof -eq 1 ]; then
      [ $deadline -eq 0 ] && exit 0
      now; orphaned; nap 0.2
    fi
  fi
  now
  if [ $deadline -gt 0 ] && [ $NOW -ge $deadline ]; then
    stop_postmaster
    deadline=0
    if [ $eof -eq 1 ]; then
      takeover_off
      superseded || [ -n "$OFF" ] || { confirm_gone && revoke; }
      exit 0
    fi
  fi
done
