# Partner Connector - one non-recursive Makefile. `make help` lists the targets.
# Objects go to build/<variant>/ (release, asan); quiet unless V=1.

SHELL := /bin/bash
.DEFAULT_GOAL := build

VARIANT := $(if $(filter 1,$(SANITIZE)),asan,release)
B := build/$(VARIANT)
Q := $(if $(filter 1,$(V)),,@)
say = $(if $(filter 1,$(V)),,@printf '  %-6s %s\n' $(1) $(2);)

PKGS := libmongoc-1.0 libbson-1.0 hiredis json-c libjwt libcurl openssl libargon2 fcgi
PKG_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcrypt -lcsv -lzip -lexpat -lxlsxwriter -lm
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wpointer-arith -Wcast-qual -Wformat=2
# lib/, fcgi/ and workers/ see only lib/ (their own folder comes with the quoted include);
# the tests also reach into fcgi/ and workers/
CFLAGS := -std=c11 -D_GNU_SOURCE -g -O2 $(WARN) -Ilib $(PKG_CFLAGS)
LDFLAGS :=
ifeq ($(VARIANT),asan)
CFLAGS += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

# every C file of a folder is built: a new file needs no edit here (and two branches adding
# files never collide on one list)
LIB_SRC := $(sort $(wildcard lib/*.c lib/*/*.c lib/*/tables/*.c))
API_MAIN := fcgi/pc_api.c
API_SRC := $(filter-out $(API_MAIN),$(sort $(wildcard fcgi/*.c)))
WORKER_SRC := $(sort $(wildcard workers/*.c))
UNIT_SRC := $(wildcard tests/unit/*.c)
APITEST_SRC := $(wildcard tests/api/*.c)
BENCHQ_SRC := tests/bench/bench_queue.c
BENCHSEED_SRC := tests/bench/bench_seed.c

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))
LIB_OBJ := $(call obj,$(LIB_SRC))
API_OBJ := $(call obj,$(API_SRC))

BIN_API := $(B)/bin/pc-api
BIN_WORKER := $(B)/bin/pc-worker
BIN_UNIT := $(B)/bin/test-unit
BIN_APITEST := $(B)/bin/test-api
BIN_BENCHQ := $(B)/bin/bench-queue
BIN_BENCHSEED := $(B)/bin/bench-seed
BINS := $(BIN_API) $(BIN_WORKER) $(BIN_UNIT) $(BIN_APITEST) $(BIN_BENCHQ) $(BIN_BENCHSEED)

CLIENT_OUT := client/.output/public/index.html
API_TYPES := client/app/types/api.ts
DOCS_OUT := build/docs/index.html

.PHONY: help deps build build-c client api-types docs dist run stop status test test-unit \
        test-api test-api-sqlite test-e2e test-asan test-ansible bench lint clean

help:
	@echo "make run | stop | status     start/stop the local stack (prints URL and login)"
	@echo "make test                    everything: unit, lint, api, e2e, then unit+api under ASan/UBSan"
	@echo "make test-unit | test-api | test-api-sqlite | test-e2e | test-asan | test-ansible"
	@echo "make bench | lint | deps | build | clean"
	@echo "make dist                    the release tarball ansible/ deploys (build/dist/)"
	@echo "V=1 shows commands; SANITIZE=1 builds into build/asan"

deps:
	$(Q)./scripts/deps.sh

build: build-c client docs

build-c: $(BINS)

$(B)/obj/%.o: %.c
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(if $(findstring tests/,$<),$(CHECK_CFLAGS) -Ifcgi -Iworkers) -MMD -MP -c $< -o $@

$(B)/libpc.a: $(LIB_OBJ)
	$(call say,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(B)/libpcapi.a: $(API_OBJ)
	$(call say,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(BIN_API): $(call obj,$(API_MAIN)) $(B)/libpcapi.a $(B)/libpc.a
	$(call say,LD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -rdynamic -o $@ $^ $(PKG_LIBS)

$(BIN_WORKER): $(call obj,$(WORKER_SRC)) $(B)/libpc.a
	$(call say,LD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BIN_UNIT): $(call obj,$(UNIT_SRC)) $(B)/libpcapi.a $(B)/libpc.a
	$(call say,LD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS)

# the API tests write XLSX files with libxlsxwriter (tests/api/test_imports.c)
$(BIN_APITEST): $(call obj,$(APITEST_SRC)) $(B)/libpcapi.a $(B)/libpc.a
	$(call say,LD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) -lxlsxwriter

# queue figures of make bench (tests/bench/run.sh)
$(BIN_BENCHSEED): $(call obj,$(BENCHSEED_SRC)) $(B)/libpc.a
	$(call say,LD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BIN_BENCHQ): $(call obj,$(BENCHQ_SRC)) $(B)/libpc.a
	$(call say,LD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

-include $(shell find build/$(VARIANT)/obj -name '*.d' 2>/dev/null)

# The client's API types are generated from pc-api's own OpenAPI document (pc-api --openapi,
# no stack needed). The script rewrites the file only when it changes, so relinking pc-api alone
# does not rebuild the client.
api-types: $(API_TYPES)
$(API_TYPES): $(BIN_API) client/package-lock.json scripts/api-types.sh
	$(call say,TYPES,$@)
	$(Q)PC_API_BIN=$(BIN_API) ./scripts/api-types.sh

# The client is rebuilt when any of its sources or its API types change.
CLIENT_SRC := $(shell find client/app client/public -type f 2>/dev/null) client/nuxt.config.ts \
              client/package.json client/package-lock.json
client: $(CLIENT_OUT)
$(CLIENT_OUT): $(filter-out $(API_TYPES),$(wildcard $(CLIENT_SRC))) $(API_TYPES)
	$(call say,NUXT,client/.output/public)
	$(Q)PC_API_BIN=$(BIN_API) ./scripts/build-client.sh

docs: $(DOCS_OUT)
$(DOCS_OUT): nginx/docs/index.html nginx/docs/swagger-initializer.js client/package-lock.json
	$(call say,DOCS,build/docs)
	$(Q)mkdir -p build/docs
	$(Q)cp client/node_modules/swagger-ui-dist/{swagger-ui.css,swagger-ui-bundle.js,swagger-ui-standalone-preset.js,favicon-32x32.png} build/docs/
	$(Q)cp nginx/docs/swagger-initializer.js nginx/docs/index.html build/docs/

# run and test re-enter make after deps: the pkg-config flags above are read when make starts,
# and on a fresh machine the -dev packages arrive only with deps
run: deps
	@echo "==> building the C programs, the client and the API docs (what changed)"
	$(Q)$(MAKE) --no-print-directory build
	$(Q)./scripts/stack.sh up

stop:
	$(Q)./scripts/stack.sh down

status:
	$(Q)./scripts/stack.sh status

test: deps
	@echo "==> building the C programs, the client and the API docs (what changed)"
	$(Q)$(MAKE) --no-print-directory build
	$(Q)./tests/run-all.sh

test-unit: $(BIN_UNIT)
	$(Q)$(BIN_UNIT)

test-api: build
	$(Q)./tests/harness/run.sh api

test-api-sqlite: build
	$(Q)./tests/harness/run.sh api-sqlite

test-e2e: build
	$(Q)./tests/harness/run.sh e2e

test-asan: build
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 build-c
	$(Q)./tests/harness/run.sh asan

# the playbook: lint, then a converge into a fresh debootstrap root (tests/ansible/run.sh)
test-ansible: build
	$(Q)./tests/ansible/run.sh

# the release tarball of ansible/roles/app (scripts/dist.sh prints its path)
dist: build
	$(Q)./scripts/dist.sh

bench: deps
	$(Q)$(MAKE) --no-print-directory build
	$(Q)./tests/bench/datatier.sh
	$(Q)./tests/bench/run.sh
	$(Q)./tests/bench/daily.sh

lint: $(API_TYPES)
	$(Q)./scripts/check-layers.sh
	$(Q)clang-format --dry-run --Werror $(shell find lib fcgi workers tests/unit tests/api tests/bench -name '*.[ch]')
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
	    --suppress=missingIncludeSystem --suppress=unknownMacro --suppress=ctuuninitvar \
	    --std=c11 -D_GNU_SOURCE -Ilib lib fcgi workers
	$(Q)cd client && npm run --silent lint && npm run --silent typecheck

clean:
	rm -rf build client/.output $(API_TYPES)
