#!/bin/bash
# After init exits, no host process of the instance is left: the zygote
# (umk's child, the leader of the instance's host session) and every guest
# host process are gone, not even as zombies.
. "$(dirname "$0")/lib.sh"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$UMK" root="$ROOT" trap="$TRAP" init=/tests/hello.musl 2>"$log" >/dev/null
status=$?
((status == 0)) || fail "umk exited $status"
z=$(zygote_pid "$log")
[[ -n $z ]] || fail "no zygote pid in the boot messages"
wait_gone "$z" || fail "left behind in session $z: $(session_procs "$z")"
echo "ok: session $z is empty"
