#!/bin/bash
# A live guest host process holds nothing of the host's (DESIGN §2-§4): no
# descriptor but its control socket, no host vdso/vvar/stack/libraries, the
# stub region above the guest's TASK_SIZE, no_new_privs and a seccomp filter;
# under trap=ptrace umk is its tracer, under trap=seccomp nothing traces it.
. "$(dirname "$0")/lib.sh"
log=$(mktemp)
trap 'rm -f "$log"; kill "$pid" 2>/dev/null; wait 2>/dev/null' EXIT
"$UMK" root="$ROOT" init=/bin/busybox trap="$TRAP" -- sleep 30 2>"$log" >/dev/null &
pid=$!
for _ in $(seq 100); do
	z=$(zygote_pid "$log")
	[[ -n $z ]] && g=$(ps -eo ppid=,pid= | awk -v p="$z" '$1 == p { print $2 }' | head -1)
	[[ -n ${g:-} ]] && grep -q busybox "/proc/$g/maps" 2>/dev/null && break
	sleep 0.02
done
[[ -n ${g:-} ]] || fail "no guest host process found under zygote ${z:-?}"
fds=$(ls "/proc/$g/fd" | tr '\n' ' ')
[[ $fds == "3 " ]] || fail "guest holds host descriptors: $fds"
[[ $(readlink "/proc/$g/fd/3") == socket:* ]] || fail "descriptor 3 is not the control socket"
maps=$(cat "/proc/$g/maps")
grep -qE '\[(vdso|vvar|vvar_vclock|stack)\]' <<<"$maps" &&
	fail "host mappings left: $(grep -E '\[(vdso|vvar|vvar_vclock|stack)\]' <<<"$maps")"
grep -qE 'libc|ld-linux' <<<"$maps" && fail "host libraries mapped"
grep -q '^7ff0' <<<"$maps" || fail "no stub region at 0x7ff000000000"
# Everything else lies below the guest's TASK_SIZE, 0x7fef00000000.
awk '{ split($1, r, "-"); if (length(r[1]) == 12 && r[1] >= "7fef00000000" && r[1] < "7ff000000000") exit 1 }' <<<"$maps" ||
	fail "something mapped in the hole below the stub"
grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$g/status" || fail "no_new_privs not set"
grep -q '^Seccomp:[[:space:]]*2' "/proc/$g/status" || fail "no seccomp filter"
tracer=$(awk '/^TracerPid/ { print $2 }' "/proc/$g/status")
if [[ $TRAP == ptrace ]]; then
	[[ $(awk '/^Tgid/ { print $2 }' "/proc/$tracer/status" 2>/dev/null) == "$pid" ]] ||
		fail "traced by $tracer, not by umk ($pid)"
else
	[[ $tracer == 0 ]] || fail "traced by $tracer under trap=$TRAP"
	# Everything umk shares with the guest process is the stub's thread areas.
	shared=$(grep -c ' rw-s ' <<<"$maps")
	[[ $shared == 1 ]] || fail "$shared shared mappings, not just the thread areas"
	grep ' rw-s ' <<<"$maps" | grep -q '^7ff001000000-' || fail "shared mapping not at the thread areas"
fi
echo "ok: trap=$TRAP: guest $g holds only its control socket, no host mappings, filter on"
