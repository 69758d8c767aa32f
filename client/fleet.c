/*-------------------------------------------------------------------------
 *
 * client/fleet.c
 *	  --fleet FILE: run upgrade, status or history on every database that a
 *	  file names, N at a time, and say which ones did not make it.
 *
 * Each database gets a process of its own (fork), which runs the very
 * command the client runs on one database, with its own connection, its
 * own exit on an error, and its output caught in two temporary files; the
 * parent starts at most -j of them at once, prints each one's output under
 * a heading as it ends, and sums up. So a database fails exactly as it
 * would alone (an unreachable one with its connection error), and the
 * others go on. Connection strings reach the output only through
 * mask_conninfo(), with their passwords replaced by ***.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"

/* child exit status: upgrade had nothing to apply */
#define EXIT_CURRENT 3

/* -j N: how many databases (or tenants) at once */
int			fleet_jobs = 1;

/* true in the process fleet_fork_all() starts for one database or tenant */
bool		fleet_child = false;

/* what the last cmd_upgrade() applied (set by it) */
int			upgrade_applied = -1;

/* the databases of the fleet: the line as written, labelled masked */
static FleetJob *fleet;
static int	nfleet;

/* Append s[0..len) to buf. */
static void
append_n(PQExpBuffer buf, const char *s, size_t len)
{
	appendBinaryPQExpBuffer(buf, s, len);
}

/*
 * Is the keyword of length len one whose value is secret: password,
 * sslpassword (any keyword ending in "password")? A URI's keys may be
 * percent-encoded, which libpq decodes: one with a '%' counts as secret.
 */
static bool
secret_keyword(const char *kw, size_t len)
{
	return (len >= 8 && strncmp(kw + len - 8, "password", 8) == 0) ||
		memchr(kw, '%', len) != NULL;
}

/*
 * The query part of a URI (after '?') with the value of each secret
 * parameter (secret_keyword) replaced by ***.
 */
static void
mask_uri_params(PQExpBuffer buf, const char *params)
{
	for (const char *p = params; *p;)
	{
		size_t		len = strcspn(p, "&");
		size_t		kwlen = strcspn(p, "=&");

		if (kwlen < len && secret_keyword(p, kwlen))
		{
			append_n(buf, p, kwlen);
			appendPQExpBufferStr(buf, "=***");
		}
		else
			append_n(buf, p, len);
		p += len;
		if (*p == '&')
			appendPQExpBufferChar(buf, *p++);
	}
}

/* Where a URI's authority (after "://") begins; NULL for another string. */
static const char *
uri_authority(const char *s)
{
	if (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0)
		return strstr(s, "://") + 3;
	return NULL;
}

/* The last '@' of s[0..len), or NULL; *count says how many there are. */
static const char *
last_at(const char *s, size_t len, int *count)
{
	const char *at = NULL;

	*count = 0;
	for (const char *c = s; c < s + len; c++)
	{
		if (*c == '@')
		{
			at = c;
			(*count)++;
		}
	}
	return at;
}

/*
 * The '@' that ends a URI's user and password, or NULL. libpq's is the
 * first '@' before any '/' (so "u:pa?ss@host" has password "pa?ss"); this
 * is the last, so that an unencoded '@' in the password ("u:pa@ss@host",
 * which libpq reads as password "pa" on host "ss@host") is not printed
 * either, and failing one the last '@' before the query, for "u:pa/ss@h",
 * which libpq reads as host "u" and port "pa". *garbled says whether libpq
 * reads the URI otherwise than this (its error may then quote a piece of
 * the password).
 */
static const char *
uri_userinfo_end(const char *auth, bool *garbled)
{
	int			ats;
	const char *at = last_at(auth, strcspn(auth, "/"), &ats);

	*garbled = ats > 1;
	if (at == NULL)
	{
		at = last_at(auth, strcspn(auth, "?"), &ats);
		*garbled = at != NULL;
	}
	return at;
}

/*
 * A connection string fit to print: a URI's user:password@ becomes
 * user:***@ (uri_userinfo_end()) and its password= parameter
 * password=***; a conninfo string's password=VALUE (quoted or not) becomes
 * password=***. The rest is as written.
 */
char *
mask_conninfo(const char *s)
{
	PQExpBufferData buf;
	char	   *masked;
	const char *auth = uri_authority(s);

	initPQExpBuffer(&buf);
	if (auth != NULL)
	{
		bool		garbled;
		const char *at = uri_userinfo_end(auth, &garbled);
		const char *query;

		append_n(&buf, s, auth - s);
		if (at != NULL)
		{
			const char *colon = memchr(auth, ':', at - auth);

			append_n(&buf, auth, (colon ? colon : at) - auth);
			if (colon)
				appendPQExpBufferStr(&buf, ":***");
			auth = at;
		}
		query = strchr(auth, '?');
		append_n(&buf, auth, query ? (size_t) (query + 1 - auth) : strlen(auth));
		if (query)
			mask_uri_params(&buf, query + 1);
	}
	else
	{
		const char *c = s;

		while (*c)
		{
			const char *kw;
			const char *start;
			size_t		kwlen;

			if (isspace((unsigned char) *c))
			{
				appendPQExpBufferChar(&buf, *c++);
				continue;
			}
			kw = c;
			while (*c && *c != '=' && !isspace((unsigned char) *c))
				c++;
			kwlen = c - kw;
			append_n(&buf, kw, kwlen);
			for (start = c; isspace((unsigned char) *c); c++)
				;
			if (*c != '=')
			{
				append_n(&buf, start, c - start);
				continue;
			}
			for (c++; isspace((unsigned char) *c); c++)
				;
			appendPQExpBufferChar(&buf, '=');
			start = c;
			if (*c == '\'')
			{
				for (c++; *c && *c != '\''; c++)
				{
					if (*c == '\\' && c[1])
						c++;
				}
				if (*c)
					c++;
			}
			else
			{
				for (; *c && !isspace((unsigned char) *c); c++)
				{
					if (*c == '\\' && c[1])
						c++;
				}
			}
			if (secret_keyword(kw, kwlen))
				appendPQExpBufferStr(&buf, "***");
			else
				append_n(&buf, start, c - start);
		}
	}
	if (PQExpBufferBroken(&buf))
		fail("out of memory");
	masked = xstrdup(buf.data);
	termPQExpBuffer(&buf);
	return masked;
}

/*
 * Read the fleet file: one connection string, URI or service=NAME a line;
 * blank lines and lines whose first non-blank character is # are skipped.
 * Each line must parse as libpq parses it (a service is looked up only
 * when connecting). NULL when all is well; otherwise the usage error.
 */
static const char *
fleet_load(const char *path)
{
	static char why[1024];
	FILE	   *f = fopen(path, "r");
	char	   *line = NULL;
	size_t		cap = 0;
	ssize_t		len;
	int			lineno = 0;
	int			room = 0;

	if (f == NULL)
	{
		snprintf(why, sizeof(why), "--fleet: could not open \"%s\": %s", printable(path), strerror(errno));
		return why;
	}
	while ((len = getline(&line, &cap, f)) >= 0)
	{
		char	   *c = line;
		char	   *errmsg = NULL;
		PQconninfoOption *parsed;

		lineno++;
		/* invisible, it made libpq's error name an option nobody wrote */
		if (lineno == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0)
		{
			snprintf(why, sizeof(why), "%s:1: the file begins with a UTF-8 byte order mark (EF BB BF); "
					 "save it without one", printable(path));
			free(line);
			fclose(f);
			return why;
		}
		if (memchr(line, '\0', len) != NULL)
		{
			snprintf(why, sizeof(why), "%s:%d: a zero byte in the line", printable(path), lineno);
			free(line);
			fclose(f);
			return why;
		}
		while (len > 0 && isspace((unsigned char) line[len - 1]))
			line[--len] = '\0';
		while (isspace((unsigned char) *c))
			c++;
		if (*c == '\0' || *c == '#')
			continue;
		parsed = PQconninfoParse(c, &errmsg);
		if (parsed == NULL)
		{
			char	   *masked = mask_conninfo(c);
			char	   *said;

			/*
			 * A line that does not parse may also fool the masking (quotes
			 * left open, a keyword in capitals): one that holds a password,
			 * or may, is not shown, nor libpq's message, which quotes it.
			 */
			if (strcmp(masked, c) != 0 || strcasestr(c, "password") != NULL || strchr(c, '%') != NULL)
			{
				snprintf(why, sizeof(why), "%s:%d: not a connection string, URI or service=NAME "
						 "(the line is not shown: it holds a password)", printable(path), lineno);
				free(line);
				fclose(f);
				return why;
			}
			if (errmsg != NULL)
			{
				size_t		n = strlen(errmsg);

				while (n > 0 && isspace((unsigned char) errmsg[n - 1]))
					errmsg[--n] = '\0';
			}
			said = errmsg == NULL ? NULL : printable(errmsg);
			snprintf(why, sizeof(why), "%s:%d: not a connection string, URI or service=NAME: %s%s%s%s",
					 printable(path), lineno, printable(masked),
					 said ? " (" : "", said ? said : "", said ? ")" : "");
			free(line);
			fclose(f);
			return why;
		}
		PQconninfoFree(parsed);
		if (nfleet == room)
		{
			FleetJob   *more = xmalloc(sizeof(FleetJob) * (room * 2 + 8));

			if (nfleet > 0)
				memcpy(more, fleet, sizeof(FleetJob) * nfleet);
			free(fleet);
			fleet = more;
			room = room * 2 + 8;
		}
		fleet[nfleet].conninfo = xstrdup(c);
		fleet[nfleet].label = mask_conninfo(c);
		fleet[nfleet].garbled = false;
		if (uri_authority(c) != NULL)
			(void) uri_userinfo_end(uri_authority(c), &fleet[nfleet].garbled);
		nfleet++;
	}
	/* a directory opens, then fails its first read: not "names no database" */
	if (ferror(f))
	{
		snprintf(why, sizeof(why), "--fleet: could not read \"%s\": %s", printable(path), strerror(errno));
		free(line);
		fclose(f);
		return why;
	}
	free(line);
	fclose(f);
	if (nfleet == 0)
	{
		snprintf(why, sizeof(why), "--fleet: \"%s\" names no database: write one connection string, URI "
				 "or service=NAME a line", printable(path));
		return why;
	}
	return NULL;
}

/*
 * Check the options of many databases and tenants against each other and
 * the command, and read the fleet file. NULL when all is well; otherwise
 * the usage error to print (exit 2).
 */
const char *
fleet_options(const char *command)
{
	static char why[512];
	bool		upgrade = strcmp(command, "upgrade") == 0;
	bool		status = strcmp(command, "status") == 0;
	bool		history = strcmp(command, "history") == 0;

	if (opt.jobs != NULL)
	{
		char	   *end;
		long		n;

		errno = 0;
		n = strtol(opt.jobs, &end, 10);
		if (end == opt.jobs || *end != '\0' || errno != 0 || n < 1 || n > FLEET_MAX_JOBS)
		{
			snprintf(why, sizeof(why), "-j takes a number of connections from 1 to %d, not \"%s\"",
					 FLEET_MAX_JOBS, printable(opt.jobs));
			return why;
		}
		fleet_jobs = (int) n;
		if (opt.fleet == NULL && !opt.all_tenants)
			return "-j goes with --fleet FILE or --all-tenants";
	}
	if (opt.tenant != NULL && opt.tenant[0] == '\0')
		return "--tenant needs a tenant's name (the database's own applied set is the default, without --tenant)";
	/* the server refuses it too (42622): no schema, so no tenant, has such a name */
	if (opt.tenant != NULL && strlen(opt.tenant) > TENANT_NAME_MAXLEN)
	{
		char	   *name = printable(opt.tenant);

		snprintf(why, sizeof(why), "--tenant: a tenant's name is a schema name, at most %d bytes long; "
				 "\"%.200s%s\" is %zu", TENANT_NAME_MAXLEN, name, strlen(name) > 200 ? "..." : "",
				 strlen(opt.tenant));
		free(name);
		return why;
	}
	if (opt.tenant != NULL && opt.all_tenants)
		return "--tenant NAME and --all-tenants do not go together";
	if (opt.all_tenants)
	{
		if (!upgrade && !status)
			return "--all-tenants goes with upgrade or status";
		if (opt.fleet != NULL)
			return "--all-tenants and --fleet do not go together: run --all-tenants with -d on each database";
	}
	if (opt.fleet != NULL)
	{
		if (!upgrade && !status && !history)
			return "--fleet goes with upgrade, status or history";
		if (opt.dbname != NULL)
			return "--fleet and -d do not go together: the fleet file names the databases";
		if (history && opt.json)
			return "history --json does not go with --fleet: run it with -d on each database";
		return fleet_load(opt.fleet);
	}
	return NULL;
}

/* Read what a child wrote to f, whole. */
static char *
slurp(FILE *f)
{
	PQExpBufferData buf;
	char		chunk[8192];
	size_t		got;
	char	   *text;

	initPQExpBuffer(&buf);
	fflush(f);
	rewind(f);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		appendBinaryPQExpBuffer(&buf, chunk, got);
	fclose(f);
	if (PQExpBufferBroken(&buf))
		fail("out of memory");
	text = xstrdup(buf.data);
	termPQExpBuffer(&buf);
	return text;
}

/*
 * In the child: the command on one database. Its exit status: 0 success
 * (for upgrade: something applied), EXIT_CURRENT for an upgrade with
 * nothing to apply, 1 failure (or status --check: something pending).
 */
static int
run_one(const char *command, const char *arg)
{
	int			rc;

	if (strcmp(command, "upgrade") == 0)
	{
		rc = cmd_upgrade(arg ? arg : "head");
		return rc == 0 && upgrade_applied == 0 ? EXIT_CURRENT : rc;
	}
	if (strcmp(command, "status") == 0)
		return cmd_status(NULL);
	return cmd_history(NULL);
}

/*
 * Start the child of one job, its output caught in temporary files. The
 * caller has no connection open: the child would close it at exit.
 */
static void
start(FleetJob *db, const char *command, const char *arg)
{
	int			rc;

	db->out = tmpfile();
	db->err = tmpfile();
	if (db->out == NULL || db->err == NULL)
		fail("could not create a temporary file: %s", strerror(errno));
	fflush(NULL);
	db->pid = interrupt_fork();
	if (db->pid < 0)
		fail("could not fork: %s", strerror(errno));
	if (db->pid == 0)
	{
		if (dup2(fileno(db->out), STDOUT_FILENO) < 0 || dup2(fileno(db->err), STDERR_FILENO) < 0)
			_exit(1);
		/* lines in the order written, stdout's and stderr's */
		setvbuf(stdout, NULL, _IOLBF, 0);
		fleet_child = true;
		if (db->conninfo != NULL)
			opt.dbname = db->conninfo;
		db_hide_connect_error = db->garbled;
		if (db->tenant != NULL)
			opt.tenant = db->tenant;
		rc = run_one(command, arg);
		interrupt_finished(rc == 0 || rc == EXIT_CURRENT);
		exit(rc);
	}
}

/*
 * A child ended: its result, then its output under a heading (stdout's
 * lines on stdout, stderr's on stderr, each there prefixed with the
 * database), as soon as it ends.
 */
static void
finish(FleetJob *db, int status, bool check)
{
	char	   *out = slurp(db->out);
	char	   *err = slurp(db->err);
	const char *first = strstr(err, "schemamig: error: ");

	if (first != NULL && first != err && first[-1] != '\n')
		first = NULL;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		db->result = JOB_OK;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_CURRENT)
		db->result = JOB_CURRENT;
	else if (check && WIFEXITED(status) && WEXITSTATUS(status) == 1 && first == NULL)
		db->result = JOB_PENDING;
	else
	{
		db->result = JOB_FAILED;
		if (first != NULL)
			db->error = xstrndup(first + 18, strcspn(first + 18, "\n"));
		else
		{
			char		why[64];

			if (WIFSIGNALED(status) && WTERMSIG(status) == interrupt_signal)
				snprintf(why, sizeof(why), "interrupted");
			else if (WIFSIGNALED(status))
				snprintf(why, sizeof(why), "terminated by signal %d", WTERMSIG(status));
			else
				snprintf(why, sizeof(why), "exited with status %d", WEXITSTATUS(status));
			db->error = xstrdup(why);
		}
	}
	/* (a heading also over nothing: an empty history is an answer) */
	print_printable(stdout, "== %s\n", db->label);
	fputs(out, stdout);
	fflush(stdout);
	for (const char *line = err; *line;)
	{
		size_t		len = strcspn(line, "\n");

		if (len > 0)
		{
			print_printable(stderr, "%s: ", db->label);
			fwrite(line, 1, len, stderr);
			fputc('\n', stderr);
		}
		line += len + (line[len] == '\n');
	}
	free(out);
	free(err);
}

/*
 * Run the command for each job, at most -j at once, each job's output
 * printed as it ends; each job's result is set. Once a signal has
 * interrupted the client (and been passed on to the jobs running), no
 * other job starts.
 */
void
fleet_fork_all(FleetJob *jobs, int n, const char *command, const char *arg, bool check)
{
	int			next = 0;
	int			running = 0;

	while ((next < n && !interrupt_signal) || running > 0)
	{
		int			status;
		pid_t		pid;

		while (running < fleet_jobs && next < n && !interrupt_signal)
		{
			start(&jobs[next++], command, arg);
			running++;
		}
		pid = waitpid(-1, &status, 0);
		if (pid < 0)
		{
			if (errno == EINTR)
				continue;
			fail("waitpid: %s", strerror(errno));
		}
		interrupt_reaped(pid);
		for (int i = 0; i < next; i++)
		{
			if (jobs[i].pid == pid)
			{
				jobs[i].pid = 0;
				finish(&jobs[i], status, check);
				running--;
			}
		}
	}
	for (; next < n; next++)
	{
		jobs[next].result = JOB_FAILED;
		jobs[next].error = xstrdup("not started: interrupted");
	}
}

/* After a summary line: each failed job, with its error, and flush. */
void
fleet_print_failed(const FleetJob *jobs, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (jobs[i].result == JOB_FAILED)
			print_printable(stdout, "failed: %s: %s\n", jobs[i].label, jobs[i].error);
	}
	fflush(stdout);
}

/*
 * upgrade, status or history --fleet FILE [-j N]: the command on every
 * database of the fleet, at most N at once, then the summary: how many
 * upgraded, already current and failed (status and history: answered and
 * failed), and each failed database with its error. Exit 1 when any
 * failed (or, with status --check, has something pending).
 */
int
fleet_run(const char *command, const char *arg)
{
	bool		upgrade = strcmp(command, "upgrade") == 0;
	bool		check = strcmp(command, "status") == 0 && opt.check;
	int			counts[4] = {0};

	/* a bad file fails once, here, not once per database */
	if (strcmp(command, "history") != 0)
		(void) load_files(opt.dir);
	fleet_fork_all(fleet, nfleet, command, arg, check);
	for (int i = 0; i < nfleet; i++)
		counts[fleet[i].result]++;

	printf("%s --fleet%s: %d database%s: ", command, upgrade && opt.dry_run ? " --dry-run" : "",
		   nfleet, nfleet == 1 ? "" : "s");
	if (upgrade)
		printf("%d upgraded, %d already current, %d failed%s\n", counts[JOB_OK], counts[JOB_CURRENT],
			   counts[JOB_FAILED], opt.dry_run ? "; everything was rolled back" : "");
	else if (check)
		printf("%d current, %d with something pending, %d failed\n", counts[JOB_OK], counts[JOB_PENDING],
			   counts[JOB_FAILED]);
	else
		printf("%d answered, %d failed\n", counts[JOB_OK], counts[JOB_FAILED]);
	fleet_print_failed(fleet, nfleet);
	return counts[JOB_FAILED] + counts[JOB_PENDING] > 0 ? 1 : 0;
}
