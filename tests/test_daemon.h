// Test helpers for servers: free loopback ports and daemons started and stopped by pid.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace kronika::testing {

// A loopback port nobody listens on right now.
inline int free_port() {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    close(s);
    return ntohs(a.sin_port);
}

inline bool accepts(int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(s);
    return ok;
}

// A server process started with execvp in its own process group, stopped by pid (SIGTERM to
// that group, which holds the connection handlers it forked; then waited for).
class Daemon {
  public:
    // `log`: a file for the daemon's stderr ("" = discarded).
    Daemon(std::vector<std::string> argv, int port, const std::string& log = "") : port_(port) {
        pid_ = fork();
        if (pid_ == 0) {
            // Its own process group: xapian-tcpsrv passes SIGTERM on to its whole group.
            setpgid(0, 0);
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            int null = ::open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            int err = log.empty() ? null : ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(err, STDERR_FILENO);
            execvp(args[0], args.data());
            _exit(127);
        }
        // Ready when it accepts connections (bounded: 10 s).
        for (int i = 0; i < 200 && !accepts(port_); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ~Daemon() { stop(); }
    // SIGTERM to its process group; returns its exit code (-1 if it died of a signal or was
    // already stopped).
    int stop() {
        if (pid_ <= 0) return -1;
        kill(-pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;
    bool ready() const { return pid_ > 0 && accepts(port_); }
    int port() const { return port_; }

  private:
    pid_t pid_ = -1;
    int port_;
};

}  // namespace kronika::testing
