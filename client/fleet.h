/*-------------------------------------------------------------------------
 *
 * client/fleet.h
 *	  Many databases and many tenants from one command: --fleet FILE,
 *	  --all-tenants, --tenant NAME, -j N (fleet.c, tenants.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SCHEMAMIG_FLEET_H
#define SCHEMAMIG_FLEET_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "libpq-fe.h"

/* the most connections -j may ask for */
#define FLEET_MAX_JOBS 64

/* the longest tenant's name: a schema name, NAMEDATALEN - 1 bytes */
#define TENANT_NAME_MAXLEN 63

/*
 * One run of a command in a process of its own: on the database conninfo
 * (NULL: the one the options name) for tenant (NULL: the options' tenant).
 */
typedef struct FleetJob
{
	char	   *conninfo;
	const char *tenant;
	char	   *label;			/* what the output calls it */
	bool		garbled;		/* a URI libpq reads otherwise than written:
								 * its errors may quote the password */
	pid_t		pid;
	FILE	   *out;			/* the child's stdout and stderr */
	FILE	   *err;
	enum
	{
		JOB_OK, JOB_CURRENT, JOB_PENDING, JOB_FAILED
	}			result;
	char	   *error;			/* JOB_FAILED: why */
} FleetJob;

/* fleet.c */
extern int	fleet_jobs;
extern void fleet_fork_all(FleetJob *jobs, int n, const char *command, const char *arg, bool check);
extern void fleet_print_failed(const FleetJob *jobs, int n);
extern int	upgrade_applied;
extern bool fleet_child;
extern bool db_hide_connect_error;
extern const char *fleet_options(const char *command);
extern int	fleet_run(const char *command, const char *arg);
extern char *mask_conninfo(const char *conninfo);

/* tenants.c */
extern void tenant_select(PGconn *conn);
extern void tenant_check(PGconn *conn);
extern void tenant_require_check(PGconn *conn, PGresult *plan, int col);
extern int	tenants_run(const char *command, const char *arg);

#endif							/* SCHEMAMIG_FLEET_H */
