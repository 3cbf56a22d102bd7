# Builds libbearssl.a with the project's compiler (musl-gcc) from the verified source.
# We compile BearSSL's sources directly rather than through its own Makefile so that the same
# flags (-ffunction-sections, -O2) and compiler apply; BearSSL needs no configure step.
BEARSSL_DIR   := $(VENDOR)/bearssl
BEARSSL_LIB   := $(BEARSSL_DIR)/libbearssl.a
BEARSSL_INC   := $(BEARSSL_DIR)/src/inc
BEARSSL_STAMP := $(BEARSSL_DIR)/.fetched

$(BEARSSL_STAMP): vendor/SOURCES vendor/fetch
	@vendor/fetch bearssl $(BEARSSL_DIR)
	@touch $@

$(BEARSSL_LIB): $(BEARSSL_STAMP) vendor/bearssl.mk
	@echo "  AR      $@"
	@rm -rf $(BEARSSL_DIR)/obj && mkdir -p $(BEARSSL_DIR)/obj
	@cd $(BEARSSL_DIR)/obj && for f in $$(find ../src/src -name '*.c' | sort); do \
		$(VENDOR_CC) -O2 -fPIC -ffunction-sections -fdata-sections -w -I../src/inc -I../src/src \
			-c $$f -o $$(echo $$f | sed 's|^\.\./src/src/||; s|/|_|g; s|\.c$$|.o|') || exit 1; \
	done
	@ar rcs $@ $(BEARSSL_DIR)/obj/*.o
