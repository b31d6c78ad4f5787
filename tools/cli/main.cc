// `switchboard`: the staff's command-line program. Dispatches to a subcommand.
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"

namespace {

constexpr char kUsage[] =
    "usage: switchboard COMMAND [ARGS]\n"
    "\n"
    "  lint DIR [--json] [--channels telegram,whatsapp,viber,vk]\n"
    "                                 check the flows in DIR; exit 1 on errors; warn where\n"
    "                                 those messengers would number a step's buttons\n"
    "  chat DIR                       talk to the bot in the terminal\n"
    "  test DIR TESTS                 run conversation tests (a file or a folder)\n"
    "  explain DIR                    read messages on stdin, print what each matches (JSON lines)\n"
    "  eval DIR SET.tsv [--json] [--min-right S] [--max-wrong S]\n"
    "                                 score the bot on labelled messages; exit 1 below the thresholds\n"
    "  graph DIR [--format mermaid|dot]  draw the flows\n"
    "  serve CONFIG.yaml [--check]    run the bot as a server (web chat, REST API); --check only checks\n"
    "  hash-password                  read a password on stdin, print its Argon2id hash for console.operators\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace switchboard::cli;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  Args args(argv + 2, argv + argc);
  if (command == "lint") return Lint(args);
  if (command == "chat") return Chat(args);
  if (command == "test") return Test(args);
  if (command == "explain") return Explain(args);
  if (command == "eval") return Eval(args);
  if (command == "graph") return Graph(args);
  if (command == "serve") return Serve(args);
  if (command == "hash-password") return HashPasswordCommand(args);
  std::fprintf(stderr, "switchboard: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
