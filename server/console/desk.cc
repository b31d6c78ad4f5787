// The operators' desk (see desk.h).
#include "server/console/desk.h"

#include <algorithm>

#include "flow/flow_program.h"
#include "server/console/operator_hours.h"
#include "switchboard/clock.h"

namespace switchboard::server {
namespace {

constexpr size_t kMaxListed = 5000;
// Who the desk's own actions (notices) are from in the log.
constexpr const char* kDeskId = "desk";

bool IsSupervising(const OperatorAccount& a) { return a.role != OperatorRole::kOperator; }

}  // namespace

std::string_view OperatorRoleName(OperatorRole role) {
  switch (role) {
    case OperatorRole::kOperator: return "operator";
    case OperatorRole::kSupervisor: return "supervisor";
    case OperatorRole::kAdmin: return "admin";
  }
  return "operator";
}

Desk::Desk(Engine* engine, Store* store, const ConsoleConfig* config, const Clock* clock)
    : engine_(engine), store_(store), config_(config), clock_(clock ? clock : SystemClock()) {}

const OperatorAccount* Desk::Find(std::string_view operator_id) const {
  for (const OperatorAccount& a : config_->operators) {
    if (a.id == operator_id) return &a;
  }
  return nullptr;
}

bool Desk::Serves(const OperatorAccount& account, std::string_view department) const {
  if (department.empty()) return true;
  return std::find(account.departments.begin(), account.departments.end(), department) != account.departments.end();
}

bool Desk::Sees(const OperatorAccount& account, const QueueEntry& entry) const {
  return IsSupervising(account) || entry.operator_id == account.id || Serves(account, entry.department);
}

int Desk::Capacity(const OperatorAccount& account) const {
  return account.max_chats > 0 ? account.max_chats : config_->max_chats;
}

Result<TurnReport> Desk::Operate(OperatorAction action) { return engine_->Operate(action); }

std::string Desk::CloseStep() const {
  auto program = engine_->program();
  if (!program) return "";
  int flow = program->FindFlow("feedback");
  if (flow < 0 || program->flows[flow].first_step == kNoStep) return "";
  return program->steps[program->flows[flow].first_step].name;
}

std::vector<std::string> Desk::HandBackSteps() const {
  std::vector<std::string> out;
  auto program = engine_->program();
  if (!program) return out;
  for (const CompiledStep& s : program->steps) {
    if (s.name.find(".#") == std::string::npos) out.push_back(s.name);
  }
  return out;
}

Result<TurnReport> Desk::Act(const OperatorAccount& account, const DeskAction& a) {
  using Kind = DeskAction::Kind;
  Result<QueueEntry> entry = store_->GetQueueEntry(a.session_id);
  if (!entry.ok()) return entry.status();
  if (!Sees(account, *entry)) return Status::NotFound("session " + a.session_id + " is not queued");
  OperatorAction op;
  op.session_id = a.session_id;
  op.operator_id = account.id;
  // An admin acts on another operator's chat as that operator.
  if (account.role == OperatorRole::kAdmin && !entry->operator_id.empty() && a.kind != Kind::kTake) {
    op.operator_id = entry->operator_id;
  }
  switch (a.kind) {
    case Kind::kTake: {
      if (entry->operator_id == account.id) break;
      if (!entry->operator_id.empty()) return Status::Conflict("the chat is with " + entry->operator_id);
      op.kind = OperatorAction::Kind::kTake;
      if (!IsSupervising(account)) op.max_chats = Capacity(account);
      break;
    }
    case Kind::kReply: op.kind = OperatorAction::Kind::kSay; op.text = a.text; break;
    case Kind::kNote: op.kind = OperatorAction::Kind::kNote; op.text = a.text; break;
    case Kind::kTransfer: {
      op.kind = OperatorAction::Kind::kTransfer;
      op.text = a.text;
      op.department = a.department.empty() ? entry->department : a.department;
      if (!a.department.empty() &&
          std::find(config_->departments.begin(), config_->departments.end(), a.department) ==
              config_->departments.end()) {
        return Status::InvalidArgument("no department '" + a.department + "'");
      }
      if (!a.to_operator.empty()) {
        const OperatorAccount* to = Find(a.to_operator);
        if (to == nullptr) return Status::InvalidArgument("no operator '" + a.to_operator + "'");
        if (!Serves(*to, op.department) && !IsSupervising(*to)) {
          return Status::InvalidArgument(a.to_operator + " does not serve '" + op.department + "'");
        }
        auto presence = store_->ListPresence();
        if (!presence.ok()) return presence.status();
        if (presence->count(a.to_operator) == 0) return Status::Conflict(a.to_operator + " is offline");
        op.to_operator = a.to_operator;
      }
      break;
    }
    case Kind::kHandBack: op.kind = OperatorAction::Kind::kHandBack; op.step = a.step; break;
    case Kind::kClose: op.kind = OperatorAction::Kind::kHandBack; op.step = CloseStep(); break;
  }
  if (a.kind == Kind::kTake && entry->operator_id == account.id) {
    op.kind = OperatorAction::Kind::kTake;
  } else if (a.kind != Kind::kTake && a.kind != Kind::kNote && entry->operator_id != op.operator_id) {
    return Status::Conflict(entry->operator_id.empty() ? "take the chat first"
                                                        : "the chat is with " + entry->operator_id);
  }
  Result<TurnReport> done = Operate(std::move(op));
  if (!done.ok() && done.status().code() == StatusCode::kResourceExhausted) {
    return Status::Conflict("you have your maximum of " + std::to_string(Capacity(account)) + " chats");
  }
  return done;
}

Status Desk::Typing(const OperatorAccount& account, const std::string& session_id) {
  Result<QueueEntry> entry = store_->GetQueueEntry(session_id);
  if (!entry.ok()) return entry.status();
  if (!Sees(account, *entry)) return Status::NotFound("session " + session_id + " is not queued");
  if (entry->operator_id != account.id) return Status::Conflict("the chat is not yours");
  return store_->Signal(session_id, "typing");
}

Status Desk::SetPresence(const OperatorAccount& account, std::string_view state) {
  if (state != "online" && state != "away" && state != "offline") {
    return Status::InvalidArgument("presence is one of online, away, offline");
  }
  return store_->SetPresence(account.id, {std::string(state), clock_->NowMs() + config_->presence_ttl_s * 1000LL});
}

int Desk::OnlineServing(const std::map<std::string, OperatorPresence>& presence, std::string_view department) const {
  int n = 0;
  for (const auto& [id, p] : presence) {
    const OperatorAccount* a = Find(id);
    if (a != nullptr && p.state == "online" && Serves(*a, department)) ++n;
  }
  return n;
}

std::string Desk::WaitText(const QueueEntry& entry, std::string_view language) {
  const bool ru = language == "ru";
  const int64_t now = clock_->NowMs();
  if (!OperatorsWorkAt(config_->hours, now)) {
    int64_t start = NextOperatorsStart(config_->hours, now);
    if (start < 0) return ru ? "Сейчас операторов нет на месте." : "No operators are at work now.";
    std::string when = DescribeStart(config_->hours, now, start, language);
    return ru ? "Сейчас операторы не работают. Вам ответят " + when + "."
              : "Operators are not at work now. They will answer you " + when + ".";
  }
  auto waiting = store_->ListWaiting(entry.department, 500);
  size_t ahead = 0;
  if (waiting.ok()) {
    while (ahead < waiting->size() && (*waiting)[ahead].session_id != entry.session_id) ++ahead;
  }
  auto presence = store_->ListPresence();
  int online = presence.ok() ? OnlineServing(*presence, entry.department) : 0;
  if (online == 0) {
    return ru ? "Сейчас все операторы заняты; ответим, как только кто-то освободится."
              : "All operators are busy now; we will answer as soon as one is free.";
  }
  int minutes = static_cast<int>((static_cast<int64_t>(ahead + 1) * config_->minutes_per_chat + online - 1) / online);
  minutes = std::max(1, minutes);
  return ru ? "Ожидаемое время ответа — около " + std::to_string(minutes) + " мин."
            : "Expected wait: about " + std::to_string(minutes) + " min.";
}

void Desk::AfterTurn(const std::string& session_id, const TurnReport& report) {
  if (!report.handed_off || !report.operator_id.empty() || report.duplicate) return;
  Result<QueueEntry> entry = store_->GetQueueEntry(session_id);
  if (!entry.ok() || !entry->operator_id.empty()) return;
  std::string key = session_id + "@" + std::to_string(entry->enqueued_ms);
  {
    std::lock_guard lock(mu_);
    if (!told_wait_.insert(key).second) return;
    if (told_wait_.size() > 100000) told_wait_.clear();
  }
  OperatorAction notice;
  notice.kind = OperatorAction::Kind::kNotice;
  notice.session_id = session_id;
  notice.operator_id = kDeskId;
  notice.action_id = "wait:" + std::to_string(entry->enqueued_ms);
  notice.texts = {{"ru", WaitText(*entry, "ru")}, {"en", WaitText(*entry, "en")}};
  notice.text = notice.texts["en"];
  (void)Operate(std::move(notice));  // best effort: the handoff step said what happens
}

Result<std::map<std::string, int>> Desk::Loads() {
  auto assigned = store_->ListAssigned("", kMaxListed);
  if (!assigned.ok()) return assigned.status();
  std::map<std::string, int> loads;
  for (const QueueEntry& e : *assigned) ++loads[e.operator_id];
  return loads;
}

Result<DeskTickReport> Desk::Tick() {
  DeskTickReport report;
  const int64_t now = clock_->NowMs();
  auto presence = store_->ListPresence();
  if (!presence.ok()) return presence.status();
  auto assigned = store_->ListAssigned("", kMaxListed);
  if (!assigned.ok()) return assigned.status();
  std::map<std::string, int> loads;
  for (const QueueEntry& e : *assigned) {
    if (presence->count(e.operator_id) > 0 || e.operator_id == kDeskId) {
      ++loads[e.operator_id];
      continue;
    }
    // The operator's console stopped reporting: the chat goes back to its queue, at
    // its place. Another process doing the same gets Conflict (no longer the owner).
    OperatorAction back;
    back.kind = OperatorAction::Kind::kTransfer;
    back.session_id = e.session_id;
    back.operator_id = e.operator_id;
    back.department = e.department;
    back.text = "operator offline";
    if (Operate(std::move(back)).ok()) ++report.reclaimed;
  }
  auto waiting = store_->ListWaiting("", kMaxListed);
  if (!waiting.ok()) return waiting.status();
  for (const QueueEntry& e : *waiting) {
    if (config_->auto_routing) {
      const OperatorAccount* best = nullptr;
      for (const auto& [id, p] : *presence) {
        const OperatorAccount* a = Find(id);
        if (a == nullptr || p.state != "online" || !Serves(*a, e.department)) continue;
        if (loads[id] >= Capacity(*a)) continue;
        if (best == nullptr || loads[id] < loads[best->id]) best = a;
      }
      if (best != nullptr) {
        OperatorAction take;
        take.kind = OperatorAction::Kind::kTake;
        take.session_id = e.session_id;
        take.operator_id = best->id;
        take.max_chats = Capacity(*best);  // atomic: another process may route to them too
        if (Operate(std::move(take)).ok()) {
          ++loads[best->id];
          ++report.routed;
          continue;
        }
      }
    }
    if (now - e.enqueued_ms < config_->long_wait_s * 1000LL) continue;
    std::string key = e.session_id + "@" + std::to_string(e.enqueued_ms);
    {
      std::lock_guard lock(mu_);
      if (!told_long_wait_.insert(key).second) continue;
      if (told_long_wait_.size() > 100000) told_long_wait_.clear();
    }
    OperatorAction notice;
    notice.kind = OperatorAction::Kind::kNotice;
    notice.session_id = e.session_id;
    notice.operator_id = kDeskId;
    notice.action_id = "long_wait:" + std::to_string(e.enqueued_ms);
    notice.texts = {{"ru", "Простите, что приходится ждать: все операторы заняты. Мы помним о вас и ответим как можно скорее."},
                    {"en", "Sorry for the wait: all operators are busy. We have not forgotten you and will answer as soon as we can."}};
    notice.text = notice.texts["en"];
    auto told = Operate(std::move(notice));
    if (told.ok() && !told->duplicate) ++report.told_long_wait;
  }
  return report;
}

}  // namespace switchboard::server
