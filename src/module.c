/*-------------------------------------------------------------------------
 *
 * src/module.c
 *	  The module's load-time setup: each file that has settings, hooks or
 *	  transaction callbacks registers them itself, called from here.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "schemamig.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Let each part register its settings and callbacks; reserve the prefix. */
void
_PG_init(void)
{
	catalog_lock_init();
	catalog_tenant_init();
	catalog_cache_init();
	catalog_shape_init();
	guards_watch_init();
	session_links_init();
	MarkGUCPrefixReserved("schemamig");
}
