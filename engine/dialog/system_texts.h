// The few texts the engine says on its own (not written in any flow), in every
// language it knows. Flows can always say something better in their own steps.
#pragma once

#include <string>
#include <string_view>

namespace switchboard {

enum class SystemText {
  kCancelled,        // after "cancel"
  kNothingToGoBack,  // "back" with no earlier question
  kDidYouMean,       // near-tie: which one was meant
  kOperatorWillAnswer,  // a handoff step without its own text
  kInvalidAnswer,    // an ask step without its own retry text
  kServiceUnavailable,  // an http step failed and the flow has no on_error
  kCallOperator,     // the label of the button that calls an operator
  kMore,             // the label of the "more options" button
  kOperatorJoined,   // an operator took the chat
  kMessageTooLong,   // a message over the engine's size limit
  kUnsupportedContent,  // a sticker, photo, voice message, ... (InboundMessage::content)
};

std::string_view SystemTextFor(SystemText text, std::string_view language);

}  // namespace switchboard
