/*-------------------------------------------------------------------------
 *
 * src/autogen/names.c
 *	  Sets of names of any length, for the checks the comparison makes once
 *	  per object or definition (is this type, view or routine made again,
 *	  is this name taken): a hash table in the current memory context,
 *	  diff()'s, so that a schema of thousands of objects is not walked once
 *	  per object. And the words of printed text (an argument list, a
 *	  definition) looked up in such a set, in one pass over the text.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

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

/* Add key, standing for name (unless it is there already). */
void
autogen_name_set_add(HTAB *set, const char *key, const char *name)
{
	bool		found;
	NameSetEntry *e = hash_search(set, &key, HASH_ENTER, &found);

	if (!found)
	{
		e->key = pstrdup(key);
		e->name = name;
	}
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

/*
 * The length of the word at p: a quoted name, or a run of the characters
 * names are made of (a name quote_identifier() leaves unquoted among them).
 */
int
autogen_printed_name_len(const char *p)
{
	const char *q = p;

	if (*q == '"')
	{
		for (q++; *q; q++)
			if (*q == '"')
			{
				if (q[1] != '"')
					return q + 1 - p;
				q++;
			}
		return q - p;
	}
	while (isalnum((unsigned char) *q) || *q == '_' || *q == '$' || IS_HIGHBIT_SET(*q))
		q++;
	return q - p;
}

/* What the word of len bytes at w stands for in set (may be NULL), or NULL. */
const char *
autogen_word_in(HTAB *set, const char *w, int len)
{
	return len > 0 && set ? autogen_name_set_find(set, pnstrdup(w, len)) : NULL;
}

/*
 * Does text name a word of set (by name as printed) standing alone,
 * neither qualified nor a qualifier? With out, text is written to it, each
 * such word replaced by the name it stands for in set.
 */
bool
autogen_words_in(HTAB *set, const char *text, StringInfo out)
{
	bool		found = false;

	if (text == NULL || set == NULL)
	{
		if (out && text)
			appendStringInfoString(out, text);
		return false;
	}
	for (const char *p = text; *p;)
	{
		int			len = autogen_printed_name_len(p);
		const char *name;

		if (len == 0)
		{
			if (out)
				appendStringInfoChar(out, *p);
			p++;
			continue;
		}
		name = (p == text || p[-1] != '.') && p[len] != '.' ? autogen_word_in(set, p, len) : NULL;
		found |= name != NULL;
		if (found && !out)
			return true;
		if (out && name)
			appendStringInfoString(out, name);
		else if (out)
			appendBinaryStringInfo(out, p, len);
		p += len;
	}
	return found;
}
