/*-------------------------------------------------------------------------
 *
 * client/interrupt.c
 *	  Ctrl-C (SIGINT) and SIGTERM (docker stop, a supervisor): stop the
 *	  server's work, not only the client.
 *
 * Killed outright, the client would leave the server running its statement
 * to the end: a long index build would go on, unwatched. So the first
 * signal sends a cancel request on every connection the client has open
 * (PQcancel, which is safe in a signal handler) and passes the signal on
 * to the processes of --fleet and --all-tenants; the statement then fails
 * with the server's own error (57014, its context naming the revision),
 * which the client reports as any other; nothing more is sent, and the
 * client closes its connections and ends by the same signal, so that a
 * shell or a supervisor sees why (exit status 128 + its number), unless
 * the command had done all its work by then. With no connection and no
 * child to stop (but in the parent of --fleet and --all-tenants, which
 * still prints its summary), or at a second signal, the client ends at
 * once, and so do the processes it started. A child takes the two copies
 * of one Ctrl-C, from the terminal and from its parent, in either order,
 * as one signal.
 * The connection that records a non-transactional revision is never
 * cancelled: once its statements have all run, it is recorded.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/* the signal that interrupted the client, 0 when none has */
volatile sig_atomic_t interrupt_signal = 0;

/*
 * What the handler stops, the client's open connections among it (db.c
 * closes them at exit through interrupt_watched()): read by the handler,
 * changed with the signals blocked.
 */
static PGconn *watched[FLEET_MAX_JOBS + 2];
static PGcancel *cancels[FLEET_MAX_JOBS + 2];
static int	nwatched = 0;
static pid_t children[FLEET_MAX_JOBS];
static int	nchildren = 0;

/* in a process interrupt_fork() started: the client that started it */
static pid_t parent = 0;

/*
 * In such a process, where its first signal came from: Ctrl-C reaches it
 * twice, from the terminal (the whole process group) and from its parent,
 * which passes every signal on, in either order. The other copy of the
 * first is not a second signal.
 */
static volatile sig_atomic_t had_parents = 0;
static volatile sig_atomic_t had_others = 0;

/* the connection that is not cancelled, and may still send (NULL: none) */
static PGconn *protected_conn = NULL;

/* the parent of --fleet or --all-tenants: it stops by itself, then sums up */
static bool deferred = false;

/* the command did all its work: a signal that came meanwhile stopped nothing */
static bool finished = false;

/*
 * End by the signal. The first process of a PID namespace (a container's
 * command, as docker/compose.yaml runs the client) is not ended by a signal
 * it does not handle: it exits with the status a shell would report.
 */
static void
end_now(int signo)
{
	signal(signo, SIG_DFL);
	raise(signo);
	if (getpid() == 1)
		_exit(128 + signo);
}

static void
handler(int signo, siginfo_t *info, void *context)
{
	char		errbuf[256];
	int			save_errno = errno;
	volatile sig_atomic_t *had = parent != 0 && info != NULL && info->si_code == SI_USER &&
		info->si_pid == parent ? &had_parents : &had_others;

	/* the other copy of this child's first signal */
	if (interrupt_signal != 0 && parent != 0 && had_parents + had_others == 1 && !*had)
	{
		*had = 1;
		return;
	}
	/* interrupt_signal is set before any PQcancel: a signal during one ends here */
	if (interrupt_signal != 0 || (nwatched == 0 && nchildren == 0 && !deferred))
	{
		for (int i = 0; i < nchildren; i++)
			(void) kill(children[i], SIGKILL);
		end_now(signo);
		return;
	}
	interrupt_signal = signo;
	*had = 1;
	for (int i = 0; i < nwatched; i++)
	{
		if (watched[i] != protected_conn)
			(void) PQcancel(cancels[i], errbuf, sizeof(errbuf));
	}
	for (int i = 0; i < nchildren; i++)
		(void) kill(children[i], signo);
	errno = save_errno;
}

static void
block(sigset_t *old)
{
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void
unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* At exit, after the connections are closed: end by the signal. */
static void
end_by_signal(void)
{
	if (interrupt_signal != 0 && !finished)
	{
		fflush(NULL);
		end_now(interrupt_signal);
	}
}

/*
 * Install the handler. Called first in main(), so that end_by_signal()
 * runs after every other exit handler (db_finish_all() among them). No
 * SA_RESTART: a question waiting for its answer ends with no answer. No
 * signal is blocked in the handler: PQcancel may wait there for a server
 * that does not answer, and a second signal must still end the client. A
 * SIGINT ignored from the start stays ignored, as a shell's background
 * job expects.
 */
void
interrupt_init(void)
{
	struct sigaction sa;
	struct sigaction was;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, NULL, &was) == 0 && was.sa_handler != SIG_IGN)
		sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	atexit(end_by_signal);
}

/* conn is open: a signal from now on cancels its statement. */
void
interrupt_watch(PGconn *conn)
{
	PGcancel   *cancel;
	sigset_t	old;

	if (nwatched == lengthof(watched))
		fail("too many connections open");
	cancel = PQgetCancel(conn);
	if (cancel == NULL)
		fail("out of memory");
	block(&old);
	watched[nwatched] = conn;
	cancels[nwatched++] = cancel;
	unblock(&old);
}

/* conn is about to be closed. */
void
interrupt_unwatch(PGconn *conn)
{
	sigset_t	old;

	block(&old);
	for (int i = 0; i < nwatched; i++)
	{
		if (watched[i] == conn)
		{
			PQfreeCancel(cancels[i]);
			watched[i] = watched[--nwatched];
			cancels[i] = cancels[nwatched];
			break;
		}
	}
	unblock(&old);
}

/* One of the connections open now; NULL when none is. */
PGconn *
interrupt_watched(void)
{
	return nwatched > 0 ? watched[nwatched - 1] : NULL;
}

/*
 * fork(), with the child's pid recorded in the parent before a signal can
 * miss it; the child starts with nothing to stop but what it opens.
 */
pid_t
interrupt_fork(void)
{
	sigset_t	old;
	pid_t		me;
	pid_t		pid;

	block(&old);
	me = getpid();
	pid = fork();
	if (pid == 0)
	{
		parent = me;
		deferred = false;
		nchildren = 0;
		for (int i = 0; i < nwatched; i++)
			PQfreeCancel(cancels[i]);
		nwatched = 0;
	}
	else if (pid > 0)
		children[nchildren++] = pid;
	unblock(&old);
	return pid;
}

/* A child has been waited for. */
void
interrupt_reaped(pid_t pid)
{
	sigset_t	old;

	block(&old);
	for (int i = 0; i < nchildren; i++)
	{
		if (children[i] == pid)
		{
			children[i] = children[--nchildren];
			break;
		}
	}
	unblock(&old);
}

/*
 * Is sending on conn refused, as a signal interrupted the client? Not on
 * the protected connection.
 */
bool
interrupt_refuses(PGconn *conn)
{
	return interrupt_signal != 0 && conn != protected_conn;
}

/*
 * While conn records what has run (NULL: no longer), a signal neither
 * cancels it nor keeps it from sending; it stops the client afterwards.
 */
void
interrupt_protect(PGconn *conn)
{
	sigset_t	old;

	block(&old);
	protected_conn = conn;
	unblock(&old);
}

/*
 * This process is the parent of --fleet or --all-tenants, which checks
 * for a signal before it starts each database or tenant: without a
 * connection or a child, a first signal lets it stop and sum up.
 */
void
interrupt_defer(void)
{
	deferred = true;
}

/*
 * The command is over: when it succeeded, it did all its work before a
 * signal could stop any of it, and exits as it would have.
 */
void
interrupt_finished(bool succeeded)
{
	finished = succeeded;
}

/* The name of the signal that interrupted the client. */
const char *
interrupt_name(void)
{
	return interrupt_signal == SIGTERM ? "SIGTERM" : "SIGINT";
}
