# Builds libyaml.a from the verified source. libyaml's autotools config.h only carries the
# version numbers, so they are passed as -D flags instead of running configure.
LIBYAML_DIR   := $(VENDOR)/libyaml
LIBYAML_LIB   := $(LIBYAML_DIR)/libyaml.a
LIBYAML_INC   := $(LIBYAML_DIR)/src/include
LIBYAML_STAMP := $(LIBYAML_DIR)/.fetched
LIBYAML_DEFS  := -DYAML_VERSION_MAJOR=0 -DYAML_VERSION_MINOR=2 -DYAML_VERSION_PATCH=5 \
                 -DYAML_VERSION_STRING='"0.2.5"' -DYAML_DECLARE_STATIC

$(LIBYAML_STAMP): vendor/SOURCES vendor/fetch
	@vendor/fetch libyaml $(LIBYAML_DIR)
	@touch $@

$(LIBYAML_LIB): $(LIBYAML_STAMP) vendor/libyaml.mk
	@echo "  AR      $@"
	@rm -rf $(LIBYAML_DIR)/obj && mkdir -p $(LIBYAML_DIR)/obj
	@cd $(LIBYAML_DIR)/obj && for f in ../src/src/*.c; do \
		$(VENDOR_CC) -O2 -fPIC -ffunction-sections -fdata-sections -w $(LIBYAML_DEFS) \
			-I../src/include -c $$f -o $$(basename $$f .c).o || exit 1; \
	done
	@ar rcs $@ $(LIBYAML_DIR)/obj/*.o
