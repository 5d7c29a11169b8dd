#!/bin/bash
# SIGTERM to umk while the guest sleeps in a pipe (a read of an empty pipe,
# a write to a full one, a poll): the sleep ends, umk exits with 128+15 and
# leaves no guest host process behind.
. "$(dirname "$0")/lib.sh"
log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT
for how in read write poll; do
	"$UMK" root="$ROOT" trap="$TRAP" init=/tests/pipe.musl -- "block-$how" 2>"$log" >"$out" &
	pid=$!
	for _ in $(seq 100); do
		grep -q "blocking in $how" "$out" && break
		sleep 0.02
	done
	grep -q "blocking in $how" "$out" || fail "$how: the guest did not start: $(cat "$out")"
	z=$(zygote_pid "$log")
	[[ -n $z ]] || fail "$how: no zygote pid in the boot messages"
	sleep 0.2
	kill -TERM "$pid"
	wait "$pid"
	status=$?
	((status == 143)) || fail "$how: umk exited $status, not 143: $(cat "$out")"
	grep -q "returned" "$out" && fail "$how: the guest's call returned: $(cat "$out")"
	wait_gone "$z" || fail "$how: left behind in session $z: $(session_procs "$z")"
done
echo "ok: read, write and poll: exit 143, nothing left behind"
