// The operators' desk: the policy over the store's queue. Who may see and act on
// which chat (operators their departments' and the general queue, supervisors and
// admins all), automatic routing to the least busy online operator with free
// capacity, chats of operators who went offline put back in their queue, long waits
// flagged and the customer told, and what a customer who starts waiting is told
// (an expected wait, or when operators start work). Every change to a chat goes
// through Engine::Operate, so the conversation and the queue never disagree, and
// the store's version check means no chat is ever given to two operators, whichever
// process routes it.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "server/console/console_config.h"
#include "switchboard/engine.h"
#include "switchboard/store.h"

namespace switchboard {
class Clock;
}

namespace switchboard::server {

// What one Tick did.
struct DeskTickReport {
  int routed = 0;     // chats given to operators
  int reclaimed = 0;  // chats put back in the queue from operators who went offline
  int told_long_wait = 0;
};

// An action an operator asks for in the console.
struct DeskAction {
  enum class Kind { kTake, kReply, kNote, kTransfer, kHandBack, kClose };
  Kind kind = Kind::kReply;
  std::string session_id;
  std::string text;         // kReply, kNote; kTransfer: the note
  std::string to_operator;  // kTransfer
  std::string department;   // kTransfer
  std::string step;         // kHandBack: "flow.step"; "" = the main menu
};

// A Desk is safe for concurrent use by multiple threads.
class Desk {
 public:
  // `engine`, `store`, `config` and `clock` must outlive the desk.
  Desk(Engine* engine, Store* store, const ConsoleConfig* config, const Clock* clock);

  const OperatorAccount* Find(std::string_view operator_id) const;
  // Supervisors and admins see every chat; operators those of their departments
  // and of the general queue ("").
  bool Sees(const OperatorAccount& account, const QueueEntry& entry) const;
  // Whether the operator serves `department` (routing and transfers).
  bool Serves(const OperatorAccount& account, std::string_view department) const;
  int Capacity(const OperatorAccount& account) const;

  // Checks the operator may do it, then applies it. NotFound for a chat that is not
  // with operators or that the operator may not see; Conflict when another operator
  // has it or the operator is at capacity; InvalidArgument for a bad transfer or step.
  Result<TurnReport> Act(const OperatorAccount& account, const DeskAction& action);

  // Tells the customer's page that the operator who has the chat is typing (a
  // signal in the change feed; nothing is committed). NotFound / Conflict as Act.
  Status Typing(const OperatorAccount& account, const std::string& session_id);

  // Records the operator's presence ("online", "away", "offline") for
  // presence_ttl_s; consoles report it every few seconds.
  Status SetPresence(const OperatorAccount& account, std::string_view state);

  // After a customer's turn: when the chat waits for an operator, tells the customer
  // what to expect, once per stay in the queue (across processes).
  void AfterTurn(const std::string& session_id, const TurnReport& report);

  // One round of reclaiming, routing (when automatic) and long waits.
  Result<DeskTickReport> Tick();

  // Chats each operator has now.
  Result<std::map<std::string, int>> Loads();
  // The expected wait as the customer would be told it now.
  std::string WaitText(const QueueEntry& entry, std::string_view language);
  // Steps a chat can be handed back at: named steps, "flow.step".
  std::vector<std::string> HandBackSteps() const;
  const ConsoleConfig& config() const { return *config_; }

 private:
  Result<TurnReport> Operate(OperatorAction action);
  std::string CloseStep() const;
  int OnlineServing(const std::map<std::string, OperatorPresence>& presence, std::string_view department) const;

  Engine* const engine_;
  Store* const store_;
  const ConsoleConfig* const config_;
  const Clock* const clock_;
  std::mutex mu_;
  // "sid@enqueued ms" already told in this process (the action id makes it once
  // across processes; this saves the round trips). GUARDED_BY(mu_)
  std::set<std::string> told_wait_, told_long_wait_;
};

}  // namespace switchboard::server
