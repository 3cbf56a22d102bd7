/*
 * envfile — the secrets env file uploaded for each role and accessory
 * (lib/kamal/env_file.rb, Kamal::Configuration::Env#secrets_io; spec/kamal.md §5.3).
 */
#ifndef SEXTANT_DOCKER_ENVFILE_H
#define SEXTANT_DOCKER_ENVFILE_H

struct config;
struct config_env;
struct errinfo;
struct str;

/*
 * One "KEY=<escaped value>\n" line per secret entry, in order ("A:B" writes A with
 * B's value; a repeated env name keeps its first position and the last value, as
 * Ruby's Hash#to_h does); exactly "\n" when there are none. out should be a secret
 * str (out->secret = 1): it holds secret values. Fails when a secret is missing.
 */
int	denvfile_render(struct config *cfg, const struct config_env *env, struct str *out,
	    struct errinfo *e);

#endif
