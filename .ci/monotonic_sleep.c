/* Sleeps on the monotonic clock go straight to the kernel, for runs under faketime (.ci/other-days).
 *
 * libfaketime moves the wall clock. It must leave the monotonic clock alone (DONT_FAKE_MONOTONIC=1): when it moves
 * that too, a timed lock wait (sem_clockwait, which libfaketime does not wrap) waits for the whole offset, and a test
 * process hangs at its first lock with a timeout. But with the monotonic clock left alone, libfaketime's
 * clock_nanosleep still converts an absolute monotonic deadline as if it were faked, and Python's time.sleep fails
 * with EINVAL. Preloaded before libfaketime, this clock_nanosleep passes monotonic sleeps to the kernel unchanged
 * and every other clock to libfaketime.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *request, struct timespec *remain) {
    if (clock_id == CLOCK_MONOTONIC) {
        return syscall(SYS_clock_nanosleep, clock_id, flags, request, remain) == -1 ? errno : 0;
    }
    int (*next)(clockid_t, int, const struct timespec *, struct timespec *) = dlsym(RTLD_NEXT, "clock_nanosleep");
    return next(clock_id, flags, request, remain);
}
