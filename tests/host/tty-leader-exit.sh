#!/bin/bash
# PENDING (rename to tty-leader-exit.sh): needs tty_session_leader_exit()
# called from kernel/exit.c when a session leader's thread group dies (see
# docs/tty.md). A session leader's exit sends SIGHUP to the foreground group
# of its controlling tty and frees the tty for another session; compared
# byte for byte with the same program run natively on a pty.
. "$(dirname "$0")/lib.sh"
PTYRUN=$(dirname "$0")/../lib/ptyrun
native=$(mktemp)
guest=$(mktemp)
out=$(mktemp)
trap 'rm -f "$native" "$guest" "$out"' EXIT
python3 "$PTYRUN" --transcript "$native" 'expect:done\r\n' status:0 -- "$ROOT/tests/tty.musl" leader \
	>"$out" 2>&1 || fail "tty.musl leader natively: $(cat "$out")"
python3 "$PTYRUN" --transcript "$guest" 'expect:done\r\n' status:0 \
	-- "$UMK" root="$ROOT" trap="$TRAP" quiet init=/tests/tty.musl -- leader \
	>"$out" 2>&1 || fail "under umk: $(cat "$out")"
cmp -s "$native" "$guest" || fail "differs from native: $(diff <(cat -v "$native") <(cat -v "$guest"))"
echo "ok: a session leader's exit hangs up its foreground group"
