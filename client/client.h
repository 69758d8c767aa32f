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

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "util.h"

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

/* Every command: ARG is its one argument, or NULL when none was given. */
typedef int (*CommandFn) (const char *arg);

/* The targets a command takes, as the server's functions take them (src/plan.c). */
typedef enum TargetKind
{
	TARGET_NONE,				/* its argument is no target */
	TARGET_UPGRADE,				/* head, heads, base, +N or an id */
	TARGET_STAMP,				/* head, heads, base or an id */
	TARGET_DOWNGRADE			/* base or an id */
} TargetKind;

/* files.c */
extern char *read_file(const char *path, bool models);
extern RevFiles load_files(const char *dir);
extern RevFiles load_files_connecting(const char *dir);
extern void require_target(const char *command, const char *target, TargetKind kind);
extern int	find_file(const RevFiles *rf, const char *id);
extern void file_heads(const RevFiles *rf, int **heads, int *nheads);
extern bool *file_ancestors(const RevFiles *rf, int target);
extern char *write_new_file(const char *dir, const char *message, char **parents,
							int nparents, bool with_downgrade, const char *upgrade,
							const char *downgrade);

/* interrupt.c */
extern volatile sig_atomic_t interrupt_signal;
extern void interrupt_init(void);
extern void interrupt_watch(PGconn *conn);
extern void interrupt_unwatch(PGconn *conn);
extern PGconn *interrupt_watched(void);
extern pid_t interrupt_fork(void);
extern void interrupt_reaped(pid_t pid);
extern bool interrupt_refuses(PGconn *conn);
extern void interrupt_protect(PGconn *conn);
extern void interrupt_defer(void);
extern void interrupt_finished(bool succeeded);
extern const char *interrupt_name(void);

/* db.c */
/*
 * The row of the schemamig extension whose schema is schema schemamig: the
 * client calls nothing of that schema's unless there is one (db.c).
 */
#define DB_SCHEMAMIG_EXTENSION \
	"FROM pg_catalog.pg_extension AS e JOIN pg_catalog.pg_namespace AS n" \
	" ON n.oid OPERATOR(pg_catalog.=) e.extnamespace" \
	" WHERE e.extname OPERATOR(pg_catalog.=) 'schemamig' AND n.nspname OPERATOR(pg_catalog.=) 'schemamig'"
extern const char db_extension_guard[];
extern void db_no_extension(const PGresult *res);
extern void db_connect_early(void);
extern PGconn *db_connect(void);
extern PGconn *db_connect_lean(void);
extern PGconn *db_connect_again(PGconn *conn);
extern PGresult *db_exec(PGconn *conn, const char *sql, int nparams,
						 const char *const *params);
extern PGresult *db_try(PGconn *conn, const char *sql, int nparams,
						const char *const *params);
extern void db_command(PGconn *conn, const char *sql);
extern void db_finish(PGconn *conn);
extern void db_finish_all(void);
extern char *db_error_line(const PGresult *res);
extern void db_report(const PGresult *res, const char *what);
extern void db_print_message(const PGresult *res);

/* new.c */
extern int	cmd_new(const char *arg);

/* digest.c */
extern char *files_digest(const RevFiles *rf);
extern bool files_up_to_date(PGconn *conn, const RevFiles *rf);

/* sync.c */
extern int	sync_files(PGconn *conn, const RevFiles *rf, bool prune);
extern void sync_hold_report(void);
extern void sync_report(void);
extern int	cmd_sync(const char *arg);

/* apply.c */
extern int	cmd_upgrade(const char *arg);
extern int	cmd_downgrade(const char *arg);
extern int	cmd_stamp(const char *arg);

/* info.c */
extern int	cmd_current(const char *arg);
extern int	cmd_heads(const char *arg);
extern int	cmd_history(const char *arg);
extern int	cmd_verify(const char *arg);
extern int	cmd_status(const char *arg);

/* script.c */
extern int	cmd_sql(const char *arg);

/* lint.c */
extern bool server_has_lint(PGconn *conn);
extern LintCounts lint_print(PGconn *conn, const RevFiles *rf, const char *target,
							 int least, FILE *out);
extern int	cmd_lint(const char *target);
extern int	cmd_trace(const char *target);
extern PGconn *connect_synced(const RevFiles *rf);

/* check.c */
extern const char *default_models(void);
extern int	cmd_check(const char *arg);
extern int	cmd_diff(const char *arg);
extern PGresult *diff_at_head(const RevFiles *rf, const char *models, const char *command);

#include "fleet.h"

#endif							/* SCHEMAMIG_CLIENT_H */
