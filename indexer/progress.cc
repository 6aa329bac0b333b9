// Terminal progress line.
#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace kronika {

std::string format_duration(double s) {
    if (s < 0) s = 0;
    long t = static_cast<long>(s + 0.5);
    char buf[64];
    if (t >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
    return buf;
}

Progress::Progress(uint64_t total_files, uint64_t total_bytes, bool enabled)
    : total_files_(total_files),
      total_bytes_(total_bytes),
      enabled_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::elapsed_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(uint64_t files_done, uint64_t articles, uint64_t bytes_done) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    drawn_ = true;
    double el = elapsed_seconds();
    double rate = el > 0 ? articles / el : 0;
    std::string eta = "?";
    if (total_bytes_ && bytes_done && el > 1) {
        double frac = static_cast<double>(bytes_done) / total_bytes_;
        if (frac > 0 && frac <= 1) eta = format_duration(el / frac - el);
    }
    std::fprintf(stderr, "\r\033[Kfiles %llu/%llu  articles %llu  %.0f/s  elapsed %s  ETA %s",
                 (unsigned long long)files_done, (unsigned long long)total_files_,
                 (unsigned long long)articles, rate, format_duration(el).c_str(), eta.c_str());
    std::fflush(stderr);
}

void Progress::finish() {
    if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace kronika
