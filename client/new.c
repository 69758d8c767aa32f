/*-------------------------------------------------------------------------
 *
 * client/new.c
 *	  schemamig new: a new migration file, its parent the current head file,
 *	  its sections placeholders or, with --autogenerate, what diff() writes.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/* new -m MESSAGE [--empty], new -m MESSAGE --autogenerate [MODELS] */
int
cmd_new(const char *arg)
{
	const char *models = arg ? arg : default_models();
	RevFiles	rf = {0};
	int		   *heads;
	int			nheads;
	char	   *parents[1];
	PGresult   *diff = NULL;
	const char *upgrade = NULL;
	const char *downgrade = NULL;
	char	   *path;

	if (opt.message == NULL)
		usage_fail("new needs -m MESSAGE");
	if (arg && !opt.autogenerate)
		usage_fail("new takes a models file only with --autogenerate");
	if (opt.autogenerate && opt.empty)
		usage_fail("new takes --empty or --autogenerate, not both");
	if (access(opt.dir, F_OK) == 0)
		rf = load_files(opt.dir);
	else
		rf.n = 0;
	file_heads(&rf, &heads, &nheads);
	if (nheads > 1)
		fail("%s has %d heads (%s, %s%s): write a merge revision by hand, with every head as parent",
			 opt.dir, nheads, rf.files[heads[0]].id, rf.files[heads[1]].id, nheads > 2 ? ", ..." : "");
	if (nheads == 1)
		parents[0] = rf.files[heads[0]].id;
	if (opt.autogenerate)
	{
		diff = diff_at_head(&rf, models, "new --autogenerate");
		upgrade = PQntuples(diff) > 0 && !PQgetisnull(diff, 0, 0) ? PQgetvalue(diff, 0, 0) : "";
		downgrade = PQntuples(diff) > 0 && !PQgetisnull(diff, 0, 1) ? PQgetvalue(diff, 0, 1) : "";
		if (upgrade[0] == '\0')
			fail("no difference: the database at head matches %s; no file was written", models);
	}
	path = write_new_file(opt.dir, opt.message, parents, nheads, !opt.empty, upgrade, downgrade);
	printf("%s\n", shown(path));
	if (diff != NULL)
	{
		print_destructive("upgrade", upgrade, true);
		print_destructive("downgrade", downgrade, true);
		PQclear(diff);
	}
	return 0;
}
