# Builds the vendored static libraries for one toolchain.
#   make -f vendor/vendor.mk VENDOR=build/vendor VENDOR_CC=musl-gcc
# The main Makefile calls this once for musl (the product) and once for the host
# compiler (sanitizer builds of the tests: ASan does not work with musl).
.DEFAULT_GOAL := all
VENDOR    ?= build/vendor
VENDOR_CC ?= musl-gcc

include vendor/bearssl.mk
include vendor/libyaml.mk

all: $(BEARSSL_LIB) $(LIBYAML_LIB)
.PHONY: all
