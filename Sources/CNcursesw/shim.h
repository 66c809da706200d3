#ifndef CASHIER_CNCURSESW_SHIM_H
#define CASHIER_CNCURSESW_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Stateless helpers only: Swift may emit a copy of these per object file, so no statics here.
   They exist because Swift cannot import function-like macros, variadic ioctl, the sigaction
   union, or read ncurses' C globals in a concurrency-safe way. */

static inline attr_t cashier_attr_bold(void) { return WA_BOLD; }
static inline attr_t cashier_attr_reverse(void) { return WA_REVERSE; }
static inline attr_t cashier_attr_underline(void) { return WA_UNDERLINE; }
static inline attr_t cashier_attr_dim(void) { return WA_DIM; }

/* Valid only after initscr/start_color. */
static inline int cashier_colors(void) { return COLORS; }
static inline int cashier_color_pairs(void) { return COLOR_PAIRS; }

/* Colours the terminal named by $TERM offers (0 for none), without starting curses;
   -1 if ncurses does not know the terminal. */
static inline int cashier_probe_colors(int fd) {
    int err = 0;
    if (setupterm(NULL, fd, &err) != OK) return -1;
    int colors = tigetnum("colors");
    TERMINAL *probe = set_curterm(NULL);
    if (probe) del_curterm(probe);
    return colors > 0 ? colors : 0;
}

/* Columns the C library (and so ncurses) gives a character; wcwidth needs _XOPEN_SOURCE,
   which Swift's glibc import does not define. */
int wcwidth(wchar_t c);
static inline int cashier_wcwidth(wchar_t c) { return wcwidth(c); }

/* 0 on success; the size of the terminal on `fd`. */
static inline int cashier_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

/* Installs a plain handler; the previous action goes to `old` when not NULL. */
static inline int cashier_install_handler(int sig, void (*handler)(int), int flags, struct sigaction *old) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, old);
}
#endif
