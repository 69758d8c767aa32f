/*-------------------------------------------------------------------------
 *
 * client/files.c
 *	  Migration files: reading and checking a versions directory, ordering
 *	  it by the revision graph, and writing a new file.
 *
 * A file is plain SQL a person can review:
 *
 *	-- schemamig revision: 3f2a9c1d0b7e
 *	-- parents: 1a2b3c4d5e6f
 *	-- message: add users
 *	-- no-transaction              (optional)
 *
 *	-- schemamig:upgrade
 *	CREATE TABLE users (...);
 *
 *	-- schemamig:downgrade         (optional: without it, irreversible)
 *	DROP TABLE users;
 *
 * Every error names the file and line, and is found before anything is
 * sent to a server.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"

#define UPGRADE_MARKER "-- schemamig:upgrade"
#define DOWNGRADE_MARKER "-- schemamig:downgrade"

static bool
valid_id(const char *id)
{
	size_t		len = strlen(id);

	if (len == 0 || len > 128 || strcmp(id, "head") == 0 ||
		strcmp(id, "heads") == 0 || strcmp(id, "base") == 0)
		return false;
	for (const char *c = id; *c; c++)
	{
		if (!isalnum((unsigned char) *c) && *c != '_' && *c != '.' && *c != '-')
			return false;
	}
	return true;
}

/*
 * A target as the server's functions parse it (plan_parse_target() in
 * src/plan.c); anything else is a usage error (exit 2), as a count that is
 * no number is, where the server's refusal (22023) was a failure (exit 1).
 */
void
require_target(const char *command, const char *target, TargetKind kind)
{
	bool		named = kind != TARGET_DOWNGRADE;
	/* the digits of +N, leading zeros left out */
	const char *digits = target + 1 + strspn(target + 1, "0");

	if (strcmp(target, "base") == 0 || valid_id(target) ||
		(named && (strcmp(target, "head") == 0 || strcmp(target, "heads") == 0)))
		return;
	/* +N: N from 0 to 2147483647, the server's integer */
	if (kind == TARGET_UPGRADE && target[0] == '+' && target[1] != '\0' &&
		strspn(digits, "0123456789") == strlen(digits) &&
		(strlen(digits) < 10 || (strlen(digits) == 10 && strcmp(digits, "2147483647") <= 0)))
		return;
	usage_fail("%s: \"%s\" is not a target: %s", command, target,
			   kind == TARGET_UPGRADE ? "head, heads, base, +N or a revision id" :
			   kind == TARGET_STAMP ? "head, heads, base or a revision id" :
			   "base or a revision id");
}

/* What reading one file gave: its text, or what failed and errno. */
typedef enum ReadFailure
{
	READ_OK,
	READ_OPEN,
	READ_STAT,
	READ_NOT_REGULAR,
	READ_READ,
	READ_ZERO_BYTE,
	READ_TOO_LARGE,
	READ_NO_MEMORY,
	READ_LINK_UNRESOLVED,
	READ_LINK_OUTSIDE
} ReadFailure;

typedef struct FileText
{
	char	   *text;			/* NULL unless READ_OK */
	ReadFailure failure;
	int			err;			/* errno, for READ_OPEN, READ_STAT and
								 * READ_LINK_UNRESOLVED */
	char	   *link;			/* what a symbolic link says, or NULL */
} FileText;

/*
 * The largest file read: a server's text value and query hold at most 1 GB,
 * so a larger file could never be registered, and the limit keeps a huge
 * file from taking the machine's memory.
 */
#define MAX_FILE_SIZE ((size_t) 0x3fffffff)

/* Where files are read into, reused from file to file (one per thread). */
typedef struct ReadBuffer
{
	char	   *buf;
	size_t		size;
} ReadBuffer;

/* A versions directory being read. */
typedef struct VersionsDir
{
	int			fd;				/* open */
	size_t		pathlen;		/* the length of the path that names it */
	const char *real;			/* that path, its symbolic links resolved */
} VersionsDir;

static FileText read_text(int dirfd, const char *name, bool nofollow, bool regular, ReadBuffer *rb);
static char *text_or_fail(FileText ft, const char *path, bool models);

/*
 * Read a migration file (or, with models, a models file) whole. Only a
 * regular file (or a link to one): a FIFO would block forever and a
 * directory has no length, so either is an error naming it. O_NONBLOCK
 * keeps the open itself from blocking on a FIFO. The path is the one the
 * user gave, so a symbolic link is followed wherever it leads; the files
 * of a versions directory are read by read_entry(), which does not.
 */
char *
read_file(const char *path, bool models)
{
	ReadBuffer	rb = {NULL, 0};
	FileText	ft = read_text(AT_FDCWD, path, false, false, &rb);

	free(rb.buf);
	return text_or_fail(ft, path, models);
}

/*
 * read_file()'s reading of name in the directory open as dirfd (AT_FDCWD:
 * the current one), which fails nothing itself: what went wrong comes back
 * for text_or_fail() to say, so that a file read ahead on another thread
 * (see load_files()) is reported where the files' order reaches it.
 * Opening relative to the directory spares the kernel the walk of the
 * directory's path for each of 10,000 files, and each system call counts
 * there: on a virtual machine the four a file takes (open, fstat, read,
 * close) are most of a large directory's load. So when the directory said
 * the name is a regular file (regular), fstat is skipped and a read
 * shorter than asked for is the end of the file, as it is for a regular
 * file. Should the name have become something else since, a read that
 * fills the buffer calls fstat before the buffer grows, so a FIFO or a
 * device (/dev/zero) fed without end is refused after one buffer, not read
 * until memory runs out; O_NONBLOCK keeps a FIFO from blocking, and a
 * directory fails its read. Nor is a file larger than MAX_FILE_SIZE read.
 * With nofollow a symbolic link is not opened (ELOOP; see read_entry()).
 */
static FileText
read_text(int dirfd, const char *name, bool nofollow, bool regular, ReadBuffer *rb)
{
	int			fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
	FileText	ft = {NULL, READ_OK, 0, NULL};
	struct stat st;
	size_t		len = 0;
	bool		sized = false;	/* fstat said it is a regular file ... */
	size_t		want = 0;		/* ... of this size: read exactly that */

	if (fd < 0)
		return (FileText) {NULL, READ_OPEN, errno, NULL};
	while (ft.failure == READ_OK)
	{
		size_t		room;
		ssize_t		got;

		if (!sized && (!regular || (rb->size > 0 && len == rb->size - 1)))
		{
			sized = true;
			if (fstat(fd, &st) != 0)
				ft = (FileText) {NULL, READ_STAT, errno, NULL};
			else if (!S_ISREG(st.st_mode))
				ft.failure = READ_NOT_REGULAR;
			else if ((uintmax_t) st.st_size > MAX_FILE_SIZE)
				ft.failure = READ_TOO_LARGE;
			else if ((size_t) st.st_size < len)
				ft.failure = READ_READ; /* it shrank while read */
			else
				want = st.st_size;
			continue;
		}
		if (sized && len == want)
			break;				/* all of what fstat said is there */
		if (rb->size < (sized ? want : len + 1) + 1)
		{
			size_t		size = rb->size < 4096 ? 8192 : rb->size * 2;
			char	   *more;

			if (size < want + 1)
				size = want + 1;
			more = realloc(rb->buf, size);
			if (more == NULL)
			{
				ft.failure = READ_NO_MEMORY;
				break;
			}
			rb->buf = more;
			rb->size = size;
		}
		room = (sized ? want : rb->size - 1) - len;
		got = read(fd, rb->buf + len, room);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || (got == 0 && sized))
			ft.failure = READ_READ;
		else
		{
			len += got;
			if (!sized && (size_t) got < room)
				break;			/* a short read: the end of the file */
		}
	}
	close(fd);
	/* an empty file read first leaves the buffer unallocated */
	if (ft.failure == READ_OK && len > 0 && memchr(rb->buf, '\0', len))
		ft.failure = READ_ZERO_BYTE;
	if (ft.failure == READ_OK)
	{
		/* a copy of its own size: 10,000 texts kept at once stay small */
		ft.text = malloc(len + 1);
		if (ft.text == NULL)
			return (FileText) {NULL, READ_NO_MEMORY, 0, NULL};
		if (len > 0)
			memcpy(ft.text, rb->buf, len);
		ft.text[len] = '\0';
	}
	return ft;
}

/*
 * What the symbolic link name in the directory open as dirfd says, in
 * memory of its own; NULL when out of memory, "" when it cannot be read.
 */
static char *
link_text(int dirfd, const char *name)
{
	for (size_t size = 256;; size *= 2)
	{
		char	   *buf = malloc(size);
		ssize_t		n;

		if (buf == NULL)
			return NULL;
		n = readlinkat(dirfd, name, buf, size);
		if (n < 0)
			n = 0;
		if ((size_t) n < size)
		{
			buf[n] = '\0';
			return buf;
		}
		free(buf);
	}
}

/*
 * Read the versions directory's entry path (its name after the
 * directory's path and '/'). A symbolic link is read only when it leads,
 * every link on the way resolved, to a regular file below the directory:
 * the files' author may not be the client's user, and a link to another
 * project's migration or to a file of the client's machine (/etc/...,
 * /dev/zero, a FIFO, a loop of links) is refused, naming what it says,
 * before anything is sent to a server. Another process that changes the
 * directory's tree while it is read could still swap a directory of the
 * resolved path for a link; the file's author, whose files come out of
 * git, cannot.
 */
static FileText
read_entry(const VersionsDir *vd, const char *path, bool regular, ReadBuffer *rb)
{
	const char *name = path + vd->pathlen + 1;
	FileText	ft = read_text(vd->fd, name, true, regular, rb);
	size_t		n = strlen(vd->real);
	char	   *link;
	char	   *real;

	if (ft.failure != READ_OPEN || ft.err != ELOOP)
		return ft;
	link = link_text(vd->fd, name);
	if (link == NULL)
		return (FileText) {NULL, READ_NO_MEMORY, 0, NULL};
	real = realpath(path, NULL);
	if (real == NULL)
		return (FileText) {NULL, READ_LINK_UNRESOLVED, errno, link};
	/* the directory or below it: its path, then '/' (the root's ends with one) */
	if (strncmp(real, vd->real, n) != 0 ||
		(real[n] != '/' && real[n] != '\0' && !(n > 0 && vd->real[n - 1] == '/')))
		ft = (FileText) {NULL, READ_LINK_OUTSIDE, 0, NULL};
	else
		ft = read_text(AT_FDCWD, real, true, false, rb);
	free(real);
	ft.link = link;
	return ft;
}

/* A file's text, or the error that names the file (path) and says why. */
static char *
text_or_fail(FileText ft, const char *path, bool models)
{
	switch (ft.failure)
	{
		case READ_OK:
			break;
		case READ_OPEN:
			fail("could not open \"%s\": %s", path, strerror(ft.err));
			break;
		case READ_STAT:
			fail("could not stat \"%s\": %s", path, strerror(ft.err));
			break;
		case READ_NOT_REGULAR:
			if (ft.link)
				fail("%s: a symbolic link to \"%s\", which is not a regular file; "
					 "a versions directory holds only migration files named *.sql", path, ft.link);
			fail("%s: not a regular file%s", path,
				 models ? "" : "; a versions directory holds only migration files named *.sql");
			break;
		case READ_READ:
			fail("could not read \"%s\"", path);
			break;
		case READ_ZERO_BYTE:
			fail("%s: the file holds a zero byte", path);
			break;
		case READ_TOO_LARGE:
			fail("%s: larger than 1 GB, the most a server's text holds", path);
			break;
		case READ_NO_MEMORY:
			fail("out of memory");
			break;
		case READ_LINK_UNRESOLVED:
			fail("%s: a symbolic link to \"%s\", which leads to no file: %s", path, ft.link, strerror(ft.err));
			break;
		case READ_LINK_OUTSIDE:
			fail("%s: a symbolic link to \"%s\", outside the versions directory; "
				 "a link there may lead only to a file below the directory: copy the file in instead",
				 path, ft.link);
			break;
	}
	free(ft.link);
	return ft.text;
}

/*
 * The first control character of s (tab allowed), or NULL. Messages and
 * paths reach terminals and comments of the offline script: a carriage
 * return or a line feed there could end a comment and start a psql
 * meta-command, an escape sequence could rewrite the terminal.
 */
static const char *
control_char(const char *s)
{
	for (; *s; s++)
	{
		if ((((unsigned char) *s < 0x20) && *s != '\t') || *s == 0x7f)
			return s;
	}
	return NULL;
}

/*
 * The section text: its lines, without blank lines at either end. *first
 * is where it starts in the file's text (after the blank lines dropped).
 */
static char *
section(const char *start, const char *end, const char **first)
{
	const char *s = start;
	const char *e = end;

	/* drop leading blank lines, keep the first line's indentation */
	for (;;)
	{
		const char *nl = memchr(s, '\n', e - s);
		const char *p = s;

		while (p < (nl ? nl : e) && isspace((unsigned char) *p))
			p++;
		if (nl && p == nl)
			s = nl + 1;
		else
			break;
	}
	while (e > s && isspace((unsigned char) e[-1]))
		e--;
	*first = s;
	return xstrndup(s, e - s);
}

/* The number of the line at pos in text, counted from 1. */
static int
line_at(const char *text, const char *pos)
{
	int			line = 1;

	for (const char *c = text; c < pos; c++)
		line += *c == '\n';
	return line;
}

/* Is the text [s, e) exactly word? */
static bool
span_is(const char *s, const char *e, const char *word)
{
	size_t		n = strlen(word);

	return (size_t) (e - s) == n && memcmp(s, word, n) == 0;
}

/*
 * The line that starts at line, without white space at either end, as
 * [*t, *te); returns where the next line starts (the NUL after the last).
 */
static const char *
trimmed_line(const char *line, const char **t, const char **te)
{
	const char *nl = strchr(line, '\n');
	const char *s = line;
	const char *e = nl ? nl : line + strlen(line);
	const char *next = nl ? nl + 1 : e;

	while (s < e && isspace((unsigned char) *s))
		s++;
	while (e > s && isspace((unsigned char) e[-1]))
		e--;
	*t = s;
	*te = e;
	return next;
}

/*
 * Does SQL (NULL: none) hold a line that the file's reader would take for
 * a section marker? Written into a new file, it would end the section.
 */
static bool
holds_marker(const char *sql)
{
	for (const char *line = sql; line && *line;)
	{
		const char *t;
		const char *te;

		line = trimmed_line(line, &t, &te);
		if (span_is(t, te, UPGRADE_MARKER) || span_is(t, te, DOWNGRADE_MARKER))
			return true;
	}
	return false;
}

/* Does the text [s, e) start with prefix? */
static bool
span_starts(const char *s, const char *e, const char *prefix)
{
	size_t		n = strlen(prefix);

	return (size_t) (e - s) >= n && memcmp(s, prefix, n) == 0;
}

/* A copy of the text [s, e) without white space at either end. */
static char *
span_trimmed(const char *s, const char *e)
{
	while (s < e && isspace((unsigned char) *s))
		s++;
	while (e > s && isspace((unsigned char) e[-1]))
		e--;
	return xstrndup(s, e - s);
}

/* qsort_r's comparison of two indexes of names (arg) by name, ties by index */
static int
cmp_index_by_name(const void *a, const void *b, void *arg)
{
	char	  **names = arg;
	int			i = *(const int *) a;
	int			j = *(const int *) b;
	int			c = strcmp(names[i], names[j]);

	return c != 0 ? c : (i > j) - (i < j);
}

/*
 * The first of n names that repeats one before it, or NULL. Sorted, not
 * compared pair by pair: a parents line of 200,000 ids took minutes.
 */
static const char *
repeated_parent(char **names, int n)
{
	int		   *order;
	int			first = -1;		/* the index of the first repeat */

	if (n < 2)
		return NULL;
	order = xmalloc(sizeof(int) * n);
	for (int i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(int), cmp_index_by_name, names);
	/* a name's second place, in index order, is where it first repeats */
	for (int i = 1; i < n; i++)
	{
		if (strcmp(names[order[i - 1]], names[order[i]]) == 0 &&
			(i == 1 || strcmp(names[order[i - 2]], names[order[i]]) != 0) &&
			(first < 0 || order[i] < first))
			first = order[i];
	}
	free(order);
	return first < 0 ? NULL : names[first];
}

/*
 * Parse one file's text (which it frees), path naming it in messages;
 * every error names it and the line. Lines are looked at where they lie in
 * the file's text, without a copy each: only the header's values are
 * copied.
 */
static RevFile
parse_file(char *text, char *path)
{
	RevFile		rf = {.path = path, .transactional = true, .message = ""};
	const char *line = text;
	int			lineno = 0;
	bool		have_parents = false;
	bool		have_message = false;
	const char *up_start = NULL;
	const char *up_end = NULL;
	const char *down_start = NULL;
	const char *first;
	int			id_line = 0;

	/*
	 * A byte order mark would hide the first line's "--": the file would be
	 * refused as SQL before the upgrade marker, which says nothing of why.
	 */
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		fail("%s:1: the file begins with a UTF-8 byte order mark (EF BB BF); save it without one", path);
	while (*line)
	{
		const char *t;			/* the line, trimmed: [t, te) */
		const char *te;
		const char *next = trimmed_line(line, &t, &te);

		lineno++;
		if (up_start == NULL)
		{
			if (span_is(t, te, UPGRADE_MARKER))
				up_start = next;
			else if (span_starts(t, te, "-- schemamig revision:"))
			{
				/*
				 * Each header line once: a second one would silently win
				 * over the first, which is the one a reviewer reads.
				 */
				if (rf.id != NULL)
					fail("%s:%d: a second \"-- schemamig revision:\" line (the first is line %d)",
						 path, lineno, id_line);
				rf.id = span_trimmed(t + 22, te);
				id_line = lineno;
			}
			else if (span_starts(t, te, "-- parents:"))
			{
				char	   *list = span_trimmed(t + 11, te);
				char	   *tok;

				if (have_parents)
					fail("%s:%d: a second \"-- parents:\" line; name every parent on one line, separated by commas",
						 path, lineno);
				have_parents = true;
				rf.parents = xmalloc(sizeof(char *) * (strlen(list) + 1));
				for (tok = strtok(list, ", "); tok; tok = strtok(NULL, ", "))
				{
					if (!valid_id(tok))
						fail("%s:%d: invalid parent id \"%s\"", path, lineno, tok);
					rf.parents[rf.nparents++] = tok;	/* in list, kept */
				}
				if (repeated_parent(rf.parents, rf.nparents) != NULL)
					fail("%s:%d: parent \"%s\" is named twice", path, lineno,
						 repeated_parent(rf.parents, rf.nparents));
			}
			else if (span_starts(t, te, "-- message:"))
			{
				if (have_message)
					fail("%s:%d: a second \"-- message:\" line; write the message on one line",
						 path, lineno);
				rf.message = span_trimmed(t + 11, te);
				have_message = true;
			}
			else if (span_is(t, te, "-- no-transaction"))
				rf.transactional = false;
			else if (span_is(t, te, DOWNGRADE_MARKER))
				fail("%s:%d: \"%s\" comes before \"%s\"", path, lineno, DOWNGRADE_MARKER, UPGRADE_MARKER);
			else if (t < te && !span_starts(t, te, "--"))
				fail("%s:%d: SQL before the \"%s\" line", path, lineno, UPGRADE_MARKER);
		}
		else if (span_is(t, te, DOWNGRADE_MARKER))
		{
			if (down_start)
				fail("%s:%d: a second \"%s\" line", path, lineno, DOWNGRADE_MARKER);
			up_end = line;
			down_start = next;
		}
		else if (span_is(t, te, UPGRADE_MARKER))
			fail("%s:%d: a second \"%s\" line", path, lineno, UPGRADE_MARKER);
		line = next;
	}

	if (control_char(rf.message))
		fail("%s: the message holds a control character (0x%02x); write it on one line of printable text",
			 path, (unsigned char) *control_char(rf.message));
	if (rf.id == NULL)
		fail("%s: no \"-- schemamig revision: ID\" line", path);
	if (!valid_id(rf.id))
		fail("%s: invalid revision id \"%s\"", path, rf.id);
	if (!have_parents)
		fail("%s: no \"-- parents:\" line (leave it empty for a first revision)", path);
	if (up_start == NULL)
		fail("%s: no \"%s\" line", path, UPGRADE_MARKER);
	if (!have_message)
		fail("%s: no \"-- message:\" line (say what the revision does, as history shows it)", path);
	rf.upgrade = section(up_start, up_end ? up_end : line, &first);
	rf.upgrade_line = line_at(text, first);
	rf.downgrade = down_start ? section(down_start, line, &first) : NULL;
	free(text);
	return rf;
}

/* A *.sql name of the versions directory, as readdir() gave it. */
typedef struct DirEntry
{
	char	   *path;			/* the directory's path, '/', the name */
	bool		regular;		/* the directory says: a regular file */
} DirEntry;

/* qsort's comparison of two DirEntry by path */
static int
cmp_dir_entry(const void *a, const void *b)
{
	return strcmp(((const DirEntry *) a)->path, ((const DirEntry *) b)->path);
}

/* qsort_r's comparison of two file indexes by id, ties by index */
static int
cmp_index_by_id(const void *a, const void *b, void *arg)
{
	const RevFile *files = arg;
	int			i = *(const int *) a;
	int			j = *(const int *) b;
	int			c = strcmp(files[i].id, files[j].id);

	return c != 0 ? c : (i > j) - (i < j);
}

/* The indexes of n files sorted by id, for find_file()'s binary search. */
static int *
index_by_id(const RevFile *files, int n)
{
	int		   *by_id = xmalloc(sizeof(int) * (n + 1));

	for (int i = 0; i < n; i++)
		by_id[i] = i;
	qsort_r(by_id, n, sizeof(int), cmp_index_by_id, (void *) files);
	return by_id;
}

/* The index of the file holding revision id, or -1: a binary search. */
static int
find_in(const RevFile *files, const int *by_id, int n, const char *id)
{
	int			lo = 0;
	int			hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(files[by_id[mid]].id, id);

		if (c == 0)
			return by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int
find_file(const RevFiles *rf, const char *id)
{
	return find_in(rf->files, rf->by_id, rf->n, id);
}

/*
 * Reading the second half of a large directory's files on a thread of its
 * own while this one reads and parses the first: reading is system calls,
 * which on these virtual machines cost more than the parsing, and a
 * second core is there. The thread only reads; what fails comes back with
 * the text, and the files are parsed and their errors reported in name
 * order as before.
 */
#define READ_AHEAD_MIN 512		/* fewer files: not worth a thread */

typedef struct ReadAhead
{
	int			from;			/* files [from, n) are read ahead */
	int			n;
	const VersionsDir *vd;
	const DirEntry *names;
	FileText   *texts;
	pthread_t	thread;
	bool		running;
} ReadAhead;

static void *
read_ahead_main(void *arg)
{
	ReadAhead  *ra = arg;
	ReadBuffer	rb = {NULL, 0};

	for (int i = ra->from; i < ra->n; i++)
		ra->texts[i - ra->from] = read_entry(ra->vd, ra->names[i].path, ra->names[i].regular, &rb);
	free(rb.buf);
	return NULL;
}

static void
read_ahead_start(ReadAhead *ra, const VersionsDir *vd, const DirEntry *names, int n)
{
	*ra = (ReadAhead) {
		.from = n, .n = n, .vd = vd, .names = names
	};
	if (n < READ_AHEAD_MIN)
		return;
	ra->from = n / 2;
	ra->texts = xmalloc(sizeof(FileText) * (n - ra->from));
	ra->running = pthread_create(&ra->thread, NULL, read_ahead_main, ra) == 0;
	if (!ra->running)
	{
		free(ra->texts);
		ra->from = n;			/* no thread: read them here */
	}
}

/* File i's text (i >= from), once the thread is done. */
static FileText
read_ahead_get(ReadAhead *ra, int i)
{
	if (ra->running)
	{
		pthread_join(ra->thread, NULL);
		ra->running = false;
	}
	return ra->texts[i - ra->from];
}

/*
 * Read every *.sql file of the directory, in any order, and order them
 * parents first: file by file in name order, each after those of its
 * ancestors not placed yet (its parents in the order the file lists them).
 * A duplicate id, a missing parent or a cycle is an error that names the
 * files. O(N log N): ids are found by binary search, and the order is a
 * depth-first walk of the parents, on a stack rather than the C stack, so
 * that a chain of 100,000 files needs no deep recursion.
 */
RevFiles
load_files(const char *dir)
{
	DIR		   *d = opendir(dir);
	struct dirent *de;
	DirEntry   *names;
	int			nnames = 0;
	int			cap = 64;
	RevFile    *in;
	int		   *by_id;
	char	   *state;			/* 0 unplaced, 1 on the stack, 2 placed */
	int		   *stack;
	int		   *next_parent;	/* per stack entry: its next parent to place */
	RevFiles	out;
	size_t		dirlen = strlen(dir);
	ReadAhead	ahead;
	ReadBuffer	rb = {NULL, 0};
	VersionsDir vd = {.pathlen = dirlen};
	char	   *real;

	if (d == NULL || (real = realpath(dir, NULL)) == NULL)
		fail("could not open versions directory \"%s\": %s", dir, strerror(errno));
	vd.fd = dirfd(d);
	vd.real = real;
	names = xmalloc(sizeof(DirEntry) * cap);
	while ((de = readdir(d)) != NULL)
	{
		size_t		len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".sql") != 0 || de->d_name[0] == '.')
			continue;
		if (nnames == cap)
		{
			cap *= 2;
			names = realloc(names, sizeof(DirEntry) * cap);
			if (names == NULL)
				fail("out of memory");
		}
		/* exactly sized: 10,000 of libpq's 256-byte buffers would be 2.5 MB */
		names[nnames].path = xmalloc(dirlen + len + 2);
		memcpy(names[nnames].path, dir, dirlen);
		names[nnames].path[dirlen] = '/';
		memcpy(names[nnames].path + dirlen + 1, de->d_name, len + 1);
		names[nnames].regular = de->d_type == DT_REG;
		if (control_char(names[nnames].path))
			fail("%s: the path holds a control character; rename the file",
				 printable(names[nnames].path));
		nnames++;
	}
	qsort(names, nnames, sizeof(DirEntry), cmp_dir_entry);

	in = xmalloc(sizeof(RevFile) * (nnames + 1));
	read_ahead_start(&ahead, &vd, names, nnames);
	for (int i = 0; i < nnames; i++)
	{
		FileText	ft = i < ahead.from ?
			read_entry(&vd, names[i].path, names[i].regular, &rb) :
			read_ahead_get(&ahead, i);

		in[i] = parse_file(text_or_fail(ft, names[i].path, false), names[i].path);
	}
	if (ahead.from < nnames)
		free(ahead.texts);
	free(names);				/* the paths stay, in the files */
	free(rb.buf);
	free(real);
	closedir(d);
	by_id = index_by_id(in, nnames);
	for (int k = 1; k < nnames; k++)
	{
		if (strcmp(in[by_id[k - 1]].id, in[by_id[k]].id) == 0)
			fail("%s and %s both hold revision \"%s\"", in[by_id[k - 1]].path, in[by_id[k]].path,
				 in[by_id[k]].id);
	}
	for (int i = 0; i < nnames; i++)
	{
		for (int p = 0; p < in[i].nparents; p++)
		{
			if (find_in(in, by_id, nnames, in[i].parents[p]) < 0)
				fail("%s: parent \"%s\" is in no file of %s", in[i].path, in[i].parents[p], dir);
		}
	}

	out.files = xmalloc(sizeof(RevFile) * (nnames + 1));
	out.n = 0;
	state = xmalloc(nnames + 1);
	stack = xmalloc(sizeof(int) * (nnames + 1));
	next_parent = xmalloc(sizeof(int) * (nnames + 1));
	for (int i = 0; i < nnames; i++)
	{
		int			top = 0;

		if (state[i] == 2)
			continue;
		stack[top] = i;
		next_parent[top++] = 0;
		state[i] = 1;
		while (top > 0)
		{
			int			k = stack[top - 1];

			if (next_parent[top - 1] < in[k].nparents)
			{
				int			j = find_in(in, by_id, nnames, in[k].parents[next_parent[top - 1]++]);

				if (state[j] == 1)
					fail("the parents of %s (and of the files left) form a cycle", in[j].path);
				if (state[j] == 0)
				{
					stack[top] = j;
					next_parent[top++] = 0;
					state[j] = 1;
				}
				continue;
			}
			state[k] = 2;
			out.files[out.n++] = in[k];
			top--;
		}
	}
	free(next_parent);
	free(stack);
	free(state);
	free(by_id);
	free(in);
	out.by_id = index_by_id(out.files, out.n);
	return out;
}

/*
 * load_files() for a command that connects next: the server starts the
 * connection's backend while the files are read (db_connect_early()).
 */
RevFiles
load_files_connecting(const char *dir)
{
	db_connect_early();
	return load_files(dir);
}

/* The files that no other file names as parent. */
void
file_heads(const RevFiles *rf, int **heads, int *nheads)
{
	bool	   *has_child = xmalloc(rf->n + 1);

	for (int i = 0; i < rf->n; i++)
	{
		for (int p = 0; p < rf->files[i].nparents; p++)
			has_child[find_file(rf, rf->files[i].parents[p])] = true;
	}
	*heads = xmalloc(sizeof(int) * (rf->n + 1));
	*nheads = 0;
	for (int i = 0; i < rf->n; i++)
	{
		if (!has_child[i])
			(*heads)[(*nheads)++] = i;
	}
	free(has_child);
}

/* target and its ancestors, as a flag per file. */
bool *
file_ancestors(const RevFiles *rf, int target)
{
	bool	   *in = xmalloc(rf->n + 1);

	in[target] = true;
	/* files are ordered parents first: one pass backwards suffices */
	for (int i = rf->n - 1; i >= 0; i--)
	{
		if (!in[i])
			continue;
		for (int p = 0; p < rf->files[i].nparents; p++)
			in[find_file(rf, rf->files[i].parents[p])] = true;
	}
	return in;
}

/*
 * Write a new migration file; returns its path. upgrade and downgrade, when
 * not NULL, are its sections' SQL (autogenerate); else placeholders.
 */
char *
write_new_file(const char *dir, const char *message, char **parents, int nparents,
			   bool with_downgrade, const char *upgrade, const char *downgrade)
{
	unsigned char bytes[6];
	PQExpBufferData id;
	char		slug[41];
	int			s = 0;
	PQExpBufferData path;
	FILE	   *f;
	int			fd = open("/dev/urandom", O_RDONLY);

	if (fd < 0 || read(fd, bytes, sizeof(bytes)) != (ssize_t) sizeof(bytes))
		fail("could not read /dev/urandom");
	close(fd);
	initPQExpBuffer(&id);
	for (int i = 0; i < 6; i++)
		appendPQExpBuffer(&id, "%02x", bytes[i]);
	for (const char *c = message; *c && s < 40; c++)
	{
		if (isalnum((unsigned char) *c))
			slug[s++] = tolower((unsigned char) *c);
		else if (s > 0 && slug[s - 1] != '_')
			slug[s++] = '_';
	}
	while (s > 0 && slug[s - 1] == '_')
		s--;
	slug[s] = '\0';
	if (control_char(message))
		fail("the message must be one line of printable text, without control characters");

	if (holds_marker(upgrade) || holds_marker(downgrade))
		fail("the SQL to write holds a line \"%s\" or \"%s\" (in a string or comment of the models file), "
			 "which would end its section when the file is read; no file was written: "
			 "keep such a line out of the model's strings and comments", UPGRADE_MARKER, DOWNGRADE_MARKER);
	mkdir(dir, 0777);
	initPQExpBuffer(&path);
	appendPQExpBuffer(&path, "%s/%s%s%s.sql", dir, buffer_done(&id), s ? "_" : "", slug);
	f = fopen(buffer_done(&path), "wx");
	if (f == NULL)
		fail("could not create \"%s\": %s", path.data, strerror(errno));
	fprintf(f, "-- schemamig revision: %s\n-- parents:", id.data);
	for (int p = 0; p < nparents; p++)
		fprintf(f, "%s %s", p ? "," : "", parents[p]);
	fprintf(f, "\n-- message: %s\n\n%s\n%s%s", message, UPGRADE_MARKER,
			upgrade ? upgrade : "-- Write the upgrade SQL here.",
			upgrade && upgrade[0] && upgrade[strlen(upgrade) - 1] == '\n' ? "" : "\n");
	if (with_downgrade)
		fprintf(f, "\n%s\n%s%s", DOWNGRADE_MARKER, downgrade ? downgrade : "-- Write the SQL that undoes it here.",
				downgrade && downgrade[0] && downgrade[strlen(downgrade) - 1] == '\n' ? "" : "\n");
	if (fclose(f) != 0)
		fail("could not write \"%s\"", path.data);
	termPQExpBuffer(&id);
	return path.data;
}
