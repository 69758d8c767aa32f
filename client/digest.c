/*-------------------------------------------------------------------------
 *
 * client/digest.c
 *	  The digest of the versions directory, computed as the server computes
 *	  it over the registered revisions (README, "The digest of the
 *	  revisions"), so that one call of schemamig.up_to_date() tells whether
 *	  there is anything to do.
 *
 * OpenSSL's SHA-256: libpq is built with OpenSSL, so it is there already.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "client.h"

/* Feed text to the hash with every CRLF turned into LF. */
static void
update_normalized(EVP_MD_CTX *ctx, const char *text)
{
	const char *start = text;

	for (const char *c = text; *c; c++)
	{
		if (c[0] == '\r' && c[1] == '\n')
		{
			EVP_DigestUpdate(ctx, start, c - start);
			start = c + 1;
		}
	}
	EVP_DigestUpdate(ctx, start, strlen(start));
}

/* Finish a hash into 64 lowercase hex digits. */
static void
final_hex(EVP_MD_CTX *ctx, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(ctx, md, &len) != 1)
		fail("SHA-256 failed");

	for (unsigned int i = 0; i < len; i++)
	{
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[2 * len] = '\0';
}

/*
 * A file's checksum, as schemamig.checksum(upgrade, downgrade) computes it:
 * SHA-256 of the upgrade SQL, then, when there is a downgrade section, a
 * zero byte and the downgrade SQL; CRLF read as LF. The files are taken to
 * be UTF-8 (as the offline script requires); any other bytes make the
 * digest differ from the server's, which only costs the full sync.
 */
static void
file_checksum(EVP_MD_CTX *ctx, const RevFile *f, char *hex)
{
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		fail("SHA-256 failed");
	update_normalized(ctx, f->upgrade);
	if (f->downgrade)
	{
		EVP_DigestUpdate(ctx, "", 1);
		update_normalized(ctx, f->downgrade);
	}
	final_hex(ctx, hex);
}

/* Feed a text and the zero byte that ends its field. */
static void
update_field(EVP_MD_CTX *ctx, const char *text)
{
	EVP_DigestUpdate(ctx, text, strlen(text) + 1);
}

/*
 * The digest of the files: SHA-256 over each file in byte order of id: its
 * id, its parents separated by one space, "t" or "f" for transactional, its
 * checksum and its message, each followed by a zero byte. Returned as 64
 * lowercase hex digits.
 */
char *
files_digest(const RevFiles *rf)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_MD_CTX *sum = EVP_MD_CTX_new();
	char		checksum[2 * EVP_MAX_MD_SIZE + 1];
	char	   *hex = xmalloc(2 * EVP_MAX_MD_SIZE + 1);

	if (ctx == NULL || sum == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		fail("SHA-256 failed");
	for (int i = 0; i < rf->n; i++)
	{
		const RevFile *f = &rf->files[rf->by_id[i]];

		update_field(ctx, f->id);
		for (int p = 0; p < f->nparents; p++)
		{
			if (p > 0)
				EVP_DigestUpdate(ctx, " ", 1);
			EVP_DigestUpdate(ctx, f->parents[p], strlen(f->parents[p]));
		}
		EVP_DigestUpdate(ctx, "", 1);
		update_field(ctx, f->transactional ? "t" : "f");
		file_checksum(sum, f, checksum);
		update_field(ctx, checksum);
		update_field(ctx, f->message);
	}
	final_hex(ctx, hex);
	EVP_MD_CTX_free(sum);
	EVP_MD_CTX_free(ctx);
	return hex;
}

/*
 * One round trip: is there nothing to do for these files, that is, are they
 * exactly the registered revisions, all applied (schemamig.up_to_date())?
 * The same statement sets client_min_messages, which db_connect_lean() left
 * out, and first sets schemamig.tenant (the materialized CTE runs before
 * the answer is computed): to --tenant's, whose answer comes from its own
 * state row, so the no-op costs a tenant one statement too, without
 * loading the graph; else to '', the database's own, whatever the role's or
 * the database's settings say (see connected()). Otherwise, or when the
 * server cannot say (an extension older than 0.5.0), the connection is set
 * up in full (the tenant selected and checked as every other command does)
 * and the caller does the full sync.
 */
bool
files_up_to_date(PGconn *conn, const RevFiles *rf)
{
	char	   *digest = files_digest(rf);
	const char *level = opt.verbosity > 0 ? "notice" : "warning";	/* see connected() */
	const char *params[3] = {digest, level, opt.tenant != NULL ? opt.tenant : ""};
	PGresult   *res;
	PGresult   *guard;
	PGresult   *extra;
	PGresult   *extra2;
	PGresult   *sync;
	bool		yes;

	/*
	 * After the guard that schema schemamig is the extension's, in the same
	 * round trip (a pipeline): when the guard fails, the server skips the
	 * statement, and no function of a look-alike schema runs
	 */
	if (PQenterPipelineMode(conn) != 1 ||
		PQsendQueryParams(conn, db_extension_guard, 0, NULL, NULL, NULL, NULL, 0) != 1 ||
		PQsendQueryParams(conn, "WITH s AS MATERIALIZED"
						  " (SELECT pg_catalog.set_config('schemamig.tenant', $3, false))"
						  " SELECT schemamig.up_to_date($1),"
						  " pg_catalog.set_config('client_min_messages', $2, false) FROM s",
						  3, NULL, params, NULL, NULL, 0) != 1 ||
		PQpipelineSync(conn) != 1)
		fail("could not send a query: %s", PQerrorMessage(conn));
	/* each query's result and the NULL after it, then the sync's */
	guard = PQgetResult(conn);
	extra = PQgetResult(conn);
	res = PQgetResult(conn);
	extra2 = PQgetResult(conn);
	sync = PQgetResult(conn);
	if (guard == NULL || extra != NULL || res == NULL || extra2 != NULL || sync == NULL ||
		PQresultStatus(sync) != PGRES_PIPELINE_SYNC || PQexitPipelineMode(conn) != 1)
		fail("unexpected results of the no-op's statements: %s", PQerrorMessage(conn));
	PQclear(sync);
	if (PQresultStatus(guard) != PGRES_TUPLES_OK)
		db_no_extension(guard);
	PQclear(guard);
	if (opt.verbosity > 1)
		fprintf(stderr, "schemamig: ran: SELECT schemamig.up_to_date(...) with the digest of %d files%s\n",
				rf->n, opt.tenant != NULL ? ", for the tenant" : "");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		PQclear(res);
		free(digest);
		PQclear(db_exec(conn, "SELECT pg_catalog.set_config('client_min_messages', $1, false),"
						" pg_catalog.set_config('schemamig.tenant', '', false)",
						1, params + 1));
		if (opt.tenant != NULL)
			tenant_select(conn);
		return false;
	}
	yes = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	free(digest);
	if (!yes && opt.tenant != NULL)
		tenant_select(conn);
	return yes;
}
