// The snapshot's wire form. It is read and written on every turn, so it is a flat
// sequence of length-prefixed tokens rather than JSON (JSON cost more than the rest
// of a turn together). Grammar:
//
//   snapshot := "sb1;" token*            (an empty snapshot is a new conversation)
//   token    := <decimal byte length> ":" <bytes>
//   tokens in order: lang, #slots, (name, value)*, #waiting, step*, attempts, misses,
//                    options_page, #answered, step*, #buttons, (label, payload)*,
//                    with_operator (0/1), turns, current_flow, entry_text,
//                    #prefilled, step*
//
// Tokens are bytes, so any UTF-8 (or a stray "{" or ":") in a value is carried as is.
#include "dialog/session_state.h"

#include <charconv>

namespace switchboard {
namespace {

constexpr std::string_view kMagic = "sb1;";

class Writer {
 public:
  void Put(std::string_view token) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, token.size());
    out_.append(digits, end);
    out_ += ':';
    out_.append(token);
  }
  void Put(int64_t number) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
    Put(std::string_view(digits, end - digits));
  }
  std::string Take() { return std::move(out_); }
  std::string out_{kMagic};
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Get(std::string* token) {
    std::string_view view;
    if (!Next(&view)) return false;
    token->assign(view);
    return true;
  }
  template <typename Int>
  bool Get(Int* number) {
    std::string_view view;
    if (!Next(&view)) return false;
    auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), *number);
    return ec == std::errc() && end == view.data() + view.size();
  }
  bool done() const { return in_.empty(); }

 private:
  bool Next(std::string_view* token) {
    size_t length = 0;
    auto [end, ec] = std::from_chars(in_.data(), in_.data() + in_.size(), length);
    if (ec != std::errc() || end == in_.data() + in_.size() || *end != ':') return false;
    size_t start = end - in_.data() + 1;
    if (length > in_.size() - start) return false;
    *token = in_.substr(start, length);
    in_.remove_prefix(start + length);
    return true;
  }
  std::string_view in_;
};

// Counts are bounded by what the snapshot could hold, so a corrupt one cannot make
// the reader allocate without end.
bool ReasonableCount(size_t count, std::string_view rest) { return count <= rest.size(); }

}  // namespace

std::string SessionStateToSnapshot(const SessionState& s) {
  Writer w;
  w.Put(s.language);
  w.Put(static_cast<int64_t>(s.slots.size()));
  for (const auto& [name, value] : s.slots) {
    w.Put(name);
    w.Put(value);
  }
  w.Put(static_cast<int64_t>(s.waiting.size()));
  for (const std::string& step : s.waiting) w.Put(step);
  w.Put(s.attempts);
  w.Put(s.misses);
  w.Put(s.options_page);
  w.Put(static_cast<int64_t>(s.answered.size()));
  for (const std::string& step : s.answered) w.Put(step);
  w.Put(static_cast<int64_t>(s.last_buttons.size()));
  for (const Button& b : s.last_buttons) {
    w.Put(b.label);
    w.Put(b.payload);
  }
  w.Put(s.with_operator ? 1 : 0);
  w.Put(s.turns);
  w.Put(s.current_flow);
  w.Put(s.entry_text);
  w.Put(static_cast<int64_t>(s.prefilled.size()));
  for (const std::string& step : s.prefilled) w.Put(step);
  return w.Take();
}

Result<SessionState> SessionStateFromSnapshot(std::string_view snapshot) {
  SessionState s;
  if (snapshot.empty()) return s;
  auto bad = [] { return Status::InvalidArgument("bad session snapshot: not in the sb1 format"); };
  if (!snapshot.starts_with(kMagic)) return bad();
  std::string_view body = snapshot.substr(kMagic.size());
  Reader r(body);
  size_t count = 0;
  if (!r.Get(&s.language) || !r.Get(&count) || !ReasonableCount(count, body)) return bad();
  for (size_t i = 0; i < count; ++i) {
    std::string name, value;
    if (!r.Get(&name) || !r.Get(&value)) return bad();
    s.slots.emplace(std::move(name), std::move(value));
  }
  if (!r.Get(&count) || !ReasonableCount(count, body)) return bad();
  s.waiting.resize(count);
  for (std::string& step : s.waiting) {
    if (!r.Get(&step)) return bad();
  }
  if (!r.Get(&s.attempts) || !r.Get(&s.misses) || !r.Get(&s.options_page)) return bad();
  if (!r.Get(&count) || !ReasonableCount(count, body)) return bad();
  s.answered.resize(count);
  for (std::string& step : s.answered) {
    if (!r.Get(&step)) return bad();
  }
  if (!r.Get(&count) || !ReasonableCount(count, body)) return bad();
  s.last_buttons.resize(count);
  for (Button& b : s.last_buttons) {
    if (!r.Get(&b.label) || !r.Get(&b.payload)) return bad();
  }
  int with_operator = 0;
  if (!r.Get(&with_operator) || !r.Get(&s.turns) || !r.Get(&s.current_flow) || !r.Get(&s.entry_text)) {
    return bad();
  }
  if (!r.Get(&count) || !ReasonableCount(count, body)) return bad();
  s.prefilled.resize(count);
  for (std::string& step : s.prefilled) {
    if (!r.Get(&step)) return bad();
  }
  if (!r.done()) return bad();
  s.with_operator = with_operator != 0;
  return s;
}

}  // namespace switchboard
