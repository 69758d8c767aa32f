/*-------------------------------------------------------------------------
 *
 * src/autogen/names.c
 *	  Sets of names of any length, for the checks the comparison makes once
 *	  per object or definition (is this type, view or routine made again,
 *	  is this name taken): a hash table in the current memory context,
 *	  diff()'s, so that a schema of thousands of objects is not walked once
 *	  per object.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"

#include "compare.h"

/* An entry of a set of names: the key, and the name it stands for. */
typedef struct NameSetEntry
{
	const char *key;
	const char *name;
} NameSetEntry;

static uint32
name_set_hash(const void *key, Size keysize)
{
	const char *s = *(const char *const *) key;

	return hash_bytes((const unsigned char *) s, strlen(s));
}

static int
name_set_match(const void *key1, const void *key2, Size keysize)
{
	return strcmp(*(const char *const *) key1, *(const char *const *) key2);
}

/*
 * A set of names of any length (a hash table in the current memory
 * context, diff()'s), for the checks made once per object or definition:
 * a name as printed or as read, or a routine's identity, and the name it
 * stands for.
 */
HTAB *
autogen_name_set(const char *what)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(char *);
	ctl.entrysize = sizeof(NameSetEntry);
	ctl.hash = name_set_hash;
	ctl.match = name_set_match;
	ctl.hcxt = CurrentMemoryContext;
	return hash_create(what, 64, &ctl, HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
}

/* Add key (standing for name); the name it already stood for, or name. */
const char *
autogen_name_set_add(HTAB *set, const char *key, const char *name)
{
	bool		found;
	NameSetEntry *e = hash_search(set, &key, HASH_ENTER, &found);

	if (!found)
	{
		e->key = pstrdup(key);
		e->name = name;
	}
	return e->name;
}

/* The name key stands for in set (which may be NULL), or NULL. */
const char *
autogen_name_set_find(HTAB *set, const char *key)
{
	NameSetEntry *e;

	if (set == NULL)
		return NULL;
	e = hash_search(set, &key, HASH_FIND, NULL);
	return e ? e->name : NULL;
}
