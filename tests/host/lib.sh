# Shared by tests/host/*.sh: each test is a script that exits 0 when it
# passes and prints why when it fails. Environment: UMK (the binary),
# ROOT (the test root from `make -C tests root`), TRAP (the backend).
set -uo pipefail
UMK=${UMK:-./umk}
ROOT=${ROOT:-build/tests/root}
TRAP=${TRAP:-ptrace}

fail() {
	echo "FAIL: $*"
	exit 1
}

# zygote_pid LOGFILE: the zygote's host pid, from umk's boot messages.
zygote_pid() {
	sed -n 's/.*zygote: host pid \([0-9]*\).*/\1/p' "$1" | head -1
}

# session_procs SID: the processes (zombies too) in host session SID.
session_procs() {
	ps -eo sid=,pid=,stat=,comm= | awk -v s="$1" '$1 == s'
}

# wait_gone SID: waits up to 2 s for session SID to be empty.
wait_gone() {
	for _ in $(seq 40); do
		[[ -z $(session_procs "$1") ]] && return 0
		sleep 0.05
	done
	return 1
}
