/*-------------------------------------------------------------------------
 *
 * client/util.h
 *	  The client's small library, used by every command: the options,
 *	  messages and exits, allocation, escaping for terminals, quoting for
 *	  array literals and JSON, progress. Nothing here knows a command or a
 *	  migration file, so that commands depend on it and never on main.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SCHEMAMIG_UTIL_H
#define SCHEMAMIG_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "libpq-fe.h"

/* pqexpbuffer.h, libpq's string buffers, expects this macro of c.h */
#ifndef pg_attribute_printf
#define pg_attribute_printf(f, a) __attribute__((format(printf, f, a)))
#endif
#include "pqexpbuffer.h"

/* the number of elements of an array, as c.h has it */
#define lengthof(array) (sizeof(array) / sizeof((array)[0]))

#define EXIT_USAGE 2

/*
 * Options every command sees. main.c fills them from its table of options
 * (one row per option); a new option is a field here and a row there.
 */
typedef struct Options
{
	const char *dir;			/* versions directory */
	const char *dbname;			/* conninfo or URI; NULL: DATABASE_URL or libpq's */
	int			verbosity;		/* 0 quiet, 1 normal, 2 verbose */
	bool		yes;
	bool		dry_run;
	bool		json;
	bool		check;
	bool		include_db_only;
	bool		prune;
	bool		empty;
	bool		autogenerate;	/* new --autogenerate */
	bool		strict;			/* lint: warnings fail too */
	const char *message;
	const char *to;
	const char *from;
	const char *models;			/* check --models */
	const char *tenant;			/* --tenant: schemamig.tenant for the session */
	bool		all_tenants;	/* --all-tenants */
	const char *fleet;			/* --fleet FILE */
	const char *jobs;			/* -j N, as given; NULL: not given */
} Options;

extern Options opt;

/* messages and exits */
extern void fail(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));
extern void usage_fail(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));
extern void exit_quickly(bool on);
extern void say(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void confirm(const char *question);

/* allocation: out of memory is fail() */
extern void *xmalloc(size_t n);
extern char *xstrdup(const char *s);
extern char *xstrndup(const char *s, size_t n);
extern char *buffer_done(PQExpBuffer buf);

/* text for a terminal: control characters escaped */
extern int	utf8_len(const char *s, unsigned int *cp);
extern char *printable(const char *s);
extern const char *shown(const char *s);
extern char *indent_lines(const char *s, const char *indent);
extern void print_printable(FILE *out, const char *fmt,...) __attribute__((format(printf, 2, 3)));
extern int	print_destructive(const char *section, const char *sql, bool show);

/* quoting */
extern void append_array_element(PQExpBuffer buf, PGconn *conn, const char *s);
extern char *parents_literal(char **parents, int n);
extern void json_string(FILE *out, const char *s);

/* time and progress */
extern double now_ms(void);
extern void progress_start(int total);
extern void progress_step(const char *line);
extern void progress_end(void);

#endif							/* SCHEMAMIG_UTIL_H */
