#!/bin/bash
# SIGTERM to umk while the guest sleeps in a system call: umk exits with
# 128+15 and leaves no guest host process behind (the sleeping task is woken
# so its task thread reaps its guest).
. "$(dirname "$0")/lib.sh"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$UMK" root="$ROOT" trap="$TRAP" init=/bin/busybox -- sleep 30 2>"$log" >/dev/null &
pid=$!
for _ in $(seq 100); do
	z=$(zygote_pid "$log")
	[[ -n $z && $(session_procs "$z" | wc -l) -ge 2 ]] && break
	sleep 0.02
done
[[ -n ${z:-} ]] || fail "no zygote pid in the boot messages"
sleep 0.2
kill -TERM "$pid"
wait "$pid"
status=$?
((status == 143)) || fail "umk exited $status, not 143"
wait_gone "$z" || fail "left behind in session $z: $(session_procs "$z")"
echo "ok: exit 143, session $z is empty"
