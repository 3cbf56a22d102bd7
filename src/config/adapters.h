/*
 * adapters — `kamal secrets fetch/extract` (spec §9.4): the password-manager
 * adapters, each calling the same external CLI with the same arguments Kamal
 * does (lib/kamal/secrets/adapters/ (one file per adapter)), plus the JSON handling around them.
 * Shared by the CLI commands (src/cli/cmd_secrets.c) and the in-process
 * `$(kamal secrets ...)` of secrets files.
 */
#ifndef SEXTANT_CONFIG_ADAPTERS_H
#define SEXTANT_CONFIG_ADAPTERS_H

struct errinfo;
struct str;
struct strvec;

/* A fetched secret set, in order. */
struct secret_set {
	struct strvec	*keys;
	struct strvec	*values;
};

/*
 * Runs adapter `name` (1password, bitwarden, bitwarden-sm, aws_secrets_manager,
 * doppler, enpass, gcp_secret_manager / gcp, last_pass / lastpass, passbolt, test)
 * for secrets, with account/from (NULL when not given). Fills keys/values.
 * Errors are Kamal's RuntimeError texts ("Unknown secrets adapter: X",
 * "1Password CLI is not installed", ...). Sets *needs_account when the adapter
 * requires --account and none was given (the caller prints Kamal's line).
 */
int	secrets_adapter_fetch(const char *name, const struct strvec *secrets, const char *account,
	    const char *from, char *const *envp, struct strvec *keys, struct strvec *values,
	    int *needs_account, struct errinfo *e);

/* JSON.dump of a string->string object, in order (Ruby's JSON.generate escaping). */
void	secrets_json_dump(const struct strvec *keys, const struct strvec *values, struct str *out);

/* `secrets extract NAME JSON`: json[NAME], else the first value whose key ends with
 * "/NAME"; error "Could not find secret NAME" (RuntimeError). */
int	secrets_extract(const char *name, const char *json, struct str *out, struct errinfo *e);

/*
 * `kamal secrets ...` words (without "kamal"), as the in-process command of a
 * secrets file runs them with --inline: fetch returns the JSON Shellwords-escaped,
 * extract returns the raw value.
 */
int	secrets_inline(const struct strvec *words, char *const *envp, struct str *out, struct errinfo *e);

/*
 * Kamal's InlineCommandSubstitution for one $(...) of a secrets file: a
 * command starting `kamal secrets` runs in-process (secrets_inline), anything
 * else through /bin/sh like Ruby backticks (output not chomped here).
 */
int	secrets_command(const char *cmd, char *const *envp, struct str *out, struct errinfo *e);

/*
 * Test hook: when set, every command an adapter would run is given to it
 * instead (stdout into out, exit status into *status; return 0 or an error).
 */
extern int (*secrets_adapter_runner)(const char *cmd, struct str *out, int *status);

#endif
