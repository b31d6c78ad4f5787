// The question about a typed phone, as people and messengers see it (see link_question_texts.h).
#include "adapters/common/link_question_texts.h"

#include "adapters/common/random_token.h"

namespace switchboard::adapters {
namespace {

constexpr std::string_view kYesPrefix = "link:yes:";
constexpr std::string_view kNoPrefix = "link:no:";
constexpr size_t kTokenBytes = 16;
constexpr char kYesLabel[] = "Да, это я";
constexpr char kNoLabel[] = "Нет, не я";

bool IsToken(std::string_view s) {
  if (s.size() != 2 * kTokenBytes) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '.' ||
                        s.back() == '!')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

bool MayAnswerLinkQuestion(std::string_view text) {
  std::string_view t = Trimmed(text);
  return t == "1" || t == "2" || t == kYesLabel || t == kNoLabel;
}

std::optional<LinkAnswer> LinkAnswerInText(std::string_view text, const std::vector<Button>& buttons) {
  std::string_view t = Trimmed(text);
  for (size_t i = 0; i < buttons.size(); ++i) {
    if (t != buttons[i].label && t != std::to_string(i + 1)) continue;
    return ParseLinkAnswerPayload(buttons[i].payload);
  }
  return std::nullopt;
}

std::string NewLinkToken() { return RandomHex(kTokenBytes); }

std::string LinkAnswerPayload(const LinkAnswer& answer) {
  return std::string(answer.yes ? kYesPrefix : kNoPrefix) + answer.token;
}

std::optional<LinkAnswer> ParseLinkAnswerPayload(std::string_view payload) {
  for (bool yes : {true, false}) {
    std::string_view prefix = yes ? kYesPrefix : kNoPrefix;
    if (payload.starts_with(prefix) && IsToken(payload.substr(prefix.size()))) {
      return LinkAnswer{yes, std::string(payload.substr(prefix.size()))};
    }
  }
  return std::nullopt;
}

std::string MaskedPhone(std::string_view normal_phone) {
  std::string d = Digits(normal_phone);
  if (d.size() < 10) return "+***" + (d.size() >= 2 ? d.substr(d.size() - 2) : std::string());
  const size_t country = d.size() - 10;  // what precedes the ten national digits
  std::string shown_country = country == 0 ? "" : d.substr(0, country) + " ";
  return "+" + shown_country + d.substr(country, 3) + " ***-**-" + d.substr(d.size() - 2);
}

std::string ChannelTitle(std::string_view channel) {
  if (channel == "telegram") return "Telegram";
  if (channel == "whatsapp") return "WhatsApp";
  if (channel == "viber") return "Viber";
  if (channel == "vk") return "ВКонтакте";
  return std::string(channel);
}

Reply LinkQuestion(std::string_view asked_from, std::string_view phone, const std::string& token) {
  Reply r;
  r.text = "Нам пишут из " + ChannelTitle(asked_from) + " и указали ваш номер " + MaskedPhone(phone) +
           ". Это вы? Если да, продолжим там же, где остановились.";
  r.buttons = {Button{kYesLabel, LinkAnswerPayload({true, token}), ButtonAction::kGoto, ""},
               Button{kNoLabel, LinkAnswerPayload({false, token}), ButtonAction::kGoto, ""}};
  return r;
}

std::string ConfirmThereText(std::string_view owner_channel) {
  return "Этот номер уже знаком нам по " + ChannelTitle(owner_channel) +
         ". Чтобы продолжить прежнюю переписку, подтвердите там: мы отправили вопрос.";
}

std::string LinkedForOwnerText(std::string_view asked_from) {
  return "Спасибо! Теперь переписка здесь и в " + ChannelTitle(asked_from) +
         " одна: продолжим там же, где остановились.";
}

std::string LinkedForAskerText(std::string_view owner_channel) {
  return "Номер подтвердили в " + ChannelTitle(owner_channel) + ": теперь это одна переписка, продолжаем.";
}

std::string DeclinedText() { return "Хорошо, ничего не меняем."; }

std::string QuestionClosedText() { return "Этот вопрос уже закрыт: на него ответили или прошло больше суток."; }

std::string NotYourQuestionText() { return "Ответить на этот вопрос может только владелец номера."; }

std::string AskedNote(const std::string& phone, const std::string& owner, std::string_view owner_channel) {
  return "The customer typed the phone " + phone + ", which customer " + owner + " verified (customer:" + owner +
         "). The conversations are not linked: a typed phone proves nothing. The owner was asked in " +
         std::string(owner_channel) + " whether this is them; their yes links the conversations.";
}

std::string NotAskedNote(const std::string& phone, const std::string& owner) {
  return "The customer typed the phone " + phone + ", which customer " + owner + " verified (customer:" + owner +
         "). The conversations are not linked: a typed phone proves nothing, and the owner could not be asked. "
         "Ask the customer; sharing their contact in Telegram, or writing from that number on WhatsApp, links them.";
}

std::string ConfirmedNote(const std::string& phone, const std::string& owner, std::string_view owner_channel) {
  return "The owner of the phone " + phone + " (customer " + owner + ") confirmed in " + std::string(owner_channel) +
         " that the customer who typed it is them: the conversations are linked, and customer " + owner +
         "'s identities now reach this conversation.";
}

std::string DeclinedNote(const std::string& phone, const std::string& owner, std::string_view owner_channel) {
  return "The owner of the phone " + phone + " (customer " + owner + ") answered in " + std::string(owner_channel) +
         " that the customer who typed it is not them: nothing was linked. Treat the typed phone with care.";
}

}  // namespace switchboard::adapters
