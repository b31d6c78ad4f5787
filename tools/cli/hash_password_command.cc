// `switchboard hash-password`: reads one password from standard input (the first
// line, without its line break) and prints its Argon2id hash, the form
// console.operators[].password_hash takes in the server configuration.
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.h"
#include "server/console/operator_auth.h"

namespace switchboard::cli {

int HashPasswordCommand(const Args& args) {
  if (!args.empty()) {
    std::fputs("usage: switchboard hash-password < password.txt\n", stderr);
    return 2;
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < 8) {
    std::fputs("switchboard: a password needs at least 8 characters\n", stderr);
    return 1;
  }
  std::string hash = server::HashPassword(password);
  if (hash.empty()) {
    std::fputs("switchboard: hashing failed (out of memory?)\n", stderr);
    return 1;
  }
  std::printf("%s\n", hash.c_str());
  return 0;
}

}  // namespace switchboard::cli
