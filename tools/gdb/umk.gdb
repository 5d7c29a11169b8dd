# tools/gdb/umk.gdb: gdb settings for debugging umk itself.
#
#   gdb -x tools/gdb/umk.gdb --args ./umk root=DIR init=/hello
#
# umk is one host process driving guest processes (ptrace or seccomp), so it
# lives on signals gdb would otherwise stop at, and forks helpers gdb should
# let go. With this file gdb stays on umk, passes those signals through, and
# adds:
#
#   umk-dmesg    print the kernel log buffer to the console (while stopped)
#   umk-tasks    list the guest tasks and the host threads serving them

# Guest processes stopping and exiting, and the host's own plumbing.
handle SIGCHLD nostop noprint pass
handle SIGPIPE nostop noprint pass
handle SIGURG nostop noprint pass

set print thread-events off

# Follow umk, not the guest processes it forks.
set follow-fork-mode parent
set detach-on-fork on

define umk-dmesg
	call (void)dmesg_dump_to_console()
end
document umk-dmesg
Print the kernel log buffer (dmesg) to umk's console, by calling
dmesg_dump_to_console() in the stopped umk process.
end

define umk-tasks
	set $head = &'kernel/sched.c'::task_list
	set $p = $head->next
	printf "  PID  TGID STATE COMM             HOST-TID\n"
	while $p != $head
		set $t = (struct task *)((char *)$p - (unsigned long)&((struct task *)0)->all)
		printf "%5d %5d %5d %-16s %d\n", $t->pid, $t->tgid, $t->state, $t->comm, $t->host_tid
		set $p = $p->next
	end
end
document umk-tasks
List the guest's tasks: guest pid and tgid, state (0 new, 1 running, 2 dead),
command name, and the host thread id of the task thread serving each
(`info threads` shows the same threads named PID:COMM).
end
