// `kronika-index watch`: folders watched with inotify; files that are written, moved in or
// removed are handed over in small batches once the folder has been quiet for a moment.
#pragma once

#include <chrono>
#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "readers/input.h"

namespace kronika {

struct WatchBatch {
    std::vector<InputFile> changed;  // written or moved in (complete: closed after writing)
    bool removed = false;            // some input file was deleted or moved out
    bool rescan = false;  // events were lost (the kernel's queue overflowed): read the roots again
};

struct WatchOptions {
    // A batch is handed over once no event came for `settle`, or `max_wait` after its first
    // event while events keep coming (a steady stream of new files still gets committed).
    std::chrono::milliseconds settle{300};
    std::chrono::milliseconds max_wait{2000};
};

// Watches `roots` (folders, recursively, new subfolders included; hidden entries skipped) until
// *stop is set (by a signal handler: the wait is interrupted), calling `on_batch` for each batch.
// Throws std::runtime_error when a folder cannot be watched (e.g. the inotify watch limit,
// /proc/sys/fs/inotify/max_user_watches, is reached).
void watch_folders(const std::vector<std::string>& roots, const WatchOptions& options,
                   const volatile std::sig_atomic_t* stop,
                   const std::function<void(WatchBatch&&)>& on_batch);

}  // namespace kronika
