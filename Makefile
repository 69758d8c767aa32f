# schemamig: PGXS build of the extension.
#
# The version has one source of truth, default_version in schemamig.control;
# it names the install script, reaches the C code as SCHEMAMIG_VERSION, and
# META.json is checked against it ("make metacheck").

EXTENSION    = schemamig
EXTVERSION   = $(shell sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" $(EXTENSION).control)

MODULE_big   = schemamig
OBJS         = $(patsubst %.c,%.o,$(wildcard src/*.c src/autogen/*.c src/lint/*.c))

DATA         = $(wildcard sql/$(EXTENSION)--*.sql)

# pg_regress inputs live in test/sql, expected outputs in expected/;
# isolation specs in test/specs.
REGRESS      = $(patsubst test/sql/%.sql,%,$(sort $(wildcard test/sql/*.sql)))
REGRESS_OPTS = --inputdir=test --load-extension=plpgsql
ISOLATION    = $(patsubst test/specs/%.spec,%,$(sort $(wildcard test/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test

PG_CONFIG   ?= pg_config
PG_CPPFLAGS  = -I$(srcdir)/src -DSCHEMAMIG_VERSION='"$(EXTVERSION)"'
# -Wno-unused-parameter: the server's headers (and every PG_FUNCTION_ARGS
# function that ignores fcinfo) trip it; everything else -Wextra finds is ours.
PG_CFLAGS    = -Wall -Wextra -Wno-unused-parameter
ifdef WERROR
PG_CFLAGS   += -Werror
endif

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies: every object depends on the shared
# headers, and autogenerate's and lint's on their own too.
$(OBJS): src/schemamig.h src/compat.h
$(filter src/autogen/%,$(OBJS)): src/autogen/autogen.h src/autogen/compare.h
$(filter src/lint/%,$(OBJS)): src/lint/lint.h

# META.json must name the same version as the control file.
.PHONY: metacheck
metacheck:
	@grep -q '"version": *"$(EXTVERSION)"' META.json || \
		{ echo "META.json does not carry version $(EXTVERSION)" >&2; exit 1; }

# The command-line client builds from its own Makefile (a PGXS PROGRAM,
# which cannot share one with MODULE_big) and installs into the bindir.
.PHONY: client install-client clean-client
all: client
client:
	$(MAKE) -C client PG_CONFIG=$(PG_CONFIG)
install: install-client
install-client: client
	$(MAKE) -C client PG_CONFIG=$(PG_CONFIG) install
clean: clean-client
clean-client:
	$(MAKE) -C client PG_CONFIG=$(PG_CONFIG) clean
