/*
 * log — diagnostic messages on stderr, with levels.
 *
 * This is for sextant's own diagnostics (-v debug, warnings). The SSHKit-style
 * progress output users read ("INFO [id] Running ...") belongs to src/cli/output.
 * Thread-safe: each message is written with one write(2).
 */
#ifndef SEXTANT_CORE_LOG_H
#define SEXTANT_CORE_LOG_H

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
	LOG_TRACE = 4
};

void	log_set_level(enum log_level lvl);
enum log_level log_get_level(void);
/* Colour is used only when stderr is a TTY and NO_COLOR is unset. */
int	log_color(void);
void	log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	do { if (log_get_level() >= LOG_DEBUG) log_msg(LOG_DEBUG, __VA_ARGS__); } while (0)
#define log_trace(...)	do { if (log_get_level() >= LOG_TRACE) log_msg(LOG_TRACE, __VA_ARGS__); } while (0)

#endif
