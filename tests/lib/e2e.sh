# tests/lib/e2e.sh: reads the end-to-end test definitions and runs guests
# natively. Sourced by tests/run-e2e and tests/update-expected (bash).
#
# A definition is one line of a tests/e2e/*.list file (tests/README.md has the
# full story):
#
#   NAME  STATUS  STDOUT  STDERR  UMK-ARGUMENTS...
#
# Words are split like a shell splits them, quotes included, but nothing is
# expanded: 'echo $((6*7))' reaches the guest as written. In the arguments,
# {root} stands for the test root; a line containing {flavour} stands for one
# test per build of the program (musl, glibc, and pie where built).

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC_DIR=$(dirname "$TESTS_DIR")
TEST_ROOT=$SRC_DIR/build/tests/root
FLAVOURS=(musl glibc pie)

# The native oracle: the guest program run by the host kernel inside the
# same root, as pid 1 and root of a user namespace. Absolute paths because the
# environment is emptied to what Linux gives init.
UNSHARE=$(command -v unshare || echo /usr/bin/unshare)
CHROOT=$(command -v chroot || echo /usr/sbin/chroot)
# How the oracle makes its root, and why there is no oracle if there is none:
#
#   - as root, a user namespace whose uids and gids 0-65535 are the host's
#     (tests/lib/userns-run writes the maps) with a pid namespace inside: a
#     program can become uid 1000 as it can under umk;
#   - as an ordinary user, `unshare -r`: only root exists in there;
#   - without user namespaces, root still has the pid namespace (and every
#     uid); an ordinary user cannot chroot at all.
#
# ORACLE_IDS says which: "all", or "root" when uids other than 0 cannot be
# used. The programs that need them say `/* oracle: uids */` in their source.
USERNS_RUN=$TESTS_DIR/lib/userns-run
ORACLE_NS=()
ORACLE_WRAP=()
ORACLE_IDS=root
ORACLE_MISSING=""
# shellcheck disable=SC2034 # ORACLE_MISSING is read by the scripts that source this
if [[ $(id -u) == 0 ]] && "$USERNS_RUN" "$UNSHARE" -p -f true 2>/dev/null; then
	ORACLE_WRAP=("$USERNS_RUN")
	ORACLE_NS=(-p -f)
	ORACLE_IDS=all
elif "$UNSHARE" -r -p -f true 2>/dev/null; then
	ORACLE_NS=(-r -p -f)
elif [[ $(id -u) == 0 ]] && "$UNSHARE" -p -f true 2>/dev/null; then
	ORACLE_NS=(-p -f)
	ORACLE_IDS=all
else
	ORACLE_MISSING="no native oracle: 'unshare -r -p -f' fails for $(id -un) (user namespaces disabled?)"
fi

# needs_all_ids PROG: guest program PROG uses uids other than root, which the
# oracle has only when ORACLE_IDS is "all".
needs_all_ids() {
	[[ -n $1 ]] && grep -qx '/\* oracle: uids \*/' "$TESTS_DIR/guest/$1.c" 2>/dev/null
}

# The loaded tests, one index per test (flavours expanded):
T_NAME=()   # name, flavour included: hello.musl
T_STATUS=() # expected exit status: a number, or "nonzero"
T_STDOUT=() # guest | oracle | empty | - | a file under tests/
T_STDERR=() # - | line:REGEX | only:REGEX
T_ARGS=()   # umk's arguments, as a string of words quoted for eval
T_PROG=()   # the guest program (hello), if init is /tests/PROG.FLAVOUR
T_WHERE=()  # file:line of the definition
T_PENDING=() # 1 if it comes from a *.list.pending file (see e2e_load)
LOAD_ERRORS=0

# split_words LINE: sets WORDS to LINE split into words, shell style.
split_words() {
	WORDS=()
	local w
	while IFS= read -r -d '' w; do
		WORDS+=("$w")
	done < <(xargs printf '%s\0' <<<"$1" 2>/dev/null)
	# xargs fails on an unmatched quote; a line always has 5+ words.
	((${#WORDS[@]} >= 5))
}

# init_of ARGS...: prints the value of init= (before any --).
init_of() {
	local a
	for a; do
		[[ $a == -- ]] && return
		[[ $a == init=* ]] && echo "${a#init=}" && return
	done
}

# program_of INIT: prints PROG for /tests/PROG.FLAVOUR (or PROG.{flavour}).
program_of() {
	local base=${1##*/}
	[[ $1 == /tests/*.* && $1 != /tests/*/* ]] || return 0
	echo "${base%.*}"
}

# e2e_load [GLOB]: reads every tests/e2e/*.list into the T_* arrays, keeping
# the tests whose name matches GLOB. The tests of tests/e2e/*.list.pending
# (written before the kernel can pass them) are loaded too, with T_PENDING
# set: the runners skip them unless asked (--pending), but they are parsed,
# and their programs count as tested.
e2e_load() {
	local glob=${1:-*} file line n=0
	for file in "$TESTS_DIR"/e2e/*.list "$TESTS_DIR"/e2e/*.list.pending; do
		[[ -e $file ]] || continue
		PENDING_FILE=0
		[[ $file == *.pending ]] && PENDING_FILE=1
		n=0
		while IFS= read -r line || [[ -n $line ]]; do
			((++n))
			[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
			if ! split_words "$line"; then
				echo "${file#"$SRC_DIR"/}:$n: cannot parse this line" >&2
				((++LOAD_ERRORS))
				continue
			fi
			e2e_add "${file#"$SRC_DIR"/}:$n" "$glob" "${WORDS[@]}"
		done <"$file"
	done
}

# e2e_add WHERE GLOB NAME STATUS STDOUT STDERR ARGS...: adds one definition,
# expanded once per flavour if it has {flavour}.
e2e_add() {
	local where=$1 glob=$2 name=$3 status=$4 stdout=$5 stderr=$6
	shift 6
	local -a args=("$@")
	local flavours=("") f init prog a problem=""
	[[ "$name ${args[*]}" == *"{flavour}"* ]] && flavours=("${FLAVOURS[@]}")

	if ! [[ $status =~ ^([0-9]+|nonzero)$ ]]; then
		problem="bad status '$status'"
	elif ! [[ $stdout =~ ^(guest|oracle|empty|-)$ || -f $TESTS_DIR/$stdout ]]; then
		problem="stdout '$stdout' is no keyword and no file under tests/"
	elif ! [[ $stderr =~ ^(-|line:.+|only:.+)$ ]]; then
		problem="bad stderr '$stderr'"
	fi
	if [[ -n $problem ]]; then
		echo "$where: $problem" >&2
		((++LOAD_ERRORS))
		return
	fi
	for f in "${flavours[@]}"; do
		local -a expanded=()
		for a in "${args[@]}"; do
			expanded+=("${a//\{flavour\}/$f}")
		done
		init=$(init_of "${expanded[@]}")
		# Not every program is built as a PIE: no binary, no test.
		[[ $f == pie && ! -e $TEST_ROOT$init ]] && continue
		prog=$(program_of "$init")
		if [[ $stdout == guest && -z $prog ]]; then
			echo "$where: stdout 'guest' needs init=/tests/PROG.FLAVOUR" >&2
			((++LOAD_ERRORS))
			return
		fi
		local full=${name//\{flavour\}/$f}
		# shellcheck disable=SC2053 # GLOB is a glob on purpose.
		[[ $full == $glob ]] || continue
		T_NAME+=("$full")
		T_STATUS+=("$status")
		T_STDOUT+=("$stdout")
		T_STDERR+=("$stderr")
		T_ARGS+=("$(printf '%q ' "${expanded[@]}")")
		T_PROG+=("$prog")
		T_WHERE+=("$where")
		T_PENDING+=("${PENDING_FILE:-0}")
	done
}

# test_args I: sets ARGS to test I's umk arguments, {root} filled in.
test_args() {
	local -a raw
	eval "raw=(${T_ARGS[$1]})"
	ARGS=()
	local a
	for a in "${raw[@]}"; do
		ARGS+=("${a//\{root\}/$TEST_ROOT}")
	done
}

# is_native_runnable I: test I boots a root with an init, nothing the host
# could not reproduce (parameters that only tune umk are fine).
is_native_runnable() {
	[[ ${T_STDOUT[$1]} == guest || ${T_STDOUT[$1]} == oracle ]] || return 1
	test_args "$1"
	local a
	for a in "${ARGS[@]}"; do
		[[ $a == -- ]] && break
		[[ $a =~ ^(root=|init=|quiet$|loglevel=|mem=) ]] || return 1
	done
	[[ -n $(init_of "${ARGS[@]}") ]]
}

# expected_file I: prints the file test I's stdout must equal, if it has one.
expected_file() {
	case ${T_STDOUT[$1]} in
	guest) echo "$TESTS_DIR/guest/${T_PROG[$1]}.expected" ;;
	empty) echo /dev/null ;;
	oracle | -) ;;
	*) echo "$TESTS_DIR/${T_STDOUT[$1]}" ;;
	esac
}

# run_native I OUT: runs test I's init natively in its root, stdout and stderr
# both to OUT (the guest console merges them); returns init's exit status.
run_native() {
	test_args "$1"
	local root="" init="" a seen_dashes=0
	local -a init_args=()
	for a in "${ARGS[@]}"; do
		if ((seen_dashes)); then
			init_args+=("$a")
		elif [[ $a == -- ]]; then
			seen_dashes=1
		elif [[ $a == root=* ]]; then
			root=${a#root=}
		elif [[ $a == init=* ]]; then
			init=${a#init=}
		fi
	done
	# The outer braces silence bash's "Segmentation fault" report when a
	# guest is meant to crash.
	{
		(
			ulimit -c 0
			cd / && exec timeout -k 5 "${E2E_TIMEOUT:-30}" "${ORACLE_WRAP[@]}" \
				env -i HOME=/ TERM=linux \
				"$UNSHARE" "${ORACLE_NS[@]}" "$CHROOT" "$root" "$init" "${init_args[@]}"
		) >"$2" 2>&1 </dev/null
	} 2>/dev/null
}
