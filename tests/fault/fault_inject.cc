// A fault-injection shim for tests (LD_PRELOAD): makes writes under one folder fail as a full
// disk or a read-only folder would, so the indexer's handling of both can be tested without
// root, a small tmpfs or a loop device.
//
//   KRONIKA_FAULT_DIR=/path        only files under this folder are affected
//   KRONIKA_FAULT_ENOSPC_AFTER=N   writes fail with ENOSPC once N bytes were written there
//   KRONIKA_FAULT_EACCES=1         opening a file there for writing fails with EACCES, and so
//                                  does creating a folder there
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <string>

namespace {

std::atomic<long long> g_written{0};

const char* fault_dir() {
    static const char* dir = getenv("KRONIKA_FAULT_DIR");
    return dir;
}

bool under_dir(const std::string& path) {
    const char* dir = fault_dir();
    return dir && *dir && path.compare(0, strlen(dir), dir) == 0;
}

std::string absolute(const char* path) {
    if (!path) return "";
    if (path[0] == '/') return path;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return path;
    return std::string(cwd) + "/" + path;
}

bool fd_under_dir(int fd) {
    char link[64], target[PATH_MAX];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) return false;
    target[n] = 0;
    return under_dir(target);
}

// True when this write must fail with ENOSPC (counting the bytes of those that may proceed).
bool disk_full(int fd, size_t bytes) {
    static const char* after = getenv("KRONIKA_FAULT_ENOSPC_AFTER");
    if (!after || !fd_under_dir(fd)) return false;
    long long limit = atoll(after);
    if (g_written.load() + static_cast<long long>(bytes) > limit) return true;
    g_written += static_cast<long long>(bytes);
    return false;
}

bool no_access(const char* path, int flags) {
    static const char* eacces = getenv("KRONIKA_FAULT_EACCES");
    return eacces && *eacces == '1' && (flags & (O_WRONLY | O_RDWR | O_CREAT)) &&
           under_dir(absolute(path));
}

template <class F>
F real(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

// open() or open64(): refused under the folder when it must be, else the real call.
int open_as(const char* name, const char* path, int flags, va_list ap) {
    mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
    if (no_access(path, flags)) {
        errno = EACCES;
        return -1;
    }
    return real<int (*)(const char*, int, ...)>(name)(path, flags, mode);
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t n) {
    if (disk_full(fd, n)) {
        errno = ENOSPC;
        return -1;
    }
    return real<ssize_t (*)(int, const void*, size_t)>("write")(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t off) {
    if (disk_full(fd, n)) {
        errno = ENOSPC;
        return -1;
    }
    return real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite")(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t off) {
    if (disk_full(fd, n)) {
        errno = ENOSPC;
        return -1;
    }
    return real<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64")(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
    size_t n = 0;
    for (int i = 0; i < count; ++i) n += iov[i].iov_len;
    if (disk_full(fd, n)) {
        errno = ENOSPC;
        return -1;
    }
    return real<ssize_t (*)(int, const struct iovec*, int)>("writev")(fd, iov, count);
}

int open(const char* path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    int fd = open_as("open", path, flags, ap);
    va_end(ap);
    return fd;
}

int open64(const char* path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    int fd = open_as("open64", path, flags, ap);
    va_end(ap);
    return fd;
}

int mkdir(const char* path, mode_t mode) {
    if (no_access(path, O_CREAT)) {
        errno = EACCES;
        return -1;
    }
    return real<int (*)(const char*, mode_t)>("mkdir")(path, mode);
}

}  // extern "C"
