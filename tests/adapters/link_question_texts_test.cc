// The link question's payloads, masking and typed answers.
#include <doctest/doctest.h>

#include "adapters/common/link_question_texts.h"

namespace switchboard::adapters {
namespace {

TEST_CASE("Link question: tokens are 32 hex digits, and payloads carry them both ways within Telegram's 64 bytes") {
  std::string token = NewLinkToken();
  REQUIRE(token.size() == 32);
  CHECK(token != NewLinkToken());
  std::string yes = LinkAnswerPayload({true, token});
  CHECK(yes.size() <= kMaxButtonPayloadBytes);
  auto parsed = ParseLinkAnswerPayload(yes);
  REQUIRE(parsed);
  CHECK(parsed->yes);
  CHECK(parsed->token == token);
  CHECK_FALSE(ParseLinkAnswerPayload(LinkAnswerPayload({false, token}))->yes);
  CHECK_FALSE(ParseLinkAnswerPayload("link:yes:short"));
  CHECK_FALSE(ParseLinkAnswerPayload("link:yes:" + std::string(32, 'Z')));
  CHECK_FALSE(ParseLinkAnswerPayload("b:3.0"));
}

TEST_CASE("Link question: phones are shown masked") {
  CHECK(MaskedPhone("+79161234567") == "+7 916 ***-**-67");
  CHECK(MaskedPhone("+380501234567") == "+38 050 ***-**-67");
  CHECK(MaskedPhone("+9161234567") == "+916 ***-**-67");
  CHECK(MaskedPhone("+1234567") == "+***67");
}

TEST_CASE("Link question: the question names the channel, masks the number and offers two buttons") {
  Reply q = LinkQuestion("telegram", "+79161234567", std::string(32, 'a'));
  CHECK(q.text == "Нам пишут из Telegram и указали ваш номер +7 916 ***-**-67. Это вы? Если да, продолжим там же, где "
                  "остановились.");
  REQUIRE(q.buttons.size() == 2);
  CHECK(q.buttons[0].label == "Да, это я");
  CHECK(q.buttons[1].label == "Нет, не я");
  CHECK(ParseLinkAnswerPayload(q.buttons[0].payload)->yes);
  CHECK_FALSE(ParseLinkAnswerPayload(q.buttons[1].payload)->yes);
}

TEST_CASE("Link question: a typed number or label answers only the question's own buttons") {
  Reply q = LinkQuestion("vk", "+79161234567", std::string(32, 'b'));
  CHECK(MayAnswerLinkQuestion(" 1 "));
  CHECK(MayAnswerLinkQuestion("Нет, не я"));
  CHECK_FALSE(MayAnswerLinkQuestion("3"));
  CHECK(LinkAnswerInText("1", q.buttons)->yes);
  CHECK_FALSE(LinkAnswerInText("Нет, не я", q.buttons)->yes);
  CHECK_FALSE(LinkAnswerInText("3", q.buttons));
  std::vector<Button> flow = {Button{"Да, это я", "b:1.0", ButtonAction::kGoto, "x.y"}};
  CHECK_FALSE(LinkAnswerInText("1", flow));
}

}  // namespace
}  // namespace switchboard::adapters
