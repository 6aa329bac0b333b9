// The inotify loop of `kronika-index watch`.
#include "watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

namespace kronika {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE |
                           IN_DELETE_SELF | IN_ONLYDIR;

class Inotify {
  public:
    Inotify() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
        if (fd_ < 0) throw std::runtime_error(std::string("inotify: ") + std::strerror(errno));
    }
    ~Inotify() { close(fd_); }
    Inotify(const Inotify&) = delete;
    Inotify& operator=(const Inotify&) = delete;
    int fd() const { return fd_; }

    // Watches `dir` and its subfolders; `root` is the folder given on the command line. Files
    // already in new subfolders are appended to *found (they may have been written before the
    // watch began).
    void add_tree(const fs::path& dir, const std::string& root, std::vector<InputFile>* found) {
        add_one(dir, root);
        std::error_code ec;
        fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec),
            end;
        for (; !ec && it != end; it.increment(ec)) {
            std::string name = it->path().filename().string();
            std::error_code e2;
            bool is_dir = it->is_directory(e2);
            if (!name.empty() && name[0] == '.') {
                if (is_dir) it.disable_recursion_pending();
                continue;
            }
            if (is_dir) {
                add_one(it->path(), root);
            } else if (found && it->is_regular_file(e2)) {
                InputFile f = describe_input(it->path().string(), root);
                if (f.format != InputFormat::unknown) found->push_back(std::move(f));
            }
        }
    }

    struct Dir {
        fs::path path;
        std::string root;
    };
    const Dir* dir(int wd) const {
        auto it = dirs_.find(wd);
        return it == dirs_.end() ? nullptr : &it->second;
    }
    void forget(int wd) { dirs_.erase(wd); }

  private:
    int fd_;
    std::map<int, Dir> dirs_;

    void add_one(const fs::path& dir, const std::string& root) {
        int wd = inotify_add_watch(fd_, dir.c_str(), kMask);
        if (wd < 0) {
            std::string why = std::strerror(errno);
            if (errno == ENOSPC)
                why += " (the inotify watch limit; raise /proc/sys/fs/inotify/max_user_watches)";
            throw std::runtime_error(dir.string() + ": cannot watch: " + why);
        }
        dirs_[wd] = {dir, root};
    }
};

}  // namespace

void watch_folders(const std::vector<std::string>& roots, const WatchOptions& options,
                   const volatile std::sig_atomic_t* stop,
                   const std::function<void(WatchBatch&&)>& on_batch) {
    Inotify in;
    for (const auto& r : roots) {
        if (!fs::is_directory(r)) throw std::runtime_error(r + ": not a folder");
        in.add_tree(r, r, nullptr);
    }
    using Clock = std::chrono::steady_clock;
    std::map<std::string, InputFile> changed;  // by path: a file written twice is read once
    bool removed = false, rescan = false;
    Clock::time_point first{}, last{};
    alignas(inotify_event) char buf[64 * 1024];
    while (!*stop) {
        bool pending = !changed.empty() || removed || rescan;
        int timeout = -1;
        if (pending) {
            auto now = Clock::now();
            auto due = std::min(last + options.settle, first + options.max_wait);
            timeout = due <= now
                          ? 0
                          : static_cast<int>(
                                std::chrono::duration_cast<std::chrono::milliseconds>(due - now)
                                    .count()) +
                                1;
        }
        pollfd p{in.fd(), POLLIN, 0};
        int rc = poll(&p, 1, timeout);
        if (rc < 0) {
            if (errno == EINTR) continue;  // a signal: the loop checks *stop
            throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
        }
        if (rc == 0) {
            WatchBatch batch;
            for (auto& [path, f] : changed) batch.changed.push_back(std::move(f));
            batch.removed = removed;
            batch.rescan = rescan;
            changed.clear();
            removed = rescan = false;
            on_batch(std::move(batch));
            continue;
        }
        ssize_t n = read(in.fd(), buf, sizeof buf);
        if (n <= 0) continue;
        bool was_pending = pending, got = false;
        for (char* q = buf; q < buf + n;) {
            auto* ev = reinterpret_cast<inotify_event*>(q);
            q += sizeof(inotify_event) + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                rescan = got = true;  // some events are lost: the next batch reads every root
                continue;
            }
            const auto* d = in.dir(ev->wd);
            if (!d) continue;
            if (ev->mask & (IN_DELETE_SELF | IN_IGNORED)) {
                in.forget(ev->wd);
                continue;
            }
            if (ev->len == 0) continue;
            std::string name = ev->name;
            if (name.empty() || name[0] == '.') continue;  // hidden, and editors' temp files
            fs::path path = d->path / name;
            if (ev->mask & IN_ISDIR) {
                std::vector<InputFile> found;
                if (ev->mask & (IN_CREATE | IN_MOVED_TO)) in.add_tree(path, d->root, &found);
                if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) removed = got = true;
                for (auto& f : found) changed[f.path] = std::move(f);
                got = got || !found.empty();
            } else if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
                // Only complete files: IN_CREATE alone would catch a file half written.
                InputFile f = describe_input(path.string(), d->root);
                if (f.format == InputFormat::unknown) continue;
                changed[f.path] = std::move(f);
                got = true;
            } else if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) {
                if (describe_input(path.string(), d->root).format == InputFormat::unknown) continue;
                changed.erase(path.string());
                removed = got = true;
            }
        }
        if (!got) continue;
        last = Clock::now();
        if (!was_pending) first = last;  // a batch's clock starts with its first event
    }
}

}  // namespace kronika
