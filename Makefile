# sextant — one static binary. See README.md.
#
#   make            build/sextant (static, musl, stripped) and print its size
#   make test       every test suite; ends with "N passed, N failed"
#   make fuzz       every libFuzzer target for a short budget (FUZZ_SECONDS)
#   make bench      benchmarks -> bench/results.md
#   make demo       a 2-host fleet, setup + zero-downtime deploy under load
#
# Sources: every src/*/*.c, sorted (a wildcard rather than a hand-kept list so that
# several people can add modules without editing one shared line; the sort keeps
# the link order reproducible).

BUILD      ?= build
VENDOR     := build/vendor
VENDOR_HOST:= build/vendor-host
CC         := musl-gcc
HOSTCC     ?= gcc
CLANG      ?= clang

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter -Wpointer-arith -Wvla -Wformat=2 \
           -Wno-format-truncation -Wno-format-nonliteral
COMMON  := -std=c11 -D_GNU_SOURCE -Isrc -I$(VENDOR)/bearssl/src/inc -I$(VENDOR)/libyaml/src/include \
           -DYAML_DECLARE_STATIC
# Size first (the whole tool must stay under 1 MiB), speed where the profile says it
# matters: the crypto and the SSH packet path are built -O2.
CFLAGS  ?= -Os
HOT_CFLAGS ?= -O2
ALL_CFLAGS := $(CFLAGS) $(COMMON) $(WARN) -ffunction-sections -fdata-sections -fno-plt \
              -fstack-protector-strong -D_FORTIFY_SOURCE=2 -MMD -MP
LDFLAGS_STATIC := -static -s -Wl,--gc-sections -Wl,-z,noexecstack -Wl,-z,relro -Wl,-z,now

SRC      := $(sort $(wildcard src/*/*.c))
MAIN_SRC := src/main.c
OBJ      := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC))
MAIN_OBJ := $(BUILD)/obj/main.o
VLIBS    := $(VENDOR)/bearssl/libbearssl.a $(VENDOR)/libyaml/libyaml.a
VLIBS_HOST := $(VENDOR_HOST)/bearssl/libbearssl.a $(VENDOR_HOST)/libyaml/libyaml.a

UNIT_SRC := $(sort $(wildcard tests/unit/t_*.c))
UNIT_OBJ := $(patsubst tests/unit/%.c,$(BUILD)/unit/%.o,$(UNIT_SRC)) $(BUILD)/unit/harness.o $(BUILD)/unit/table.o

# The sanitizer flavour: same sources, host compiler, ASan+UBSan.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_OBJ   := $(patsubst src/%.c,$(BUILD)/asan/%.o,$(SRC))
ASAN_UNIT  := $(patsubst tests/unit/%.c,$(BUILD)/asan-unit/%.o,$(UNIT_SRC)) $(BUILD)/asan-unit/harness.o $(BUILD)/asan-unit/table.o
ASAN_COMMON := $(subst $(VENDOR)/,$(VENDOR_HOST)/,$(COMMON))

all: $(BUILD)/sextant
	@echo "  SIZE    $(BUILD)/sextant: $$(stat -c %s $(BUILD)/sextant) bytes"

# One stamp per toolchain: a rule with two targets would run twice under make -j.
$(VENDOR)/.built: vendor/SOURCES vendor/fetch vendor/bearssl.mk vendor/libyaml.mk vendor/vendor.mk
	@$(MAKE) --no-print-directory -f vendor/vendor.mk VENDOR=$(VENDOR) VENDOR_CC=$(CC)
	@touch $@

$(VENDOR_HOST)/.built: vendor/SOURCES vendor/fetch vendor/bearssl.mk vendor/libyaml.mk vendor/vendor.mk
	@$(MAKE) --no-print-directory -f vendor/vendor.mk VENDOR=$(VENDOR_HOST) VENDOR_CC=$(HOSTCC)
	@touch $@

$(VLIBS): $(VENDOR)/.built ;
$(VLIBS_HOST): $(VENDOR_HOST)/.built ;

vendor: $(VLIBS)

# Unsafe libc calls are refused at build time (see design.md §4).
BANNED_RE := '\b(strcpy|strcat|sprintf|vsprintf|strtok|gets|gmtime|localtime|ctime|asctime)[[:space:]]*\('
$(BUILD)/.banned-ok: $(SRC) $(MAIN_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	@if grep -nE $(BANNED_RE) $(SRC) $(MAIN_SRC) $(wildcard src/*/*.h); then \
		echo "banned libc call above (use snprintf/strtok_r/gmtime_r)"; exit 1; fi
	@touch $@

$(BUILD)/obj/%.o: src/%.c $(VLIBS) | $(BUILD)/.banned-ok
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(OPT_$(subst /,_,$*)) -c $< -o $@

# The hot files (see CFLAGS above).
HOT := $(patsubst src/%.c,%,$(wildcard src/crypto/*.c)) ssh/cipher ssh/transport ssh/channel ssh/client
$(foreach f,$(HOT),$(eval OPT_$(subst /,_,$(f)) := $(HOT_CFLAGS)))

$(BUILD)/sextant: $(OBJ) $(MAIN_OBJ) $(VLIBS)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS_STATIC) -o $@ $(OBJ) $(MAIN_OBJ) $(VLIBS) -lpthread

# ---- unit tests (musl, static) ----
$(BUILD)/unit/table.c: $(UNIT_SRC) tests/unit/gen-table.sh
	@mkdir -p $(@D)
	@tests/unit/gen-table.sh $(UNIT_SRC) > $@

$(BUILD)/unit/table.o: $(BUILD)/unit/table.c
	@$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c $< -o $@

$(BUILD)/unit/%.o: tests/unit/%.c $(VLIBS)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Itests/unit -Wno-missing-prototypes -c $< -o $@

$(BUILD)/unit-tests: $(OBJ) $(UNIT_OBJ) $(VLIBS)
	@echo "  LD      $@"
	@$(CC) -static -o $@ $(OBJ) $(UNIT_OBJ) $(VLIBS) -lpthread

# ---- unit tests (host compiler, ASan + UBSan) ----
$(BUILD)/asan/%.o: src/%.c $(VLIBS_HOST)
	@mkdir -p $(@D)
	@$(HOSTCC) $(ASAN_FLAGS) $(ASAN_COMMON) $(WARN) -MMD -MP -c $< -o $@

$(BUILD)/asan-unit/table.o: $(BUILD)/unit/table.c
	@mkdir -p $(@D)
	@$(HOSTCC) $(ASAN_FLAGS) -c $< -o $@

$(BUILD)/asan-unit/%.o: tests/unit/%.c $(VLIBS_HOST)
	@mkdir -p $(@D)
	@$(HOSTCC) $(ASAN_FLAGS) $(ASAN_COMMON) $(WARN) -Itests/unit -Wno-missing-prototypes -MMD -MP -c $< -o $@

$(BUILD)/unit-tests-asan: $(ASAN_OBJ) $(ASAN_UNIT) $(VLIBS_HOST)
	@echo "  LD      $@"
	@$(HOSTCC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJ) $(ASAN_UNIT) $(VLIBS_HOST) -lpthread

# The whole tool under the sanitizers (dynamically linked, not shipped): the interop
# suite runs it a second time against real servers (suite interop-asan).
$(BUILD)/sextant-asan: $(ASAN_OBJ) $(BUILD)/asan/main.o $(VLIBS_HOST)
	@echo "  LD      $@"
	@$(HOSTCC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJ) $(BUILD)/asan/main.o $(VLIBS_HOST) -lpthread

# ---- suites ----
test: all $(BUILD)/unit-tests $(BUILD)/unit-tests-asan $(BUILD)/sextant-asan
	@BUILD=$(BUILD) tests/run-all.sh

test-unit: $(BUILD)/unit-tests
	@$(BUILD)/unit-tests $(T)

test-asan: $(BUILD)/unit-tests-asan
	@$(BUILD)/unit-tests-asan $(T)

fuzz:
	@BUILD=$(BUILD) tests/fuzz/run.sh

bench: all
	@BUILD=$(BUILD) bench/run.sh

demo: all
	@BUILD=$(BUILD) ci/demo

clean:
	rm -rf $(BUILD)/obj $(BUILD)/unit $(BUILD)/asan $(BUILD)/asan-unit $(BUILD)/sextant $(BUILD)/sextant-asan $(BUILD)/unit-tests* $(BUILD)/.banned-ok

distclean:
	rm -rf build

.PHONY: all vendor test test-unit test-asan fuzz bench demo clean distclean

-include $(OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(ASAN_UNIT:.o=.d)
