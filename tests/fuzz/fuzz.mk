# Object cache for the fuzz targets: each source is compiled once with clang's
# fuzzer instrumentation (and ASan/UBSan) and shared by every target that names it.
#   make -f tests/fuzz/fuzz.mk OUT=build/fuzz OBJS="build/fuzz/obj/src/core/buf.o ..."
OUT   ?= build/fuzz
VH    := build/vendor-host
FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
         -std=c11 -D_GNU_SOURCE -Isrc -I$(VH)/bearssl/src/inc -I$(VH)/libyaml/src/include \
         -DYAML_DECLARE_STATIC -MMD -MP

all: $(OBJS)

$(OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	@clang $(FLAGS) -c $< -o $@

-include $(OBJS:.o=.d)
.PHONY: all
