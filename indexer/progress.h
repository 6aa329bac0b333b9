// A one-line progress display for long runs on a terminal (files, articles, articles/s, ETA).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace kronika {

class Progress {
  public:
    // Draws on stderr only when it is a terminal and `enabled`.
    Progress(uint64_t total_files, uint64_t total_bytes, bool enabled);

    // Updates the counters; redraws at most every 200 ms.
    void update(uint64_t files_done, uint64_t articles, uint64_t bytes_done);

    // Clears the line.
    void finish();

    double elapsed_seconds() const;

  private:
    uint64_t total_files_, total_bytes_;
    bool enabled_;
    std::chrono::steady_clock::time_point start_, last_draw_;
    bool drawn_ = false;
};

std::string format_duration(double seconds);

}  // namespace kronika
