/*
 * docs — configuration documentation compiled into the binary (`kamal docs`).
 */
#ifndef SEXTANT_CONFIG_DOCS_H
#define SEXTANT_CONFIG_DOCS_H

#include <stddef.h>

/* The text for section (case-insensitive), the root text for NULL, NULL if unknown. */
const char	*config_docs(const char *section);
/* Section names in order (NULL past the end), for tests. */
const char	*config_docs_section(size_t i);

#endif
