// The Switchboard web chat. A site adds it with one tag,
//   <script src="https://BOT-SERVER/chat/chat.js" defer></script>
// and it builds the chat into <div id="sb-chat"> (made at the end of the page when
// missing), loads chat.css from beside itself and talks to the server's /chat/api:
// it sends the customer's messages and button presses, and renders the conversation
// from its transcript. It follows the conversation live through the server's event
// stream (/chat/api/events: "changed" means read the transcript on, "typing" an
// operator types), so that replies of operators appear without a reload whichever
// server answers; without the stream (an old browser, a server at its limit) it
// polls the transcript instead. Everything shown is set as text (never as HTML);
// links open only http(s) URLs.
(function () {
  "use strict";
  var script = document.currentScript;
  var BASE = script && script.src ? new URL(".", script.src).href : location.origin + "/chat/";
  var API = BASE + "api";
  var TOKEN_KEY = "switchboard.visitor";
  var LANG_KEY = "switchboard.lang";
  var POLL_MS = 1500;         // without the event stream
  var SAFETY_POLL_MS = 30000; // with it, in case an event was missed
  var TEXTS = {
    ru: { title: "Чат", placeholder: "Напишите сообщение", send: "Отправить", typing: "Печатает…",
          operator_typing: "Оператор печатает…", operator: "Оператор", bot: "Бот", you: "Вы", handoff: "Подключаем специалиста…",
          took: "Специалист в чате", back: "Снова отвечает бот", failed: "Не отправилось, попробуйте ещё раз",
          log: "Переписка", other: "English" },
    en: { title: "Chat", placeholder: "Type a message", send: "Send", typing: "Typing…",
          operator_typing: "The operator is typing…", operator: "Operator", bot: "Bot", you: "You", handoff: "Connecting you to a person…",
          took: "A person has joined", back: "The bot answers again", failed: "Not sent, please try again",
          log: "Conversation", other: "Русский" }
  };

  var root = document.getElementById("sb-chat");
  if (!root) {
    root = document.createElement("div");
    root.id = "sb-chat";
    document.body.appendChild(root);
  }
  var css = BASE + "chat.css";
  if (!document.querySelector('link[href="' + css + '"], link[href="chat.css"]')) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = css;
    document.head.appendChild(link);
  }
  var lang = localStorage.getItem(LANG_KEY) || ((navigator.language || "ru").slice(0, 2) === "en" ? "en" : "ru");
  var visitor = localStorage.getItem(TOKEN_KEY);
  var next = 0;
  var polling = null;
  var lastActions = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var box = el("section", "sb-chat");
  box.setAttribute("aria-label", root.getAttribute("data-title") || TEXTS[lang].title);
  var head = el("div", "sb-head");
  var title = el("h2", "", root.getAttribute("data-title") || TEXTS[lang].title);
  var langButton = el("button", "sb-lang");
  langButton.type = "button";
  head.appendChild(title);
  head.appendChild(langButton);
  var log = el("ol", "sb-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  var typing = el("div", "sb-typing");
  typing.setAttribute("aria-live", "polite");
  var error = el("div", "sb-error");
  error.setAttribute("role", "alert");
  var form = el("form", "sb-form");
  var label = el("label", "sb-visually-hidden");
  label.htmlFor = "sb-input";
  var input = el("input");
  input.id = "sb-input";
  input.autocomplete = "off";
  input.maxLength = 4096;
  var send = el("button");
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  box.appendChild(head);
  box.appendChild(log);
  box.appendChild(typing);
  box.appendChild(error);
  box.appendChild(form);
  root.appendChild(box);

  function applyLanguage() {
    var t = TEXTS[lang];
    document.documentElement.lang = lang;
    input.placeholder = t.placeholder;
    label.textContent = t.placeholder;
    send.textContent = t.send;
    langButton.textContent = t.other;
    log.setAttribute("aria-label", t.log);
  }

  function safeUrl(url) {
    try {
      var u = new URL(url, location.href);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function scroll() { log.scrollTop = log.scrollHeight; }

  function note(text) {
    var li = el("li", "sb-note", text);
    log.appendChild(li);
  }

  // Buttons of older messages cannot be pressed any more (the server would read
  // their label as text anyway).
  function retireActions() {
    if (!lastActions) return;
    var buttons = lastActions.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    lastActions = null;
  }

  function renderActions(event) {
    var buttons = event.buttons || [];
    var quick = event.quick_replies || [];
    if (!buttons.length && !quick.length) return;
    var li = el("li", "sb-actions");
    buttons.forEach(function (b) {
      if (b.action === "link") {
        var href = safeUrl(b.url || "");
        if (!href) return;
        var a = el("a", "", b.label);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        var button = el("button", "", b.label);
        button.type = "button";
        button.addEventListener("click", function () {
          post({ text: b.label, button_payload: b.payload || "" });
        });
        li.appendChild(button);
      }
    });
    quick.forEach(function (q) {
      var button = el("button", "", q);
      button.type = "button";
      button.addEventListener("click", function () { post({ text: q }); });
      li.appendChild(button);
    });
    log.appendChild(li);
    lastActions = li;
  }

  function render(event) {
    var t = TEXTS[lang];
    switch (event.type) {
      case "user_said":
      case "button_pressed":
        retireActions();
        if (!event.text) break;  // a new chat window ("start") says nothing
        var mine = el("li", "sb-msg sb-user");
        mine.appendChild(el("span", "sb-visually-hidden", t.you + ": "));
        mine.appendChild(document.createTextNode(event.text || ""));
        log.appendChild(mine);
        break;
      case "bot_said":
      case "operator_said":
        retireActions();
        var theirs = el("li", "sb-msg " + (event.type === "bot_said" ? "sb-bot" : "sb-operator"));
        theirs.appendChild(el("span", event.type === "bot_said" ? "sb-visually-hidden" : "sb-who",
                              (event.type === "bot_said" ? t.bot : t.operator) + ": "));
        theirs.appendChild(document.createTextNode(event.text || ""));
        if (event.text) log.appendChild(theirs);
        renderActions(event);
        break;
      case "handed_off": note(t.handoff); break;
      case "operator_took": note(t.took); break;
      case "handed_back": note(t.back); break;
    }
  }

  function request(method, path, body) {
    return fetch(API + path, {
      method: method,
      // text/plain keeps a cross-origin POST "simple": no preflight request.
      headers: body ? { "Content-Type": "text/plain;charset=UTF-8" } : {},
      body: body ? JSON.stringify(body) : undefined,
      cache: "no-store"
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    });
  }

  function newVisitor() {
    return request("POST", "/visitor").then(function (r) {
      visitor = r.body.visitor;
      localStorage.setItem(TOKEN_KEY, visitor);
      next = 0;
      log.textContent = "";
    });
  }

  var fetching = null;
  function refresh() {
    if (!visitor) return Promise.resolve();
    if (fetching) return fetching;
    fetching = request("GET", "/transcript?visitor=" + encodeURIComponent(visitor) + "&from=" + next)
      .then(function (r) {
        if (r.status === 401) return newVisitor().then(start);
        if (r.status !== 200) return;
        r.body.events.forEach(render);
        if (r.body.next > next) {
          next = r.body.next;
          scroll();
        }
      })
      .catch(function () {})
      .then(function () { fetching = null; });
    return fetching;
  }

  function messageId() {
    return "w" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  function post(message) {
    message.visitor = visitor;
    message.message_id = messageId();
    message.language = lang;
    error.textContent = "";
    typing.textContent = TEXTS[lang].typing;
    return request("POST", "/messages", message)
      .then(function (r) {
        if (r.status === 401) return newVisitor().then(function () { return post(message); });
        if (r.status !== 200) error.textContent = TEXTS[lang].failed;
      })
      .catch(function () { error.textContent = TEXTS[lang].failed; })
      .then(function () {
        typing.textContent = "";
        return refresh();
      });
  }

  function start() { return post({ start: true }); }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    post({ text: text });
  });
  langButton.addEventListener("click", function () {
    lang = lang === "ru" ? "en" : "ru";
    localStorage.setItem(LANG_KEY, lang);
    applyLanguage();
  });

  applyLanguage();
  var ready = visitor ? refresh().then(function () { if (next === 0) return start(); })
                      : newVisitor().then(start);
  // Polls at POLL_MS while the event stream is not open, rarely while it is.
  function pollEvery(ms) {
    if (polling) clearInterval(polling);
    polling = setInterval(refresh, ms);
  }
  var typingTimer = null;
  function operatorTyping() {
    typing.textContent = TEXTS[lang].operator_typing;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typing.textContent = ""; }, 4000);
  }
  function follow() {
    if (!window.EventSource || !visitor) return;
    var stream = new EventSource(API + "/events?visitor=" + encodeURIComponent(visitor));
    stream.onopen = function () { pollEvery(SAFETY_POLL_MS); refresh(); };
    stream.onerror = function () {
      pollEvery(POLL_MS);
      // A refused stream (503: the server's limit) is not retried by the browser.
      if (stream.readyState === EventSource.CLOSED) setTimeout(follow, 30000);
    };
    stream.addEventListener("changed", function () {
      clearTimeout(typingTimer);
      if (typing.textContent === TEXTS[lang].operator_typing) typing.textContent = "";
      refresh();
    });
    stream.addEventListener("typing", operatorTyping);
  }
  ready.then(function () {
    pollEvery(POLL_MS);
    follow();
    input.focus();
  });
})();
