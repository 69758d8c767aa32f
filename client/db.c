/*-------------------------------------------------------------------------
 *
 * client/db.c
 *	  The connection: libpq's environment, -d, or DATABASE_URL; running
 *	  queries; printing the server's errors and progress NOTICEs, with
 *	  control characters escaped (revision text reaches a terminal).
 *
 *-------------------------------------------------------------------------
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/* Progress: the server's NOTICE per revision becomes one line of output. */
static void
notice_processor(void *arg, const PGresult *res)
{
	const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	if (severity && strcmp(severity, "NOTICE") == 0 && message &&
		(strncmp(message, "applied revision ", 17) == 0 || strncmp(message, "reverted revision ", 18) == 0))
		progress_step(message);
	else if (severity && strcmp(severity, "NOTICE") == 0)
		say("%s", shown(message ? message : ""));
	else if (opt.verbosity > 0 || (severity && strcmp(severity, "WARNING") == 0))
		db_print_message(res);
}

/*
 * Whether schema schemamig is the extension's, as a query that fails
 * (division by zero) when it is not: the client calls nothing of schemamig
 * before it has run. Where the extension is not installed, a role that may
 * create schemas in the database (its owner) could make a schema schemamig
 * of functions named as schemamig's, which the client would run with its
 * role's privileges, often a superuser's. The divisor is a subquery, which
 * no planning folds, so the division runs only when there is no extension.
 */
const char db_extension_guard[] =
"SELECT 1 OPERATOR(pg_catalog./) (SELECT pg_catalog.count(*)::pg_catalog.int4 " DB_SCHEMAMIG_EXTENSION ")";

/* When the guard failed: the database has no schemamig extension. */
void
db_no_extension(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	if (state == NULL || strcmp(state, "22012") != 0)
	{
		db_report(res, NULL);
		exit(1);
	}
	fail("this database has no schemamig extension: a superuser creates it with CREATE EXTENSION schemamig "
		 "(nothing of a schema schemamig that is not the extension's is called)");
}

/* A fleet's garbled URI (FleetJob.garbled): libpq's error is not printed. */
bool		db_hide_connect_error = false;

/*
 * Check a new connection, and have its NOTICEs printed as progress; unless
 * lean, make sure the server sends them (the caller of a lean connection
 * sets client_min_messages in its first statement, saving a round trip).
 * With -q nothing would print them: the server is asked for warnings only,
 * and spared a message (and a flush) per revision. The same statement
 * selects the database's own applied set, which a command without --tenant
 * works on: a schemamig.tenant that the database's owner set for every
 * session (ALTER DATABASE ... SET) must not send a deployment elsewhere.
 */
static void
connected(PGconn *conn, bool lean)
{
	if (PQstatus(conn) != CONNECTION_OK)
	{
		char	   *message = xstrdup(PQerrorMessage(conn));
		size_t		len = strlen(message);

		/* whole, as psql prints it, but for the newline that ends it */
		while (len > 0 && message[len - 1] == '\n')
			message[--len] = '\0';
		PQfinish(conn);
		if (db_hide_connect_error)
			fail("could not connect; libpq's message is left out, as it could quote the password: this URI's "
				 "user or password holds a \"/\" or an \"@\", which libpq reads as the end of the host or of "
				 "the password: write them as %%2F and %%40");
		fail("could not connect: %s", message);
	}
	interrupt_watch(conn);
	PQsetNoticeReceiver(conn, (PQnoticeReceiver) notice_processor, NULL);
	if (!lean)
	{
		/* one round trip for both; the guard first, so a failure stops both */
		PQExpBufferData sql;
		PGresult   *res;

		initPQExpBuffer(&sql);
		appendPQExpBuffer(&sql, "%s; SET client_min_messages = %s; SET schemamig.tenant = ''", db_extension_guard,
						  opt.verbosity > 0 ? "notice" : "warning");
		res = PQexec(conn, buffer_done(&sql));
		if (opt.verbosity > 1)
			fprintf(stderr, "schemamig: ran: %s\n", sql.data);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			db_no_extension(res);
		PQclear(res);
		termPQExpBuffer(&sql);
	}
	/* a lean connection's first statement selects the tenant itself */
	if (opt.tenant != NULL && !lean)
		tenant_select(conn);
}

/*
 * What to connect to: -d (conninfo or URI); else libpq's environment when
 * any of its connection variables is set; else DATABASE_URL; else libpq's
 * defaults.
 */
static const char *
conninfo_to_use(void)
{
	static const char *const libpq_vars[] = {
		"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"
	};
	const char *conninfo = opt.dbname;

	if (conninfo == NULL)
	{
		bool		libpq_env = false;

		for (size_t i = 0; i < lengthof(libpq_vars); i++)
			libpq_env = libpq_env || getenv(libpq_vars[i]) != NULL;
		if (!libpq_env)
			conninfo = getenv("DATABASE_URL");
	}
	return conninfo ? conninfo : "";
}

/*
 * Connect to conninfo. The files are read as UTF-8 (the server's checksums
 * and the offline script read them so), so client_encoding is UTF8 unless
 * the user chose one: PGCLIENTENCODING, or client_encoding in conninfo,
 * which libpq expands after the default and so overrides it.
 */
static PGconn *
open_connection(const char *conninfo)
{
	const char *const keywords[] = {"client_encoding", "dbname", NULL};
	const char *const values[] = {"UTF8", conninfo, NULL};
	const char *chosen = getenv("PGCLIENTENCODING");
	int			first = chosen != NULL && chosen[0] != '\0' ? 1 : 0;

	return PQconnectdbParams(keywords + first, values + first, 1);
}

/*
 * A connection being made on a thread of its own while this one reads the
 * versions directory: the server starts a backend (tens of milliseconds)
 * while the client reads its files, instead of after. Only the connecting
 * runs there; everything else, checks and errors included, happens here
 * when the connection is taken.
 */
static struct
{
	bool		running;
	pthread_t	thread;
	const char *conninfo;
	PGconn	   *conn;
} early;

static void *
connect_early(void *arg)
{
	early.conn = open_connection(early.conninfo);
	return NULL;
}

/*
 * Start connecting now; the next db_connect() or db_connect_lean() takes
 * the connection. Until then an error exits without running exit handlers
 * (libpq may be inside OpenSSL on the other thread), which is safe: no other
 * connection is open yet, and an unfinished connection leaves the server
 * nothing to roll back.
 */
void
db_connect_early(void)
{
	if (early.running || interrupt_watched() != NULL)
		return;
	early.conninfo = conninfo_to_use();
	early.running = pthread_create(&early.thread, NULL, connect_early, NULL) == 0;
	exit_quickly(early.running);
}

static PGconn *
connect_to_server(bool lean)
{
	PGconn	   *conn;

	if (early.running)
	{
		pthread_join(early.thread, NULL);
		early.running = false;
		exit_quickly(false);
		conn = early.conn;
	}
	else
		conn = open_connection(conninfo_to_use());
	connected(conn, lean);
	if (PQserverVersion(conn) < 150000)
		fail("schemamig needs PostgreSQL 15 or later");
	return conn;
}

PGconn *
db_connect(void)
{
	return connect_to_server(false);
}

/*
 * A connection whose first statement must set client_min_messages to
 * notice itself, and select the tenant of --tenant (files_up_to_date()
 * does both).
 */
PGconn *
db_connect_lean(void)
{
	return connect_to_server(true);
}

/*
 * A second connection with the parameters the first one used (password
 * included): a non-transactional revision runs on one of its own, so that
 * whatever session state it leaves (settings, role, temporary objects,
 * prepared statements) goes with it.
 */
PGconn *
db_connect_again(PGconn *conn)
{
	PQconninfoOption *info = PQconninfo(conn);
	int			n = 0;
	const char **keywords;
	const char **values;
	PGconn	   *again;

	if (info == NULL)
		fail("out of memory");
	for (PQconninfoOption *o = info; o->keyword; o++)
		n++;
	keywords = xmalloc(sizeof(char *) * (n + 1));
	values = xmalloc(sizeof(char *) * (n + 1));
	n = 0;
	for (PQconninfoOption *o = info; o->keyword; o++)
	{
		if (o->val != NULL && o->val[0] != '\0')
		{
			keywords[n] = o->keyword;
			values[n++] = o->val;
		}
	}
	again = PQconnectdbParams(keywords, values, 0);
	connected(again, false);
	PQconninfoFree(info);
	free(keywords);
	free(values);
	return again;
}

/*
 * An error result's one line, malloc'd: the server's message and SQLSTATE;
 * or, for an error of libpq's own (a lost connection), which has no
 * SQLSTATE, its message without the newline that ends it.
 */
char *
db_error_line(const PGresult *res)
{
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	PQExpBufferData line;

	initPQExpBuffer(&line);
	if (msg != NULL && state != NULL)
		appendPQExpBuffer(&line, "%s (SQLSTATE %s)", msg, state);
	else
	{
		const char *libpq = msg != NULL ? msg : PQresultErrorMessage(res);

		appendBinaryPQExpBuffer(&line, libpq, strcspn(libpq, "\n"));
	}
	return buffer_done(&line);
}

/*
 * A message's detail, hint and (with context) context, each from a line of
 * its own. What a revision raises can hold line feeds: each is followed by
 * an indent, so that no line of it can pass for one of the client's (a
 * summary, say).
 */
static void
print_fields(const PGresult *res, const char *separator, bool context)
{
	static const struct
	{
		const char *name;
		int			code;
	}			fields[] = {
		{"DETAIL", PG_DIAG_MESSAGE_DETAIL},
		{"HINT", PG_DIAG_MESSAGE_HINT},
		{"CONTEXT", PG_DIAG_CONTEXT},
	};

	for (size_t i = 0; i < lengthof(fields); i++)
	{
		const char *value = PQresultErrorField(res, fields[i].code);
		char	   *text;

		if (value == NULL || (fields[i].code == PG_DIAG_CONTEXT && !context))
			continue;
		text = indent_lines(value, "  ");
		print_printable(stderr, "%s:%s%s\n", fields[i].name, separator, text);
		free(text);
	}
}

/*
 * Print a message of the server's (a WARNING; with -v, any) as libpq lays
 * it out, "WARNING:  text" and then its detail and hint (libpq shows the
 * context of errors only), but with print_fields()'s indents; one of
 * libpq's own, which has no fields, as libpq wrote it.
 */
void
db_print_message(const PGresult *res)
{
	const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	char	   *text;

	if (severity == NULL || msg == NULL)
	{
		print_printable(stderr, "%s", PQresultErrorMessage(res));
		return;
	}
	text = indent_lines(msg, "  ");
	print_printable(stderr, "%s:  %s\n", severity, text);
	free(text);
	print_fields(res, "  ", false);
}

/*
 * Print the server's error: message, detail, hint and context; what, when
 * given, goes before the message (the file the error is about).
 */
void
db_report(const PGresult *res, const char *what)
{
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	char	   *line = db_error_line(res);
	char	   *shown = printable(line);

	fflush(stdout);
	print_printable(stderr, "schemamig: error: %s%s%s\n", what ? what : "", what ? ": " : "", shown);
	free(shown);
	free(line);
	print_fields(res, " ", true);

	/*
	 * The client's own queries (no context: no revision or function raised
	 * it) name schemamig's schema and functions: when those are missing,
	 * the extension is, or is older than the client
	 */
	if (msg != NULL && state != NULL && PQresultErrorField(res, PG_DIAG_CONTEXT) == NULL)
	{
		if (strcmp(state, "3F000") == 0 && strstr(msg, "\"schemamig\"") != NULL)
			fprintf(stderr, "schemamig: this database has no schemamig extension: "
					"a superuser creates it with CREATE EXTENSION schemamig\n");
		else if (strcmp(state, "42883") == 0 && strstr(msg, "schemamig.") != NULL)
			fprintf(stderr, "schemamig: the schemamig extension in this database is older than this client: "
					"update it with ALTER EXTENSION schemamig UPDATE\n");
	}
}

/*
 * Run a query; NULL (after reporting) on an error. Once a signal has
 * interrupted the client, nothing more is sent (but what records a
 * non-transactional revision that has run: interrupt_protect()).
 */
PGresult *
db_try(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	PGresult   *res;
	ExecStatusType st;

	if (interrupt_refuses(conn))
		fail("interrupted by %s before the next statement; nothing more was sent, "
			 "and the server rolls back what was not committed", interrupt_name());
	res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	st = PQresultStatus(res);

	if (opt.verbosity > 1)
		fprintf(stderr, "schemamig: ran: %s\n", sql);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	db_report(res, NULL);
	PQclear(res);
	return NULL;
}

/* Close a connection the client opened. */
void
db_finish(PGconn *conn)
{
	interrupt_unwatch(conn);
	PQfinish(conn);
}

/*
 * Close every connection still open (interrupt.c keeps the list), at any
 * exit, an error's included: the server sees the client leave (and rolls
 * back an open transaction) rather than an unexpected end of file.
 */
void
db_finish_all(void)
{
	PGconn	   *conn;

	while ((conn = interrupt_watched()) != NULL)
		db_finish(conn);
}

/* Run a query; exit 1 on an error (the connection's transaction is lost). */
PGresult *
db_exec(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	PGresult   *res = db_try(conn, sql, nparams, params);

	if (res == NULL)
		exit(1);
	return res;
}

void
db_command(PGconn *conn, const char *sql)
{
	PQclear(db_exec(conn, sql, 0, NULL));
}
