// Built-in texts in Russian and English; any other language gets the English one.
#include "dialog/system_texts.h"

namespace switchboard {

std::string_view SystemTextFor(SystemText text, std::string_view language) {
  const bool ru = language == "ru";
  switch (text) {
    case SystemText::kCancelled:
      return ru ? "Хорошо, отменил. Чем ещё могу помочь?" : "Cancelled. What else can I help with?";
    case SystemText::kNothingToGoBack:
      return ru ? "Возвращаться некуда: это первый вопрос." : "There is nothing to go back to.";
    case SystemText::kDidYouMean:
      return ru ? "Уточните, пожалуйста, что вы имели в виду:" : "Which one did you mean?";
    case SystemText::kOperatorWillAnswer:
      return ru ? "Передаю разговор оператору, он ответит здесь же."
                : "I am passing you to an operator, who will answer here.";
    case SystemText::kServiceUnavailable:
      return ru ? "Извините, сервис сейчас не отвечает. Могу позвать оператора."
                : "Sorry, the service is not answering right now. I can call an operator.";
    case SystemText::kCallOperator:
      return ru ? "Позвать оператора" : "Call an operator";
    case SystemText::kMore:
      return ru ? "Ещё" : "More";
    case SystemText::kOperatorJoined:
      return ru ? "К разговору подключился оператор." : "An operator has joined the chat.";
    case SystemText::kUnsupportedContent:
      return ru ? "Спасибо! Такие сообщения я пока не читаю. Напишите, пожалуйста, текстом или нажмите кнопку."
                : "Thank you! I cannot read messages like that yet. Please write in text or press a button.";
    case SystemText::kMessageTooLong:
      return ru ? "Сообщение слишком длинное, я его не прочитал. Напишите, пожалуйста, покороче."
                : "That message is too long for me to read. Please send a shorter one.";
    case SystemText::kInvalidAnswer:
      return ru ? "Не получилось разобрать ответ, попробуйте ещё раз." : "I could not read that, please try again.";
  }
  return "";
}

}  // namespace switchboard
