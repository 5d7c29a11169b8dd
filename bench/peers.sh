# bench/peers.sh: how bench/run starts a program in each peer (the columns of
# its table). Sourced by bench/run, which sets ROOT (the benchmark root, an
# absolute path), UMK (the umk binary) and TMP (its scratch directory).
#
#   native       the program runs as a plain host process, from the benchmark
#                root: ROOT/bench/null ARGS
#   umk-ptrace   UMK root=ROOT init=PATH quiet trap=ptrace -- ARGS
#   umk-seccomp  UMK root=ROOT init=PATH quiet trap=seccomp -- ARGS
#   gvisor       runsc --network=none --platform=ptrace [--rootless] \
#                      do -root ROOT -cwd / PATH ARGS
#                (gVisor's ptrace platform; --rootless when not run as root;
#                `do` puts a tmpfs overlay over the read-only ROOT)
#   uml          linux.uml mem=256M root=/dev/root rootfstype=hostfs \
#                      rootflags=ROOT ro con=fd:0,fd:1 console=tty0 quiet \
#                      uml_dir=TMP/uml init=/bench/uml-init -- PATH ARGS
#                (User-Mode Linux with the root as hostfs; bench/uml-init
#                mounts a tmpfs on /tmp, runs PATH ARGS, powers off)
#
# Every program runs with stdin from /dev/null (runsc loses output when its
# stdin is not, and UML's console reads it).
# shellcheck shell=bash disable=SC2034 # PEERS_ALL and CMD are bench/run's

PEERS_ALL=(native umk-ptrace umk-seccomp gvisor uml)

RUNSC_FLAGS=(--network=none --platform=ptrace)
((EUID == 0)) || RUNSC_FLAGS+=(--rootless)

# guest_cmd PEER PATH [ARG...]: sets the array CMD to the host command that
# runs the program PATH (a path inside the benchmark root) with ARGs in PEER.
# For uml, UML_MEM sets the guest's memory (default 256M) and UML_EXEC=1 makes
# uml-init exec PATH (so that the instance is left running PATH alone).
guest_cmd() {
	local peer=$1 path=$2 arg
	shift 2
	case $peer in
	native)
		CMD=("$ROOT$path" "$@")
		;;
	umk-*)
		CMD=("$UMK" "root=$ROOT" "init=$path" quiet "trap=${peer#umk-}" -- "$@")
		;;
	gvisor)
		# shellcheck disable=SC1010 # `do` is runsc's subcommand
		CMD=(runsc "${RUNSC_FLAGS[@]}" do -root "$ROOT" -cwd / "$path" "$@")
		;;
	uml)
		# shellcheck disable=SC2054 # con=fd:0,fd:1 is one argument
		CMD=(linux.uml "mem=${UML_MEM:-256M}" root=/dev/root rootfstype=hostfs
			"rootflags=$ROOT" ro con=fd:0,fd:1 console=tty0 quiet "uml_dir=$TMP/uml"
			init=/bench/uml-init --)
		[[ ${UML_EXEC:-0} == 1 ]] && CMD+=(--exec)
		CMD+=("$path")
		# The arguments reach init through the kernel command line, where
		# an argument with spaces in it needs double quotes.
		for arg; do
			[[ $arg == *' '* ]] && arg="\"$arg\""
			CMD+=("$arg")
		done
		;;
	*)
		echo "bench/run: unknown peer $peer" >&2
		exit 2
		;;
	esac
}

# guest_status PEER STATUS OUT: prints the guest's exit status, given the host
# command's STATUS and its output file OUT. Under UML that is what uml-init
# printed (linux.uml exits 0 when the machine powers off, whatever the guest
# did) unless linux.uml itself failed; the other peers pass the guest's
# status on.
guest_status() {
	local peer=$1 status=$2 out=$3 line
	if [[ $peer == uml && $status == 0 ]]; then
		line=$(tr -d '\r' <"$out" | grep -a -m1 '^uml-init: status ')
		status=${line##* }
		[[ -n $line ]] || status=1
	fi
	echo "$status"
}

# peer_available PEER: says whether PEER can run here, by running /bin/true in
# it. When it cannot, sets PEER_NOTE to why. A umk whose trap backend does not
# exist yet exits with status 2 at once (bad command line): not available.
peer_available() {
	local peer=$1 out=$TMP/probe.out status line
	PEER_NOTE=
	case $peer in
	umk-*)
		[[ -x $UMK ]] || { PEER_NOTE="no umk binary at $UMK"; return 1; } ;;
	gvisor)
		command -v runsc >/dev/null ||
			{ PEER_NOTE="runsc not installed (apt-get install runsc)"; return 1; } ;;
	uml)
		command -v linux.uml >/dev/null ||
			{ PEER_NOTE="linux.uml not installed (apt-get install user-mode-linux)"; return 1; } ;;
	esac
	guest_cmd "$peer" /bin/true
	{ timeout --foreground -k 5 120 "${CMD[@]}"; } </dev/null >"$out" 2>&1
	status=$(guest_status "$peer" $? "$out")
	((status == 0)) && return 0
	if [[ $peer == umk-* && $status == 2 ]]; then
		PEER_NOTE="not available: $(grep -a -m1 . "$out")"
	else
		PEER_NOTE="does not work here: /bin/true exited $status"
		line=$(tr -d '\r' <"$out" | grep -a . | tail -1)
		[[ -n $line ]] && PEER_NOTE+=": $line"
	fi
	return 1
}
