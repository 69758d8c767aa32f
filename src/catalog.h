/*-------------------------------------------------------------------------
 *
 * src/catalog.h
 *	  What the files of the catalog layer (catalog_*.c) share among
 *	  themselves: the saved-query runner and the version of the tables.
 *
 * The rest of the extension sees only the catalog_* functions declared in
 * schemamig.h; these are the layer's own.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SCHEMAMIG_CATALOG_H
#define SCHEMAMIG_CATALOG_H

#include "executor/spi.h"
#include "utils/snapshot.h"

#include "schemamig.h"

/* A query of ours, planned once per backend and kept. */
typedef struct CatalogQuery
{
	const char *sql;
	int			nargs;
	Oid			argtypes[8];
	SPIPlanPtr	plan;
} CatalogQuery;

/* catalog_query.c */
extern Oid	catalog_relid(const char *relname);
extern void catalog_run_query_at(CatalogQuery *q, Datum *values,
								 const char *nulls, int expected, long tcount,
								 Snapshot snapshot);
extern void catalog_run_query(CatalogQuery *q, Datum *values,
							  const char *nulls, int expected, long tcount);
typedef void (*CatalogRowFn) (Datum *values, bool *nulls, void *arg);
extern void catalog_scan_query_at(CatalogQuery *q, Datum *values,
								  const char *nulls, Snapshot snapshot,
								  CatalogRowFn fn, void *arg);
extern Datum catalog_caller_name(void);
extern void catalog_require_written(uint64 processed, const char *table, const char *message);
extern char *catalog_text_column(HeapTuple tuple, TupleDesc desc, int col,
								 bool *isnull);

/*
 * catalog_compat.c: the queries whose text depends on the version of the
 * tables installed (ALTER EXTENSION UPDATE may not have run yet).
 */
typedef enum CatalogCompatQuery
{
	CQ_GENERATION,
	CQ_SET_GENERATION,
	CQ_SET_SETTLED,
	CQ_SETTLED,
	CQ_SYNCED,
	CQ_REVISIONS,
	CQ_SQL,
	CQ_APPLIED,
	CQ_CHANGED,
	CQ_INSERT_REVISION,
	CQ_INSERT_APPLIED,
	CQ_DELETE_APPLIED,
	CQ_STAMP_ADD,
	CQ_STAMP_REMOVE,
	CQ_COUNT
} CatalogCompatQuery;

extern int	catalog_tables_version(void);
extern CatalogQuery *catalog_compat_query(CatalogCompatQuery which);

/* catalog_cache.c */
typedef struct CatalogGenerations
{
	int64		graph;			/* the default tenant's row */
	int64		tenant;			/* the tenant's own row (the same for '') */
} CatalogGenerations;
extern CatalogGenerations catalog_read_generations(Snapshot snapshot,
												   const char *tenant);
extern Datum catalog_name_datum(const char *name);

#endif							/* SCHEMAMIG_CATALOG_H */
