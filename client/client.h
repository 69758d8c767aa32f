/*-------------------------------------------------------------------------
 *
 * client/client.h
 *	  Declarations shared by the schemamig command-line client.
 *
 * The client keeps revisions as files in a versions directory, and drives
 * the extension's SQL functions; the only SQL it runs itself are the
 * statements of non-transactional revisions, outside any transaction.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SCHEMAMIG_CLIENT_H
#define SCHEMAMIG_CLIENT_H

#include <stdbool.h>
#include <stdio.h>

#include "libpq-fe.h"

/* pqexpbuffer.h, libpq's string buffers, expects this macro of c.h */
#ifndef pg_attribute_printf
#define pg_attribute_printf(f, a) __attribute__((format(printf, f, a)))
#endif
#include "pqexpbuffer.h"

#define EXIT_USAGE 2

/* One migration file. */
typedef struct RevFile
{
	char	   *path;
	char	   *id;
	char	  **parents;
	int			nparents;
	char	   *message;
	bool		transactional;
	char	   *upgrade;
	char	   *downgrade;		/* NULL: no downgrade section */
	int			upgrade_line;	/* line of the file where upgrade starts */
} RevFile;

/* The versions directory, ordered parents first. */
typedef struct RevFiles
{
	RevFile    *files;
	int			n;
	int		   *by_id;			/* indexes of files, sorted by id */
} RevFiles;

/* lint() severities, least first */
#define LINT_INFO 0
#define LINT_WARNING 1
#define LINT_ERROR 2

/* How many findings of each severity lint() returned. */
typedef struct LintCounts
{
	int			errors;
	int			warnings;
	int			infos;
} LintCounts;

/* Options every command sees. */
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
	const char *models;		/* check --models */
	const char *tenant;			/* --tenant: schemamig.tenant for the session */
	bool		all_tenants;	/* --all-tenants */
	const char *fleet;			/* --fleet FILE */
	const char *jobs;			/* -j N, as given; NULL: not given */
} Options;

extern Options opt;

/* main.c */
extern void fail(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));
extern void say(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void print_printable(FILE *out, const char *fmt,...) __attribute__((format(printf, 2, 3)));
extern char *printable(const char *s);
extern int	utf8_len(const char *s, unsigned int *cp);
extern double now_ms(void);
extern void progress_start(int total);
extern void progress_step(const char *line);
extern void progress_end(void);
extern void *xmalloc(size_t n);
extern char *xstrdup(const char *s);
extern char *xstrndup(const char *s, size_t n);

/* files.c */
extern char *read_file(const char *path, bool models);
extern RevFiles load_files(const char *dir);
extern int	find_file(const RevFiles *rf, const char *id);
extern void file_heads(const RevFiles *rf, int **heads, int *nheads);
extern bool *file_ancestors(const RevFiles *rf, int target);
extern char *write_new_file(const char *dir, const char *message, char **parents,
							int nparents, bool with_downgrade, const char *upgrade,
							const char *downgrade);

/* db.c */
extern PGconn *db_connect(void);
extern PGconn *db_connect_again(PGconn *conn);
extern PGresult *db_exec(PGconn *conn, const char *sql, int nparams,
						 const char *const *params);
extern PGresult *db_try(PGconn *conn, const char *sql, int nparams,
						const char *const *params);
extern void db_command(PGconn *conn, const char *sql);
extern void db_finish(PGconn *conn);
extern void db_finish_all(void);
extern void db_report(const PGresult *res, const char *what);
extern char *parents_literal(char **parents, int n);
extern void append_array_element(PQExpBuffer buf, PGconn *conn, const char *s);

/* commands.c */
extern int	sync_files(PGconn *conn, const RevFiles *rf, bool prune);
extern int	cmd_new(const char *models);
extern int	cmd_sync(void);
extern int	cmd_upgrade(const char *target);
extern int	cmd_downgrade(const char *count);
extern int	cmd_current(bool heads);
extern int	cmd_history(void);
extern int	cmd_verify(void);
extern int	cmd_stamp(const char *target);
extern int	cmd_sql(const char *target);
extern int	cmd_status(void);

/* lint.c */
extern bool server_has_lint(PGconn *conn);
extern LintCounts lint_print(PGconn *conn, const RevFiles *rf, const char *target,
							 int least, FILE *out);
extern int	cmd_lint(const char *target);
extern int	cmd_trace(const char *target);
extern PGconn *connect_synced(const RevFiles *rf);

/* check.c */
extern int	cmd_check(void);
extern int	cmd_diff(const char *models);
extern PGresult *diff_at_head(const RevFiles *rf, const char *models, const char *command);

#include "fleet.h"

#endif							/* SCHEMAMIG_CLIENT_H */
