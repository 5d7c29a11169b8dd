#!/bin/bash
# The console as a terminal: umk runs on a fresh pseudo-terminal
# (tests/lib/ptyrun) and its line discipline, not the host's, edits, echoes
# and signals. Every case also checks that the pty's settings (stty -g)
# are the same after umk as before, whether init exits or umk is killed.
. "$(dirname "$0")/lib.sh"
PTYRUN=$(dirname "$0")/../lib/ptyrun
command -v python3 >/dev/null || fail "python3 is missing: run scripts/install-deps"
out=$(mktemp)
native=$(mktemp)
guest=$(mktemp)
trap 'rm -f "$out" "$native" "$guest"' EXIT

# check NAME STEP... -- UMK-ARGS...: runs umk under ptyrun; fails with its report.
check() {
	local name=$1
	shift
	local steps=()
	while [[ $1 != -- ]]; do
		steps+=("$1")
		shift
	done
	shift
	if ! python3 "$PTYRUN" "${steps[@]}" -- "$UMK" root="$ROOT" trap="$TRAP" "$@" >"$out" 2>&1; then
		fail "$name: $(cat "$out")"
	fi
	echo "ok: $name"
}

# Canonical input: DEL erases (echoed as backspace-space-backspace), Enter
# (CR, made NL by ICRNL) ends the line, echo is CRLF (ONLCR).
check "canonical line with erase reaches head -1" \
	raw 'send:helo\x7flo world\r' 'expect:helo\x08 \x08lo world\r\nhello world\r\n' status:0 \
	-- quiet init=/bin/busybox -- head -1

# VKILL erases the line; VEOF on an empty line is end of file.
check "kill erases the line, eof ends cat" \
	raw 'send:abc\x15one\r' 'expect:abc\x08 \x08\x08 \x08\x08 \x08one\r\none\r\n' 'send:\x04' status:0 \
	-- quiet init=/bin/busybox -- cat

# Ctrl-C: SIGINT to the foreground group (init, which handles it), echoed as ^C;
# the read is interrupted and the typeahead flushed.
check "ctrl-c interrupts a read with SIGINT" \
	'expect:ready\r\n' sleep:0.2 'send:abc\x03' 'expect:^C' \
	'expect:read: EINTR, SIGINT caught: yes\r\ntypeahead flushed: yes\r\n' status:0 \
	-- quiet init=/tests/tty.musl -- sigint

# The host terminal's size follows into the guest, with SIGWINCH.
check "a resized terminal sends SIGWINCH" \
	'expect:winsize 24x80\r\nready\r\n' resize:40x120 'expect:SIGWINCH, winsize 40x120\r\n' \
	status:0 -- quiet init=/tests/tty.musl -- winch

# Non-canonical input byte by byte, VMIN=0 VTIME=3 times out, poll waits for a key.
check "raw mode and VTIME" \
	'expect:ready\r\n' 'send:a\r\x03' 'expect:got 61 0d 03\r\n' \
	'expect:VTIME read: 0 after 0.3 s: yes\r\npoll without input: 0\r\npolling\r\n' sleep:0.2 \
	'send:z' 'expect:poll: 1, POLLIN: yes, read: 1\r\nrestored\r\n' status:0 \
	-- quiet init=/tests/tty.musl -- raw

# ^S stops output (echo included) until ^Q.
check "ctrl-s stops output until ctrl-q" \
	raw 'send:\x13hi\r' sleep:0.3 'absent:hi' 'send:\x11' 'expect:hi\r\nhi\r\n' 'send:\x04' \
	status:0 -- quiet init=/bin/busybox -- cat

# termios defaults, process group and session requests, window size, TIOCSTI.
info_steps=()
while IFS= read -r line; do
	info_steps+=("expect:${line//\\/\\\\}\\r\\n")
done <"$(dirname "$0")/tty-info.expected"
check "terminal requests (tty-info.expected)" "${info_steps[@]}" status:0 \
	-- quiet init=/tests/tty.glibc -- info

# Job control through an interactive busybox shell (fork, setpgid,
# TIOCSPGRP): Ctrl-C kills the foreground job, Ctrl-Z stops it and fg
# continues it, a background reader is stopped by SIGTTIN, a background
# writer by SIGTTOU with TOSTOP. (A native busybox sh on a pty prints the same.)
check "job control in busybox sh" \
	raw 'expect:# ' 'send:sleep 100\r' sleep:0.5 'send:\x03' 'expect:^C\r\n' 'expect:# ' \
	'send:echo status $?\r' 'expect:status 130\r\n' 'expect:# ' \
	'send:sleep 100\r' sleep:0.5 'send:\x1a' 'expect:^Z[1]+  Stopped' 'expect:# ' \
	'send:fg\r' 'expect:sleep 100\r\n' sleep:0.5 'send:\x03' 'expect:^C\r\n' 'expect:# ' \
	'send:cat &\r' 'expect:# ' sleep:0.5 'send:jobs\r' 'expect:Stopped (tty input)' 'expect:# ' \
	'send:fg\r' 'expect:cat\r\n' sleep:0.5 'send:typed\r' 'expect:typed\r\ntyped\r\n' \
	'send:\x04' 'expect:# ' \
	'send:stty tostop; echo out &\r' 'expect:# ' sleep:0.5 'send:jobs\r' \
	'expect:Stopped (tty output)' 'expect:# ' 'send:fg\r' 'expect:out\r\n' 'expect:# ' \
	'send:exit 0\r' status:0 \
	-- quiet init=/bin/sh

# Job control between processes (tests/guest/tty.c jobs): background reads
# and writes, SIGTTIN and SIGTTOU, the foreground group, new sessions. The
# same program run natively on a pty is the oracle, byte for byte.
python3 "$PTYRUN" --transcript "$native" 'expect:done\r\n' status:0 -- "$ROOT/tests/tty.musl" jobs \
	>"$out" 2>&1 || fail "tty.musl jobs natively: $(cat "$out")"
check "job control between processes (tty.c jobs)" --transcript "$guest" 'expect:done\r\n' status:0 \
	-- quiet init=/tests/tty.musl -- jobs
cmp -s "$native" "$guest" || fail "tty.c jobs differs from native: $(diff <(cat -v "$native") <(cat -v "$guest"))"

# umk stopped and continued: a shell may have reset the terminal meanwhile;
# umk takes raw mode back.
check "raw mode again after SIGSTOP, a reset and SIGCONT" \
	raw signal:STOP sleep:0.2 sane signal:CONT raw 'send:x\r' 'expect:x\r\nx\r\n' status:0 \
	-- quiet init=/bin/busybox -- head -1

# A crash of umk itself (the host's SIGSEGV): the crash handler restores the terminal.
check "a crash of umk restores the terminal" \
	raw 'send:one\r' 'expect:one\r\none\r\n' signal:SEGV status:139 \
	-- quiet init=/bin/busybox -- cat

# Asked to stop while the guest reads: 128+N, the terminal as it was, and
# the kernel's messages end their lines with CRLF while it is raw.
for sig in TERM INT HUP QUIT; do
	n=$(kill -l "$sig")
	check "SIG$sig stops umk cleanly" \
		raw 'send:one\r' 'expect:one\r\n' "signal:$sig" \
		"expect:umk: signal $n received, shutting down\\r\\n" "status:$((128 + n))" \
		-- loglevel=6 init=/bin/busybox -- cat
done
