/*-------------------------------------------------------------------------
 *
 * schemamig.h
 *	  Declarations shared by the schemamig extension's source files.
 *
 * The revision graph is loaded into memory once per call (or taken from the
 * backend's cache when nothing changed), planned there, and only the SQL of
 * the revisions that actually run is read from the tables.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SCHEMAMIG_H
#define SCHEMAMIG_H

#include "postgres.h"

#include "compat.h"
#include "access/genam.h"
#include "catalog/objectaddress.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "nodes/pg_list.h"
#include "utils/tuplestore.h"

#define SCHEMAMIG_ID_MAXLEN 128

/* Does a list of C strings hold s? */
static inline bool
schemamig_string_in_list(List *strings, const char *s)
{
	ListCell   *lc;

	foreach(lc, strings)
	{
		if (strcmp(lfirst(lc), s) == 0)
			return true;
	}
	return false;
}

/* How many revisions' SQL is read with one query (catalog_plan_sql). */
#define SCHEMAMIG_SQL_BATCH 100

/* One registered revision, as the graph needs it (no SQL text). */
typedef struct MigRevision
{
	char	   *id;
	char	   *message;
	int64		seq;			/* registration order */
	bool		transactional;
	char	   *checksum;		/* of the SQL as it stands; NULL if unknown */
	char	   *author;			/* role whose privileges the SQL runs with */
	int			nparents;
	char	  **parent_ids;		/* as stored */
	int		   *parents;		/* indexes into graph->revs; -1 if missing */
	int			nchildren;

	/* applied state; the rest is meaningful only when applied is true */
	bool		applied;
	bool		changed;		/* applied, but its SQL's checksum differs */
	int64		applied_seq;
	TimestampTz applied_at;
	char	   *applied_by;
	Interval	duration;
} MigRevision;

typedef struct MigGraph
{
	int			nrevs;
	int			capacity;		/* allocated length of the arrays */
	MigRevision *revs;			/* in registration order */
	int		   *order;			/* apply order, as indexes into revs */
	int		   *byid;			/* indexes into revs, sorted by id */
	int			napplied;
	int		   *applied_order;	/* applied indexes, oldest first */
	int			nmissing;		/* parents that name no revision */
	bool		cyclic;			/* parents form a cycle (edited tables) */
	int			ncyclic;		/* how many, listed last in order */
	List	   *orphans;		/* ids applied but not registered */
	MemoryContext applied_cxt;	/* holds the applied state (a child of the
								 * graph's context) */
	int64		generation;		/* the graph's generation its revisions are
								 * those of (catalog_graph sets it) */
	bool		digest_known;	/* digest below computed for these revisions */
	char	   *digest;			/* graph_digest(), once asked for; any
								 * change to the revisions forgets it */
} MigGraph;

/* One line of verify(). */
typedef struct MigProblem
{
	const char *revision;
	char	   *problem;
} MigProblem;

/* What a target string for upgrade() or pending() asks for. */
typedef enum MigTargetKind
{
	TARGET_HEAD,				/* 'head': the single head */
	TARGET_HEADS,				/* 'heads': every head */
	TARGET_BASE,				/* 'base': before any revision */
	TARGET_RELATIVE,			/* '+N' */
	TARGET_REVISION				/* a revision id */
} MigTargetKind;

/* Which targets a function takes. */
typedef enum MigTargetSet
{
	TARGETS_UPGRADE,			/* head, heads, base, +N, id */
	TARGETS_STAMP,				/* head, heads, base, id */
	TARGETS_DOWNGRADE			/* base, id */
} MigTargetSet;

typedef struct MigTarget
{
	MigTargetKind kind;
	int64		count;			/* TARGET_RELATIVE */
	const char *id;				/* TARGET_REVISION */
} MigTarget;

/* A revision's SQL, as catalog_read_sql() reads it. */
typedef struct RevisionSql
{
	char	   *id;
	char	   *upgrade;
	char	   *downgrade;		/* NULL: irreversible */
	char	   *author;			/* as the same row says */
} RevisionSql;

/* Reads the SQL of a plan's revisions, a batch at a time (catalog_write.c). */
typedef struct PlanSql
{
	const MigGraph *graph;
	List	   *plan;
	MemoryContext cxt;			/* holds the current batch */
	RevisionSql *batch;
} PlanSql;

/* One statement of a revision's SQL, as revsql_split() finds it. */
typedef struct RevStatement
{
	char	   *text;
	int			number;			/* 1-based, within the revision */
	int			line;			/* 1-based line where it begins */
	int			start;			/* where text begins in the SQL split */
	Node	   *raw;			/* its raw parse tree (locations in that SQL) */
} RevStatement;

/* graph.c */
extern int	schemamig_topo_sort(int n, const int *npreds, int *const *preds,
								int *out);
extern MigGraph *graph_build(MigRevision *revs, int nrevs);
extern void graph_mark_applied(MigGraph *graph);
extern void graph_clear_applied(MigGraph *graph);
extern int	graph_find(const MigGraph *graph, const char *id);
extern char *graph_revision_label(const MigRevision *rev);
extern bool graph_append(MigGraph *graph, const char *id, const char *message,
						 List *parents, bool transactional, const char *author,
						 const char *checksum);
extern void graph_mark_one_applied(MigGraph *graph, int i, TimestampTz at,
								   const char *by, const Interval *duration);
extern void graph_mark_one_reverted(MigGraph *graph, int i);
extern List *graph_problems(const MigGraph *graph);
extern List *graph_verify_problems(const MigGraph *graph);
extern void graph_require_verified(const MigGraph *graph, const char *fname);
extern List *graph_heads(const MigGraph *graph);
extern List *graph_current(const MigGraph *graph);
extern bool *graph_ancestors(const MigGraph *graph, List *roots);
extern void graph_require_consistent(const MigGraph *graph);
extern void graph_require_edit_consistent(const MigGraph *graph);
extern char *graph_cyclic_ids(const MigGraph *graph);
extern bool graph_settled(const MigGraph *graph);

/* guards.c */
extern List *guards_problems(void);

/* guards_watch.c */
extern void guards_watch_init(void);
extern void guards_watch_begin(void);
extern void guards_watch_end(const MigRevision *rev, CommandId since);

/* digest.c */
extern char *graph_digest(const MigGraph *graph);

/* plan.c */
extern bool plan_id_is_valid(const char *id);
extern void plan_check_id(const char *id, const char *what);
extern MigTarget plan_parse_target(const char *target, MigTargetSet allowed,
							  const char *what);
extern int	plan_single_head(const MigGraph *graph, const char *purpose,
						const char *hint);
extern int	plan_find_target(const MigGraph *graph, const char *id);
extern List *plan_upgrade(const MigGraph *graph, const MigTarget *target);
extern List *plan_downgrade_n(const MigGraph *graph, int n);
extern List *plan_downgrade_to(const MigGraph *graph, const MigTarget *target);
extern void plan_require_transactional(const MigGraph *graph, List *plan,
									   bool upgrade);

/* catalog_lock.c */
extern void catalog_lock_init(void);
extern void catalog_lock(void);
extern void catalog_lock_registry(void);
extern void catalog_lock_tenant(const char *tenant);

/* catalog_tenant.c */
typedef struct CatalogTenant
{
	char	   *name;
	bool		settled;		/* nothing pending for upgrade('head') */
} CatalogTenant;
extern void catalog_tenant_init(void);
extern const char *catalog_tenant(void);
extern const char *catalog_set_tenant(const char *tenant);
extern bool catalog_tenant_exists(const char *tenant);
extern void catalog_insert_tenant(const char *tenant);
extern bool catalog_tenant_has_applied(const char *tenant);
extern void catalog_delete_tenant(const char *tenant);
extern List *catalog_tenant_list(Datum names, bool names_null);

/* catalog_shape.c */
extern const char *const schemamig_tables[4];
extern void catalog_shape_init(void);
extern void catalog_require_shape(void);

/* catalog_query.c */
extern bool schemamig_bookkeeping;
extern void schemamig_without_jit(void);
extern void schemamig_rethrow_dropped(const char *message, const char *hint);

/* catalog_cache.c */
extern void catalog_cache_init(void);
extern MigGraph *catalog_graph(bool may_cache);
extern MigGraph *catalog_revisions(void);
extern void catalog_forget_cache(void);
extern void catalog_changed(MigGraph *in_step);
extern void catalog_registered(MigGraph *in_step);
extern bool catalog_settled(void);
extern bool catalog_settled_reading(int64 *at);
extern void catalog_settle(MigGraph *graph);

/* catalog_write.c */
extern void catalog_insert_revision(const char *id, Datum parents,
									const char *message, const char *upgrade,
									const char *downgrade, bool transactional);
extern void catalog_require_reversible(const MigGraph *graph, List *plan);
extern void catalog_require_unchanged(const MigGraph *graph, List *plan);
extern bool catalog_has_downgrade(const char *id);
extern void catalog_record_applied(const char *id, TimestampTz started,
								   Interval *duration, const char *checksum);
extern void catalog_forget_applied(const char *id, TimestampTz started,
								   Interval *duration);
extern int	catalog_stamp(List *add, List *remove);
extern void catalog_remove_revision(const char *id);
extern void catalog_require_revision_written(const char *id, const char *what);
extern bool catalog_is_applied(const char *id);
extern bool catalog_any_applied(void);
extern void catalog_plan_sql_init(PlanSql *r, const MigGraph *graph, List *plan);
extern const RevisionSql *catalog_plan_sql(PlanSql *r, int k);
extern void catalog_plan_sql_end(PlanSql *r);

/* lint/statements.c */
extern List *lint_statement_relations(Node *raw);

/* readers.c */
extern Tuplestorestate *schemamig_result_set(FunctionCallInfo fcinfo,
											 TupleDesc *desc);

/* revsql.c */
extern void revsql_standard_strings(void);
extern List *revsql_parse(const char *sql);
extern List *revsql_split(const char *sql, const char *what);
extern List *revsql_string_constants(const char *sql, List **offsets);
extern char *revsql_checksum(const char *upgrade, const char *downgrade);

/* trust.c */
/* What makes a tenant's schema unsafe for a role (trust_schema()). */
typedef struct TrustFinding
{
	Oid			other;			/* the role without its privileges, unless public */
	bool		public;			/* PUBLIC may do it */
	ObjectAddress planted;		/* the object it owns (or holds a grant on), if that is why */
	bool		granted;		/* it may add a trigger or foreign key to planted */
	const char *unseen;			/* why what planted (a foreign table) reads is not known */
} TrustFinding;
extern bool trust_schema(Oid nspoid, Oid role, TrustFinding *found);
extern SysScanDesc trust_depend_scan(Relation depend, bool referenced, Oid classid, Oid objid);

/* session_links.c */
extern void session_links_init(void);
extern void session_links_run(bool refuse, void (*fn) (void *), void *arg);
extern List *session_links_paths(void);
extern void session_links_run_as(bool refuse, Oid role, List *paths,
								 void (*fn) (void *), void *arg);

/* execute.c */
extern const MigRevision *schemamig_running_revision;
extern bool execute_set_quiet(bool value);
extern void execute_tenant_search_path(const char *tenant, bool require_trusted);
extern void execute_require_tenant_path(const char *tenant);
extern void execute_require_authors(const MigGraph *graph, List *plan,
									bool upgrade);
extern bool execute_written_since(HeapTuple tup, CommandId since);
typedef struct StatementObserver
{
	void		(*before) (const MigRevision *rev, const RevStatement *stmt, void *arg);
	void		(*after) (const MigRevision *rev, const RevStatement *stmt, void *arg);
	void	   *arg;
} StatementObserver;
extern void execute_below_subtransaction(void (*fn) (void *), void *arg);
extern int	execute_plan(MigGraph *graph, List *plan, bool upgrade,
						 const StatementObserver *observer);

/* migrate.c */
extern bool schemamig_can_commit(FunctionCallInfo fcinfo);

/* functions.c */
extern int	schemamig_apply_upgrade(const MigTarget *target);
extern char *schemamig_register_revision(const char *id, const char *message,
										 const char *upgrade,
										 const char *downgrade);

/* calls.c */
extern bool schemamig_call_active;
typedef void (*CallBody) (void *arg);
extern void calls_refuse_nested(const char *fname);
extern void calls_guarded(const char *fname, CallBody body, void *arg);
extern void calls_locked(const char *fname, CallBody body, void *arg);
extern void calls_registering(const char *fname, CallBody body, void *arg);
extern ErrorData *schemamig_subtransaction(void (*fn) (void *), void *arg,
										   bool keep);
extern void schemamig_rethrow_call_ending(ErrorData *edata);

/* args.c */
extern void schemamig_require_arg(FunctionCallInfo fcinfo, int argno, const char *fname,
						const char *argname);
extern Datum schemamig_text_array(List *strings);
extern char *schemamig_arg_text(FunctionCallInfo fcinfo, int argno, const char *fname,
					const char *argname);
extern bool schemamig_reserved_schema(const char *name);

/* session.c: user SQL run so that nothing of it stays */
typedef struct SessionMark SessionMark;
extern SessionMark *schemamig_session_mark(void);
extern void schemamig_session_restore(SessionMark *m);
extern ErrorData *schemamig_rolled_back(void (*fn) (void *), void *arg,
										 SessionMark **mark);

#endif							/* SCHEMAMIG_H */
