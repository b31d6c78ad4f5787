// Parsing and rendering of `{{slot}}` templates (see template.h for the syntax).
#include "flow/template.h"

#include <algorithm>

namespace switchboard {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsSlotName(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
  });
}

// 1-based column in characters of byte offset `offset` (UTF-8 continuation bytes
// do not start a character).
int ColumnOf(std::string_view s, size_t offset) {
  int column = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

void AddUnique(std::vector<std::string>& out, const std::string& s) {
  if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
}

}  // namespace

std::vector<std::string> Template::slots() const {
  std::vector<std::string> out;
  for (const Part& p : parts_) {
    if (p.is_slot) AddUnique(out, p.text);
  }
  return out;
}

std::vector<std::string> Template::required_slots() const {
  std::vector<std::string> out;
  for (const Part& p : parts_) {
    if (p.is_slot && !p.fallback) AddUnique(out, p.text);
  }
  return out;
}

std::vector<std::string> Template::optional_slots() const {
  std::vector<std::string> out;
  for (const Part& p : parts_) {
    if (p.is_slot && p.fallback) AddUnique(out, p.text);
  }
  return out;
}

Result<Template> ParseTemplate(std::string_view source, int* error_column) {
  std::vector<Template::Part> parts;
  std::string literal;
  auto fail = [&](size_t offset, const std::string& what) -> Result<Template> {
    int column = ColumnOf(source, offset);
    if (error_column) *error_column = column;
    return Status::InvalidFlow(what + " at column " + std::to_string(column));
  };
  size_t i = 0;
  while (i < source.size()) {
    if (source[i] == '\\' && source.substr(i + 1, 2) == "{{") {
      literal += "{{";
      i += 3;
      continue;
    }
    if (source.substr(i, 2) != "{{") {
      literal += source[i++];
      continue;
    }
    size_t close = source.find("}}", i + 2);
    if (close == std::string_view::npos) return fail(i, "unclosed '{{'");
    std::string_view inside = source.substr(i + 2, close - i - 2);
    if (inside.find("{{") != std::string_view::npos) return fail(i, "unclosed '{{'");
    Template::Part slot;
    slot.is_slot = true;
    size_t bar = inside.find('|');
    std::string_view name = Trim(bar == std::string_view::npos ? inside : inside.substr(0, bar));
    if (!IsSlotName(name)) {
      return fail(i, "'{{" + std::string(inside) + "}}' does not name a slot (letters, digits, _)");
    }
    slot.text = std::string(name);
    if (bar != std::string_view::npos) slot.fallback = std::string(Trim(inside.substr(bar + 1)));
    if (!literal.empty()) parts.push_back({false, std::move(literal), std::nullopt});
    literal.clear();
    parts.push_back(std::move(slot));
    i = close + 2;
  }
  if (!literal.empty()) parts.push_back({false, std::move(literal), std::nullopt});
  return Template(std::move(parts));
}

std::string Render(const Template& tmpl, const SlotLookup& lookup) {
  std::string out;
  for (const Template::Part& p : tmpl.parts()) {
    if (!p.is_slot) {
      out += p.text;
      continue;
    }
    std::optional<std::string> value = lookup ? lookup(p.text) : std::nullopt;
    if (value && !value->empty()) {
      out += *value;  // verbatim: never parsed again
    } else if (p.fallback) {
      out += *p.fallback;
    }
  }
  return out;
}

}  // namespace switchboard
