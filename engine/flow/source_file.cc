// Guarded reading of flow and test files (see source_file.h). POSIX open/fstat are
// used rather than std::ifstream: O_NONBLOCK keeps a FIFO from stalling the open,
// O_NOFOLLOW refuses a link put in place after the path was resolved, and fstat
// says what was actually opened.
#include "flow/source_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace switchboard {
namespace {

bool Refuse(const std::string& path, const std::string& code, const std::string& message,
            const std::string& hint, Diagnostic* problem) {
  *problem = {Severity::kError, path, 0, 0, code, message, hint};
  return false;
}

// True when `inner` is `outer` or lies below it (both absolute, normalised).
bool Within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  auto [end, ignored] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return end == outer.end();
}

}  // namespace

bool ReadSourceFile(const std::string& path, const std::string& root, size_t max_bytes,
                    std::string* content, Diagnostic* problem) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec) return Refuse(path, "cannot-read", "cannot read the folder: " + ec.message(), "", problem);
  fs::path real = fs::canonical(path, ec);
  if (ec) {
    return Refuse(path, "cannot-read", "cannot open the file: " + ec.message(),
                  "a link must point at an existing file", problem);
  }
  if (!Within(real, real_root)) {
    return Refuse(path, "link-outside",
                  "the file is a link to a place outside the folder; it is not read",
                  "copy the file into the folder, or link only to files inside it", problem);
  }
  int fd = ::open(real.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    return Refuse(path, "cannot-read", std::string("cannot open the file: ") + std::strerror(errno),
                  "", problem);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Refuse(path, "not-a-file",
                  "not a regular file (a FIFO, device, socket or folder); it is not read",
                  "flow and test files must be ordinary files", problem);
  }
  if (static_cast<uintmax_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return Refuse(path, "file-too-large",
                  "file is " + std::to_string(st.st_size) + " bytes; the limit is " +
                      std::to_string(max_bytes),
                  "split it into several files", problem);
  }
  content->clear();
  char buffer[65536];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    content->append(buffer, static_cast<size_t>(n));
    if (content->size() > max_bytes) break;  // grew while being read
  }
  ::close(fd);
  if (content->size() > max_bytes) {
    return Refuse(path, "file-too-large",
                  "file grew beyond the limit of " + std::to_string(max_bytes) + " bytes while read",
                  "split it into several files", problem);
  }
  return true;
}

}  // namespace switchboard
