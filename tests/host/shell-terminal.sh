#!/bin/bash
# shell-terminal: an interactive busybox shell on a real terminal. umk runs
# `init=/bin/busybox -- sh` in a tmux pane (a pseudo-terminal of fixed size)
# and the test types into it like a user: a pipeline, command substitution,
# a loop, `sleep 5 &` then `jobs` and `fg`, Ctrl-Z then `bg`, Ctrl-C ending a
# foreground `sleep 100` but not the shell, and `exit 3`, which must make umk
# exit 3. Then the pane's terminal settings (stty -a) must be what they were
# before umk started: umk restores the terminal it borrowed.
#
#   bash tests/host/shell-terminal.sh            under umk (UMK, ROOT, TRAP)
#   bash tests/host/shell-terminal.sh --native   the same steps with the host's
#                                                kernel: busybox sh in the test
#                                                root, through the native
#                                                oracle's namespaces
#
# Output is matched by markers the shell computes (`echo M-$((40+2))` shows
# "M-42" only once it has run), never by prompts or timing. Each step waits
# up to 15 s; a failure prints the pane (SHOW_PANE=1 prints it anyway).
# shellcheck disable=SC2016 # what is typed is expanded by the shell in the pane
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"

MODE=umk
[[ ${1:-} == --native ]] && MODE=native
command -v tmux >/dev/null || fail "tmux is not installed (scripts/install-deps)"
ROOT=$(realpath "$ROOT")
[[ -x $ROOT/bin/busybox ]] || fail "no test root at $ROOT: make -C tests root"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/umk-terminal.XXXXXX")
SOCKET=$WORK/tmux.socket
# A tmux server of our own (its socket in WORK), with no user configuration.
tm() {
	tmux -S "$SOCKET" -f /dev/null "$@"
}
cleanup() {
	tm kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# The pane runs this wrapper: it waits for the go-ahead (so that the pane's
# terminal settings can be read untouched first), runs the command, records
# its exit status, and keeps the pane (and its terminal) until told to end.
cat >"$WORK/wrapper" <<'EOF'
#!/bin/bash
dir=$1
shift
while [[ ! -e $dir/go ]]; do sleep 0.05; done
"$@"
echo $? >"$dir/status.tmp" && mv "$dir/status.tmp" "$dir/status"
while [[ ! -e $dir/done ]]; do sleep 0.05; done
EOF
chmod +x "$WORK/wrapper"

if [[ $MODE == umk ]]; then
	[[ -x $UMK ]] || fail "no umk binary at $UMK"
	UMK=$(realpath "$UMK")
	# Kernel messages (umk's stderr) go to a log, not the pane.
	cmd=(bash -c '"$@" 2>"$0"' "$WORK/umk.log" "$UMK" root="$ROOT" trap="$TRAP"
		init=/bin/busybox -- sh)
else
	[[ -z $ORACLE_MISSING ]] || fail "$ORACLE_MISSING"
	cmd=("${ORACLE_WRAP[@]}" env -i HOME=/ TERM=screen
		"$UNSHARE" "${ORACLE_NS[@]}" "$CHROOT" "$ROOT" /bin/busybox sh)
fi

tm new-session -d -x 100 -y 40 -s term "$(printf '%q ' "$WORK/wrapper" "$WORK" "${cmd[@]}")" ||
	fail "tmux new-session failed"
tm set-option -g history-limit 5000 >/dev/null
PANE_TTY=$(tm display-message -p -t term '#{pane_tty}')
[[ -c $PANE_TTY ]] || fail "no pane terminal ($PANE_TTY)"
STTY_BEFORE=$(stty -a -F "$PANE_TTY") || fail "stty -a -F $PANE_TTY failed"
touch "$WORK/go"

# pane: the whole pane, history included, wrapped lines joined.
pane() {
	tm capture-pane -p -J -S -5000 -t term 2>/dev/null
}

# expect WHAT REGEX: waits for a line of the pane to match REGEX.
expect() {
	local what=$1 regex=$2
	for _ in $(seq 150); do
		pane | grep -qE -- "$regex" && return 0
		sleep 0.1
	done
	echo "--- the pane:"
	pane | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
	if [[ -s $WORK/umk.log ]]; then
		echo "--- umk's stderr (last lines):"
		tail -n 20 "$WORK/umk.log"
	fi
	fail "$what: nothing matched /$regex/"
}

# type TEXT: types TEXT and Enter.
type_line() {
	tm send-keys -t term -l -- "$1"
	tm send-keys -t term Enter
}

# The first prompt before the first key: a shell that starts its line
# editor may flush what was typed ahead of it (TCSETSF), natively too.
expect "the shell prompts" '[#$] *$'
type_line 'echo READY-$((40+2))'
expect "the shell starts" '^READY-42$'
type_line 'case $- in *m*) echo "JOBS-ON-$((1+2))";; esac'
expect "job control is on (a controlling terminal)" '^JOBS-ON-3$'

type_line 'ls / | sort | head -3 | tr "\n" " "; echo "<PIPE-$((1+1))"'
expect "a pipeline" '^bin dev etc <PIPE-2$'

type_line 'echo "SUBST:$(echo inner)-$(( $(echo 6) * 7 ))"'
expect "command substitution" '^SUBST:inner-42$'

type_line 'for i in a b c; do printf "%s." "$i"; done; echo LOOP-$((2*2))'
expect "a for loop" '^a\.b\.c\.LOOP-4$'

type_line 'sleep 5 &'
type_line 'jobs'
expect "sleep 5 &, then jobs lists it" '^\[1\]\+? +Running +sleep 5$'
type_line 'fg'
type_line 'echo FG-$((2+3))' # typed ahead: runs once sleep 5 is done
expect "fg waits for the job" '^FG-5$'

type_line 'sleep 100'
sleep 0.5
tm send-keys -t term C-z
expect "Ctrl-Z stops the foreground job" '\[1\]\+? +Stopped +sleep 100$'
type_line 'bg'
type_line 'jobs; echo JOBS-$((3+4))'
expect "bg continues it" '^\[1\]\+? +Running +sleep 100$'
expect "bg continues it" '^JOBS-7$'
type_line 'kill %1; wait; echo KILLED-$((4+4))'
expect "kill %1 ends it" '^KILLED-8$'

type_line 'sleep 100'
sleep 0.5
tm send-keys -t term C-c
type_line 'echo "INT-$((5+5)):$?"'
expect "Ctrl-C ends the foreground job, not the shell" '^INT-10:130$'

type_line 'exit 3'
for _ in $(seq 150); do
	[[ -e $WORK/status ]] && break
	sleep 0.1
done
[[ -e $WORK/status ]] || {
	pane
	fail "the shell did not exit on 'exit 3'"
}
status=$(<"$WORK/status")
[[ $status == 3 ]] || fail "exit 3: $MODE exited $status"

STTY_AFTER=$(stty -a -F "$PANE_TTY") || fail "stty -a -F $PANE_TTY failed"
if [[ $STTY_AFTER != "$STTY_BEFORE" ]]; then
	diff <(echo "$STTY_BEFORE") <(echo "$STTY_AFTER")
	fail "the terminal's settings changed"
fi
touch "$WORK/done"
[[ -n ${SHOW_PANE:-} ]] && pane
echo "ok: $MODE: pipeline, substitution, loop, jobs, fg, Ctrl-Z, bg, Ctrl-C, exit 3; stty unchanged"
