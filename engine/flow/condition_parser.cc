// A small hand-written tokenizer and recursive-descent-free parser for conditions
// (the grammar is flat: clauses joined by `and`).
#include "flow/condition_parser.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace switchboard {
namespace {

enum class TokKind { kWord, kQuoted, kOp, kOpen, kClose, kComma, kEnd };

struct Token {
  TokKind kind;
  std::string text;
  size_t offset;
};

bool IsWordChar(char c) {
  return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '[' || c == ']' ||
           c == ',' || c == '=' || c == '!' || c == '<' || c == '>' || c == '\'' || c == '"');
}

bool IsSlotName(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_';
    if (!ok) return false;
  }
  return true;
}

bool IsNumber(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

struct ParseError {
  std::string message;
  size_t offset;
};

// Splits `s` into tokens; returns false and fills *error on an unterminated quote
// or a stray character.
bool Tokenize(std::string_view s, std::vector<Token>* out, ParseError* error) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '[') {
      out->push_back({TokKind::kOpen, "[", i++});
    } else if (c == ']') {
      out->push_back({TokKind::kClose, "]", i++});
    } else if (c == ',') {
      out->push_back({TokKind::kComma, ",", i++});
    } else if (c == '\'' || c == '"') {
      size_t close = s.find(c, i + 1);
      if (close == std::string_view::npos) {
        *error = {"unterminated quoted value", i};
        return false;
      }
      out->push_back({TokKind::kQuoted, std::string(s.substr(i + 1, close - i - 1)), i});
      i = close + 1;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      size_t start = i++;
      if (i < s.size() && s[i] == '=') ++i;
      out->push_back({TokKind::kOp, std::string(s.substr(start, i - start)), start});
    } else {
      size_t start = i;
      while (i < s.size() && IsWordChar(s[i])) ++i;
      out->push_back({TokKind::kWord, std::string(s.substr(start, i - start)), start});
    }
  }
  out->push_back({TokKind::kEnd, "", s.size()});
  return true;
}

std::string Describe(const Token& t) {
  return t.kind == TokKind::kEnd ? "the end of the condition" : "'" + t.text + "'";
}

}  // namespace

Result<ConditionAst> ParseCondition(std::string_view source, size_t* error_offset) {
  ConditionAst cond;
  cond.source = std::string(source);
  std::vector<Token> toks;
  ParseError error;
  auto fail = [&](const ParseError& e) -> Result<ConditionAst> {
    if (error_offset) *error_offset = e.offset;
    return Status::InvalidFlow(e.message);
  };
  if (!Tokenize(source, &toks, &error)) return fail(error);
  size_t i = 0;
  auto value_token = [&](const Token& t) {
    return t.kind == TokKind::kWord || t.kind == TokKind::kQuoted;
  };
  while (true) {
    ClauseAst clause;
    const Token* t = &toks[i];
    if (t->kind == TokKind::kWord && t->text == "not") {
      clause.op = ConditionOp::kIsUnset;
      t = &toks[++i];
    }
    if (t->kind != TokKind::kWord || !IsSlotName(t->text)) {
      return fail({"expected a slot name, found " + Describe(*t), t->offset});
    }
    clause.slot = t->text;
    const Token& next = toks[++i];
    bool ends_clause = next.kind == TokKind::kEnd ||
                       (next.kind == TokKind::kWord && (next.text == "and" || next.text == "or"));
    if (clause.op == ConditionOp::kIsUnset || ends_clause) {
      // `slot` or `not slot`: nothing more in this clause.
    } else if (next.kind == TokKind::kOp) {
      static const std::pair<const char*, ConditionOp> kOps[] = {
          {"==", ConditionOp::kEq}, {"!=", ConditionOp::kNe}, {"<", ConditionOp::kLt},
          {"<=", ConditionOp::kLe}, {">", ConditionOp::kGt},  {">=", ConditionOp::kGe}};
      bool known = false;
      for (const auto& [text, op] : kOps) {
        if (next.text == text) {
          clause.op = op;
          known = true;
        }
      }
      if (!known) {
        return fail({"unknown operator '" + next.text + "'; expected ==, !=, <, <=, >, >= or in",
                     next.offset});
      }
      const Token& value = toks[++i];
      if (!value_token(value)) {
        return fail({"expected a value after '" + next.text + "', found " + Describe(value),
                     value.offset});
      }
      bool numeric = clause.op == ConditionOp::kLt || clause.op == ConditionOp::kLe ||
                     clause.op == ConditionOp::kGt || clause.op == ConditionOp::kGe;
      if (numeric && !IsNumber(value.text)) {
        return fail({"expected a number after '" + next.text + "', found '" + value.text + "'",
                     value.offset});
      }
      clause.values.push_back(value.text);
      ++i;
    } else if (next.kind == TokKind::kWord && next.text == "in") {
      clause.op = ConditionOp::kIn;
      const Token& open = toks[++i];
      if (open.kind != TokKind::kOpen) {
        return fail({"expected '[' after 'in', found " + Describe(open), open.offset});
      }
      while (true) {
        const Token& value = toks[++i];
        if (!value_token(value)) {
          return fail({"expected a value in the list, found " + Describe(value), value.offset});
        }
        clause.values.push_back(value.text);
        const Token& sep = toks[++i];
        if (sep.kind == TokKind::kClose) break;
        if (sep.kind != TokKind::kComma) {
          return fail({"expected ',' or ']', found " + Describe(sep), sep.offset});
        }
      }
      ++i;
    } else {
      return fail({"expected an operator (==, !=, <, <=, >, >=, in), 'and' or the end after '" +
                       clause.slot + "', found " + Describe(next),
                   next.offset});
    }
    cond.all_of.push_back(std::move(clause));
    const Token& joiner = toks[i];
    if (joiner.kind == TokKind::kEnd) break;
    if (joiner.kind == TokKind::kWord && joiner.text == "or") {
      return fail({"'or' is not supported; write one `if` branch per alternative", joiner.offset});
    }
    if (joiner.kind != TokKind::kWord || joiner.text != "and") {
      return fail({"expected 'and' or the end of the condition, found " + Describe(joiner),
                   joiner.offset});
    }
    ++i;
  }
  return cond;
}

}  // namespace switchboard
