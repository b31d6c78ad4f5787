// Text templates: `{{slot}}` inserts a slot's value, `{{slot|fallback}}` shows the
// fallback when the slot is empty, `\{{` is a literal `{{`. Values are inserted
// verbatim and never read as templates again.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/status.h"

namespace switchboard {

// A parsed template: literal text and slot references, in order. Immutable after
// parsing; safe to share between threads.
class Template {
 public:
  struct Part {
    bool is_slot = false;
    std::string text;                     // the literal, or the slot name
    std::optional<std::string> fallback;  // `{{slot|fallback}}`
  };

  Template() = default;
  explicit Template(std::vector<Part> parts) : parts_(std::move(parts)) {}

  const std::vector<Part>& parts() const { return parts_; }
  // Every slot the template reads, with or without a fallback, each once, in order.
  std::vector<std::string> slots() const;
  // The slots read without a fallback: an empty one leaves a hole in the text.
  std::vector<std::string> required_slots() const;
  // The slots read with a fallback.
  std::vector<std::string> optional_slots() const;

 private:
  std::vector<Part> parts_;
};

// Parses `source`. On failure returns InvalidFlow ("unclosed '{{' at column 7") and,
// when `error_column` is given, sets it to the 1-based column (in characters) of the
// offending `{{`.
Result<Template> ParseTemplate(std::string_view source, int* error_column = nullptr);

// Looks a slot's value up; nullopt when it is not set.
using SlotLookup = std::function<std::optional<std::string>(std::string_view slot)>;

// The text with every slot replaced by its value (or fallback, or nothing when the
// slot is empty and has no fallback).
std::string Render(const Template& tmpl, const SlotLookup& lookup);

}  // namespace switchboard
