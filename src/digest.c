/*-------------------------------------------------------------------------
 *
 * src/digest.c
 *	  The digest of a set of registered revisions: one hash over what sync()
 *	  compares (ids, parents, transactional flags, checksums, messages).
 *
 * A client that holds the files computes the same digest from them (the
 * definition is in README, "The digest of the revisions"). The state row
 * keeps the digest of the registered revisions whenever it records that
 * nothing is pending (schemamig.state.synced, beside settled), so that
 * up_to_date(digest) answers "these files are exactly what is registered,
 * and nothing is pending" by reading one row: a container that runs
 * `schemamig upgrade` on every start pays one round trip, without the
 * graph being loaded or the files sent.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "schemamig.h"

/* Append text and the zero byte that ends a field. */
static void
append_field(StringInfo buf, const char *text)
{
	appendBinaryStringInfo(buf, text, strlen(text));
	appendStringInfoChar(buf, '\0');
}

/*
 * The digest of the graph's revisions, as 64 lowercase hex digits: the
 * SHA-256 of, for each revision in byte order of id, its id, its parents
 * separated by one space, "t" or "f" for transactional, its checksum and
 * its message in UTF-8, each followed by one zero byte. NULL when a
 * checksum is not known. Text holds no zero byte, so no two sets share an
 * input.
 */
char *
graph_digest(const MigGraph *graph)
{
	StringInfoData buf;
	bytea	   *hash;
	char	   *hex;

	initStringInfo(&buf);
	/* a bytea built in place: header first */
	appendStringInfoSpaces(&buf, VARHDRSZ);
	for (int i = 0; i < graph->nrevs; i++)
	{
		const MigRevision *rev = &graph->revs[graph->byid[i]];

		if (rev->checksum == NULL)
		{
			pfree(buf.data);
			return NULL;
		}
		append_field(&buf, rev->id);
		for (int p = 0; p < rev->nparents; p++)
		{
			if (p > 0)
				appendStringInfoChar(&buf, ' ');
			appendStringInfoString(&buf, rev->parent_ids[p]);
		}
		appendStringInfoChar(&buf, '\0');
		append_field(&buf, rev->transactional ? "t" : "f");
		append_field(&buf, rev->checksum);
		append_field(&buf, pg_server_to_any(rev->message, strlen(rev->message), PG_UTF8));
	}
	SET_VARSIZE(buf.data, buf.len);
	hash = DatumGetByteaPP(DirectFunctionCall1(sha256_bytea, PointerGetDatum(buf.data)));
	hex = palloc(2 * VARSIZE_ANY_EXHDR(hash) + 1);
	hex[hex_encode(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash), hex)] = '\0';
	pfree(buf.data);
	return hex;
}
