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

#include "libpq-fe.h"

/* the most connections -j may ask for */
#define FLEET_MAX_JOBS 64

/* fleet.c */
extern int	fleet_jobs;
extern int	upgrade_applied;
extern const char *fleet_options(const char *command);
extern int	fleet_run(const char *command, const char *arg);
extern char *mask_conninfo(const char *conninfo);

/* tenants.c */
extern void tenant_select(PGconn *conn);
extern int	tenants_run(const char *command, const char *arg);

#endif							/* SCHEMAMIG_FLEET_H */
