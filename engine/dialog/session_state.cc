// The snapshot's wire form. It is read and written on every turn, so it is a flat
// sequence of length-prefixed tokens rather than JSON (JSON cost more than the rest
// of a turn together). Fields are tagged, so that a later version can add fields
// (older readers skip tags they do not know) and drop them (readers default what is
// missing). Grammar:
//
//   snapshot := "sb2;" field* token("end") token(<number of fields before it>)
//               (an empty snapshot is a new conversation)
//   field    := token(tag) token(value)
//   token    := <decimal byte length> ":" <bytes>
//
// A value is the field's bytes or decimal number; a list or record is itself a
// token sequence inside the value token. Fields at their default are left out.
//
//   lang, flow, entry, op, ch, uid   strings
//   att, miss, page, nbtn, who       small counters (who: 0 bot, 1 queued, 2 operator)
//   lread                            1 when the language was read from a message
//   turns                            64-bit count
//   slots                            (name, value)*
//   wait, ans, pre                   step*
//   btn                              (label, payload, action, target)*
//   call                             step, idempotency key, lease until ms, takeovers,
//                                    message id (records may grow: readers skip extra tokens)
//
// The first format, "sb1;" followed by the same tokens in a fixed order without
// tags, is still read. The end field makes a snapshot cut short at a field boundary
// an error rather than a shorter conversation. Every number is range-checked and every count is bounded by
// the bytes that remain, so a corrupt snapshot is refused rather than trusted.
#include "dialog/session_state.h"

#include <charconv>
#include <limits>

namespace switchboard {
namespace {

constexpr std::string_view kMagic = "sb2;";
constexpr std::string_view kLegacyMagic = "sb1;";
constexpr int64_t kMaxCounter = 1'000'000;

class Writer {
 public:
  explicit Writer(std::string_view magic = "") : out_(magic) {}

  void Put(std::string_view token) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, token.size());
    out_.append(digits, end);
    out_ += ':';
    out_.append(token);
  }
  void PutNumber(int64_t number) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
    Put(std::string_view(digits, end - digits));
  }

  // Tagged fields, left out at their default.
  void Field(std::string_view tag, std::string_view value) {
    if (value.empty()) return;
    Put(tag);
    Put(value);
    ++fields_;
  }
  void NumberField(std::string_view tag, int64_t value) {
    if (value == 0) return;
    Put(tag);
    PutNumber(value);
    ++fields_;
  }
  void ListField(std::string_view tag, const std::vector<std::string>& items) {
    if (items.empty()) return;
    Writer inner;
    for (const std::string& item : items) inner.Put(item);
    Field(tag, inner.out_);
  }

  // Closes a tagged snapshot with its end field.
  std::string Finish() {
    Put("end");
    PutNumber(fields_);
    return Take();
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  int64_t fields_ = 0;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

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
  bool Get(std::string* token) {
    std::string_view view;
    if (!Next(&view)) return false;
    token->assign(view);
    return true;
  }
  bool done() const { return in_.empty(); }
  size_t remaining() const { return in_.size(); }

 private:
  std::string_view in_;
};

// A decimal in [lo, hi], the whole token.
template <typename Int>
bool ParseNumber(std::string_view token, int64_t lo, int64_t hi, Int* out) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size() || value < lo || value > hi) return false;
  *out = static_cast<Int>(value);
  return true;
}

bool ParseList(std::string_view value, std::vector<std::string>* out) {
  Reader r(value);
  out->clear();
  while (!r.done()) {
    std::string item;
    if (!r.Get(&item)) return false;
    out->push_back(std::move(item));
  }
  return true;
}

bool ParseSlots(std::string_view value, std::map<std::string, std::string>* slots) {
  Reader r(value);
  while (!r.done()) {
    std::string name, slot_value;
    if (!r.Get(&name) || !r.Get(&slot_value)) return false;
    (*slots)[std::move(name)] = std::move(slot_value);
  }
  return true;
}

bool ParseButtons(std::string_view value, std::vector<Button>* buttons) {
  Reader r(value);
  while (!r.done()) {
    Button b;
    std::string_view action;
    if (!r.Get(&b.label) || !r.Get(&b.payload) || !r.Next(&action) || !r.Get(&b.target)) return false;
    if (!ParseButtonAction(action, &b.action)) return false;
    buttons->push_back(std::move(b));
  }
  return true;
}

bool ParsePendingCall(std::string_view value, std::optional<PendingCall>* pending) {
  Reader r(value);
  PendingCall call;
  std::string_view lease, takeovers;
  if (!r.Get(&call.step) || !r.Get(&call.idempotency_key) || !r.Next(&lease) || !r.Next(&takeovers) ||
      (!r.done() && !r.Get(&call.message_id))) {
    return false;
  }
  if (call.step.empty() || !ParseNumber(lease, 0, std::numeric_limits<int64_t>::max(), &call.lease_until_ms) ||
      !ParseNumber(takeovers, 0, kMaxCounter, &call.takeovers)) {
    return false;
  }
  *pending = std::move(call);
  return true;
}

// One tagged field into *s; unknown tags are skipped (a later version wrote them).
bool ParseField(std::string_view tag, std::string_view value, SessionState* s) {
  auto counter = [&](int* out) { return ParseNumber(value, 0, kMaxCounter, out); };
  if (tag == "lang") return s->language.assign(value), true;
  if (tag == "flow") return s->current_flow.assign(value), true;
  if (tag == "entry") return s->entry_text.assign(value), true;
  if (tag == "op") return s->operator_id.assign(value), true;
  if (tag == "ch") return s->channel.assign(value), true;
  if (tag == "uid") return s->user_id.assign(value), true;
  if (tag == "att") return counter(&s->attempts);
  if (tag == "miss") return counter(&s->misses);
  if (tag == "page") return counter(&s->options_page);
  if (tag == "nbtn") return counter(&s->numbered_buttons);
  if (tag == "lread") return ParseNumber(value, 0, 1, &s->language_read);
  if (tag == "who") return ParseNumber(value, 0, 2, &s->handler);
  if (tag == "turns") return ParseNumber(value, 0, std::numeric_limits<int64_t>::max() - 1, &s->turns);
  if (tag == "slots") return ParseSlots(value, &s->slots);
  if (tag == "wait") return ParseList(value, &s->waiting);
  if (tag == "ans") return ParseList(value, &s->answered);
  if (tag == "pre") return ParseList(value, &s->prefilled);
  if (tag == "btn") return ParseButtons(value, &s->last_buttons);
  if (tag == "call") return ParsePendingCall(value, &s->pending);
  return true;
}

Status Bad(std::string_view why) {
  return Status::InvalidArgument("bad session snapshot: " + std::string(why));
}

// Counts are bounded by what the snapshot could hold, so a corrupt one cannot make
// the reader allocate without end.
bool ReadCount(Reader& r, size_t* count) {
  std::string_view token;
  return r.Next(&token) && ParseNumber(token, 0, static_cast<int64_t>(r.remaining()), count);
}

bool ReadSteps(Reader& r, std::vector<std::string>* steps) {
  size_t count = 0;
  if (!ReadCount(r, &count)) return false;
  steps->resize(count);
  for (std::string& step : *steps) {
    if (!r.Get(&step)) return false;
  }
  return true;
}

// The first format: the same fields, untagged, in a fixed order.
Result<SessionState> FromLegacySnapshot(std::string_view body) {
  SessionState s;
  Reader r(body);
  auto bad = [] { return Bad("not in the sb1 format"); };
  auto counter = [&](int* out) {
    std::string_view token;
    return r.Next(&token) && ParseNumber(token, 0, kMaxCounter, out);
  };
  size_t count = 0;
  if (!r.Get(&s.language) || !ReadCount(r, &count)) return bad();
  for (size_t i = 0; i < count; ++i) {
    std::string name, value;
    if (!r.Get(&name) || !r.Get(&value)) return bad();
    s.slots[std::move(name)] = std::move(value);
  }
  if (!ReadSteps(r, &s.waiting) || !counter(&s.attempts) || !counter(&s.misses) ||
      !counter(&s.options_page) || !ReadSteps(r, &s.answered) || !ReadCount(r, &count)) {
    return bad();
  }
  s.last_buttons.resize(count);
  for (Button& b : s.last_buttons) {
    std::string legacy_payload;
    if (!r.Get(&b.label) || !r.Get(&legacy_payload)) return bad();
  }
  // The first format's payloads named steps and values directly; they are not
  // honoured any more, so the buttons are kept for their labels only.
  s.numbered_buttons = 0;
  s.last_buttons.clear();
  int with_operator = 0;
  std::string_view turns;
  if (!counter(&with_operator)) return bad();
  if (with_operator > 1 || !r.Next(&turns) ||
      !ParseNumber(turns, 0, std::numeric_limits<int64_t>::max() - 1, &s.turns) || !r.Get(&s.current_flow) ||
      !r.Get(&s.entry_text) || !ReadSteps(r, &s.prefilled) || !r.done()) {
    return bad();
  }
  s.handler = with_operator ? Handler::kQueued : Handler::kBot;
  return s;
}

}  // namespace

std::string SessionStateToSnapshot(const SessionState& s) {
  Writer w(kMagic);
  w.Field("lang", s.language);
  w.NumberField("lread", s.language_read ? 1 : 0);
  if (!s.slots.empty()) {
    Writer slots;
    for (const auto& [name, value] : s.slots) {
      slots.Put(name);
      slots.Put(value);
    }
    w.Field("slots", slots.Take());
  }
  w.ListField("wait", s.waiting);
  w.NumberField("att", s.attempts);
  w.NumberField("miss", s.misses);
  w.NumberField("page", s.options_page);
  w.ListField("ans", s.answered);
  if (!s.last_buttons.empty()) {
    Writer buttons;
    for (const Button& b : s.last_buttons) {
      buttons.Put(b.label);
      buttons.Put(b.payload);
      buttons.Put(ButtonActionName(b.action));
      buttons.Put(b.target);
    }
    w.Field("btn", buttons.Take());
  }
  w.NumberField("nbtn", s.numbered_buttons);
  w.NumberField("who", static_cast<int64_t>(s.handler));
  w.Field("op", s.operator_id);
  w.NumberField("turns", s.turns);
  w.Field("flow", s.current_flow);
  w.Field("entry", s.entry_text);
  w.ListField("pre", s.prefilled);
  w.Field("ch", s.channel);
  w.Field("uid", s.user_id);
  if (s.pending) {
    Writer call;
    call.Put(s.pending->step);
    call.Put(s.pending->idempotency_key);
    call.PutNumber(s.pending->lease_until_ms);
    call.PutNumber(s.pending->takeovers);
    call.Put(s.pending->message_id);
    w.Field("call", call.Take());
  }
  return w.Finish();
}

Result<SessionState> SessionStateFromSnapshot(std::string_view snapshot) {
  if (snapshot.empty()) return SessionState{};
  if (snapshot.starts_with(kLegacyMagic)) return FromLegacySnapshot(snapshot.substr(kLegacyMagic.size()));
  if (!snapshot.starts_with(kMagic)) return Bad("unknown format");
  SessionState s;
  Reader r(snapshot.substr(kMagic.size()));
  int64_t fields = 0;
  for (;; ++fields) {
    std::string_view tag, value;
    if (!r.Next(&tag) || !r.Next(&value)) return Bad("cut short");
    if (tag == "end") {
      int64_t written = -1;
      if (!ParseNumber(value, 0, kMaxCounter, &written) || written != fields || !r.done()) {
        return Bad("its end does not match its fields");
      }
      break;
    }
    if (!ParseField(tag, value, &s)) return Bad("field '" + std::string(tag.substr(0, 16)) + "' is malformed");
  }
  if (s.numbered_buttons > static_cast<int>(s.last_buttons.size())) return Bad("more numbered buttons than buttons");
  if (s.handler == Handler::kOperator && s.operator_id.empty()) return Bad("an operator's chat without the operator");
  return s;
}

}  // namespace switchboard
