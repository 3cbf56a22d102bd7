/*
 * builddev — `build dev` (lib/kamal/cli/build.rb#dev): the working directory
 * built as IMAGE-dirty / LATEST-dirty, output "docker" by default, after
 * warning about uncommitted and untracked files that the build context holds.
 * Falls back to a plain `docker build` without buildx (buildplain.h).
 */
#ifndef SEXTANT_FLOWS_BUILDDEV_H
#define SEXTANT_FLOWS_BUILDDEV_H

#include "flows/flow.h"

int	flows_build_dev(struct flow *f, const char *output, int no_cache, struct errinfo *e);

#endif
