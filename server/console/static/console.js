// The operator console (index.html): logs in, lists the queue and the operator's
// chats, shows a chat with its transcript, slots and profile, and sends the
// operator's actions. Live: a Server-Sent Events stream (/console/api/events) says
// which chats changed and the page reloads just those lists. Everything a customer
// wrote is put on the page as text (textContent), never as markup.
"use strict";
(() => {
  const T = {
    ru: {
      title: "Операторская", operator: "Оператор", password: "Пароль", login: "Войти", presence: "Статус",
      online: "на связи", away: "отошёл", desk: "Чаты", supervisor: "Супервизор", logout: "Выйти",
      queue: "Очередь", mine: "Мои чаты", take_next: "Взять следующий", pick: "Выберите чат слева (↑/↓ и Enter).",
      take: "Взять", transfer: "Передать", hand_back: "Вернуть боту", close: "Закрыть", to_operator: "Оператору",
      to_department: "или в отдел", note: "Заметка", step: "С шага", send: "Отправить", add_note: "Заметка",
      reply_placeholder: "Ответ клиенту (Ctrl+Enter — отправить)", slots: "Собранные данные", profile: "Клиент",
      queues: "Очереди", waiting: "Ждут", flagged: "Долго ждут", oldest: "Дольше всех", operators: "Операторы",
      load: "Чатов", departments: "Отделы", department: "Отдел", offline_stream: "нет связи", live: "онлайн",
      canned: "Шаблоны ответов…", menu: "Главное меню", nobody: "—", customer: "Клиент", bot: "Бот",
      general: "общая", bad_login: "Неверное имя или пароль", waits: "ждёт", long_wait: "долго ждёт",
      handed_off: "Передан операторам", took: "взял(а) чат", transferred: "передал(а) чат", handed_back: "вернул(а) чат боту",
      channel: "Канал", since: "Первое сообщение", events: "Событий", with: "у", confirm_close: "Закрыть чат и попросить клиента оценить его?",
      offline: "не в сети",
    },
    en: {
      title: "Operator console", operator: "Operator", password: "Password", login: "Log in", presence: "Status",
      online: "online", away: "away", desk: "Chats", supervisor: "Supervisor", logout: "Log out",
      queue: "Queue", mine: "My chats", take_next: "Take next", pick: "Pick a chat on the left (↑/↓ and Enter).",
      take: "Take", transfer: "Transfer", hand_back: "Back to bot", close: "Close", to_operator: "To operator",
      to_department: "or department", note: "Note", step: "From step", send: "Send", add_note: "Note",
      reply_placeholder: "Reply to the customer (Ctrl+Enter sends)", slots: "Collected", profile: "Customer",
      queues: "Queues", waiting: "Waiting", flagged: "Waiting long", oldest: "Longest", operators: "Operators",
      load: "Chats", departments: "Departments", department: "Department", offline_stream: "offline", live: "live",
      canned: "Canned answers…", menu: "Main menu", nobody: "—", customer: "Customer", bot: "Bot",
      general: "general", bad_login: "Wrong name or password", waits: "waits", long_wait: "waiting long",
      handed_off: "Handed to operators", took: "took the chat", transferred: "transferred the chat", handed_back: "handed the chat back to the bot",
      channel: "Channel", since: "First message", events: "Events", with: "with", confirm_close: "Close the chat and ask the customer to rate it?",
      offline: "offline",
    },
  };
  const $ = (id) => document.getElementById(id);
  const state = {
    lang: localStorage.getItem("sb.console.lang") || ((navigator.language || "ru").startsWith("en") ? "en" : "ru"),
    me: null, info: null, queue: [], mine: [], open: null, chat: null, now: Date.now(), skew: 0,
    seen: JSON.parse(localStorage.getItem("sb.console.seen") || "{}"), events: null, timers: [],
  };
  const t = (key) => (T[state.lang] && T[state.lang][key]) || T.en[key] || key;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v); else e[k] = v;
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(typeof c === "string" ? document.createTextNode(c) : c);
    return e;
  }

  async function api(method, path, body) {
    const init = { method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    const r = await fetch("/console/api/" + path, init);
    const data = await r.json().catch(() => ({}));
    if (r.status === 401 && path !== "login") { showLogin(); throw new Error("unauthorized"); }
    if (!r.ok) throw new Error((data.error && data.error.message) || ("HTTP " + r.status));
    return data;
  }

  function translate() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = t(n.getAttribute("data-t")); });
    document.querySelectorAll("[data-tp]").forEach((n) => { n.placeholder = t(n.getAttribute("data-tp")); });
    document.querySelectorAll(".lang").forEach((b) => { b.textContent = state.lang === "ru" ? "English" : "Русский"; });
    document.title = "Switchboard — " + t("title");
  }

  function waited(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const m = Math.floor(s / 60);
    return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`
                   : `${m}:${String(s % 60).padStart(2, "0")}`;
  }
  const serverNow = () => Date.now() + state.skew;
  const channelIcon = (ch) => ({ webchat: "🌐", telegram: "✈️", whatsapp: "🟢", viber: "🟣", vk: "🔵", rest: "⚙️" }[ch] || "💬");

  // --- login ---
  function showLogin() {
    stopLive();
    $("app").hidden = true;
    $("login").hidden = false;
    $("login-operator").focus();
  }
  $("login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("login-error").textContent = "";
    try {
      await api("POST", "login", { operator: $("login-operator").value.trim(), password: $("login-password").value });
      $("login-password").value = "";
      await start();
    } catch (e) {
      $("login-error").textContent = t("bad_login");
    }
  });
  $("logout").addEventListener("click", async () => {
    try { await api("POST", "logout", {}); } catch (e) { /* the cookie is gone either way */ }
    showLogin();
  });
  document.querySelectorAll(".lang").forEach((b) => b.addEventListener("click", () => {
    state.lang = state.lang === "ru" ? "en" : "ru";
    localStorage.setItem("sb.console.lang", state.lang);
    translate();
    renderAll();
  }));

  async function start() {
    state.info = await api("GET", "me");
    state.me = state.info.operator;
    state.skew = state.info.now_ms - Date.now();
    $("login").hidden = true;
    $("app").hidden = false;
    $("me").textContent = state.me.name;
    $("show-supervisor").hidden = state.me.role === "operator";
    fillSelects();
    translate();
    await refreshQueue();
    startLive();
  }

  function fillSelects() {
    const canned = $("canned");
    canned.replaceChildren(el("option", { value: "" }, t("canned")));
    state.info.canned.forEach((c, i) => canned.append(el("option", { value: String(i) }, c.title)));
    const ops = $("transfer-operator");
    ops.replaceChildren(el("option", { value: "" }, t("nobody")));
    for (const o of state.info.operators) if (o.id !== state.me.id) ops.append(el("option", { value: o.id }, `${o.name} (${o.id})`));
    const deps = $("transfer-department");
    deps.replaceChildren(el("option", { value: "" }, t("nobody")));
    for (const d of state.info.departments) deps.append(el("option", { value: d }, d || t("general")));
    const steps = $("handback-step");
    steps.replaceChildren(el("option", { value: "" }, t("menu")));
    for (const s of state.info.steps) steps.append(el("option", { value: s }, s));
  }

  // --- live updates ---
  let refreshTimer = null;
  function scheduleRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => { refreshTimer = null; try { await refreshQueue(); } catch (e) { /* retried on the next event */ } }, 100);
  }
  function startLive() {
    stopLive();
    const es = new EventSource("/console/api/events");
    state.events = es;
    es.onopen = () => { $("live").classList.add("on"); $("live").setAttribute("data-t", "live"); $("live").textContent = t("live"); scheduleRefresh(); };
    es.onerror = () => { $("live").classList.remove("on"); $("live").setAttribute("data-t", "offline_stream"); $("live").textContent = t("offline_stream"); };
    es.addEventListener("chat", (ev) => {
      const change = JSON.parse(ev.data);
      scheduleRefresh();
      if (state.open === change.session) openChat(change.session, false);
    });
    const beat = async () => { try { await api("POST", "presence", { state: $("presence").value }); } catch (e) { /* next beat */ } };
    state.timers.push(setInterval(beat, Math.max(1000, state.info.presence_ttl_s * 1000 / 3)));
    state.timers.push(setInterval(renderWaits, 1000));
    state.timers.push(setInterval(scheduleRefresh, 15000));
    beat();
  }
  function stopLive() {
    if (state.events) state.events.close();
    state.events = null;
    state.timers.forEach(clearInterval);
    state.timers = [];
  }
  $("presence").addEventListener("change", () => api("POST", "presence", { state: $("presence").value }).catch(() => {}));

  // --- lists ---
  async function refreshQueue() {
    const q = await api("GET", "queue");
    state.skew = q.now_ms - Date.now();
    state.queue = q.waiting;
    state.mine = q.mine;
    state.queueTotal = q.waiting_total;
    renderLists();
    if (!$("supervisor").hidden) refreshSupervisor();
  }
  function unread(c) {
    const seen = state.seen[c.session] || 0;
    return (c.customer_at || []).filter((i) => i >= seen).length;
  }
  function chatItem(c, mine) {
    const li = el("li", { tabIndex: 0, "data-session": c.session, class: c.flagged ? "flagged" : "" });
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", String(state.open === c.session));
    const head = el("div", { class: "row" },
      el("span", {}, `${channelIcon(c.channel)} ${c.session}`),
      mine ? (unread(c) ? el("span", { class: "unread", title: "unread" }, String(unread(c))) : null)
           : el("span", { class: "wait", "data-since": String(c.enqueued_ms) }, waited(serverNow() - c.enqueued_ms)));
    li.append(head);
    const meta = [c.department || t("general")];
    if (c.reason) meta.push(c.reason);
    if (c.flagged) meta.push(t("long_wait"));
    li.append(el("div", { class: c.flagged ? "flag" : "meta" }, meta.join(" · ")));
    if (c.preview) li.append(el("div", { class: "preview" }, c.preview));
    li.addEventListener("click", () => openChat(c.session, true));
    li.addEventListener("keydown", (ev) => listKeys(ev, li));
    return li;
  }
  function listKeys(ev, li) {
    if (ev.key === "Enter") { openChat(li.getAttribute("data-session"), true); ev.preventDefault(); }
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      const items = [...document.querySelectorAll(".chat-list li")];
      const i = items.indexOf(li) + (ev.key === "ArrowDown" ? 1 : -1);
      if (items[i]) items[i].focus();
      ev.preventDefault();
    }
  }
  function renderLists() {
    const focused = document.activeElement && document.activeElement.getAttribute("data-session");
    $("queue").replaceChildren(...state.queue.map((c) => chatItem(c, false)));
    $("mine").replaceChildren(...state.mine.map((c) => chatItem(c, true)));
    $("queue-count").textContent = `(${state.queueTotal || 0})`;
    $("mine-count").textContent = `(${state.mine.length}/${state.info.capacity})`;
    if (focused) { const again = document.querySelector(`.chat-list li[data-session="${CSS.escape(focused)}"]`); if (again) again.focus(); }
  }
  function renderWaits() {
    document.querySelectorAll(".wait[data-since]").forEach((n) => { n.textContent = waited(serverNow() - Number(n.getAttribute("data-since"))); });
  }

  // --- the chat ---
  async function openChat(session, focus) {
    state.open = session;
    let chat;
    try {
      chat = await api("GET", "chats/" + encodeURIComponent(session));
    } catch (e) {
      if (state.open === session) { state.open = null; state.chat = null; renderChat(); }
      return;
    }
    if (state.open !== session) return;
    state.chat = chat;
    if (chat.mine) { state.seen[session] = chat.next; localStorage.setItem("sb.console.seen", JSON.stringify(state.seen)); }
    renderChat();
    renderLists();
    if (focus && chat.mine) $("reply-text").focus();
  }
  function describe(e) {
    const a = e.attrs || {};
    switch (e.type) {
      case "user_said": return { who: `${channelIcon(a.channel)} ${t("customer")}`, text: e.text };
      case "button_pressed": return { who: `${t("customer")} ▣`, text: e.text };
      case "bot_said": return { who: t("bot"), text: e.text + (e.buttons ? "\n" + e.buttons.map((b) => `[${b.label}]`).join(" ") : "") };
      case "operator_said": return { who: e.name, text: e.text };
      case "operator_note": return { who: `${e.name} · ${t("note")}`, text: e.text };
      case "handed_off": return { system: `${t("handed_off")}: ${e.value || ""} ${a.department ? "· " + a.department : ""}` };
      case "operator_took": return { system: `${e.name} ${t("took")}` };
      case "transferred": return { system: `${e.name} ${t("transferred")} → ${a.to_operator || a.department || ""}${a.note ? " · " + a.note : ""}` };
      case "handed_back": return { system: `${e.name} ${t("handed_back")}${e.value ? " · " + e.value : ""}` };
      default: return null;
    }
  }
  function renderChat() {
    const c = state.chat;
    $("chat-empty").hidden = !!c;
    $("chat-view").hidden = !c;
    $("chat-error").textContent = "";
    if (!c) { $("slots").replaceChildren(); $("profile").replaceChildren(); return; }
    const entry = c.entry;
    $("chat-title").textContent = `${channelIcon(c.profile.channel)} ${entry.session}`;
    $("chat-meta").textContent = [entry.department || t("general"), entry.operator_id ? `${t("with")} ${entry.operator_id}` : t("waits")].join(" · ");
    $("take").hidden = !!entry.operator_id;
    for (const id of ["open-transfer", "open-handback", "close", "send"]) $(id).disabled = !c.mine;
    const list = $("transcript");
    list.replaceChildren();
    for (const e of c.events) {
      const d = describe(e);
      if (!d) continue;
      if (d.system) { list.append(el("li", { class: "ev-system" }, d.system)); continue; }
      const time = new Date(e.at).toLocaleTimeString(state.lang, { hour: "2-digit", minute: "2-digit" });
      list.append(el("li", { class: "ev-" + e.type, "data-index": String(e.index) }, el("span", { class: "who" }, `${d.who} · ${time}`), d.text || ""));
    }
    list.scrollTop = list.scrollHeight;
    const slots = $("slots");
    slots.replaceChildren();
    for (const [k, v] of Object.entries(c.slots)) slots.append(el("dt", {}, k), el("dd", {}, v));
    const profile = $("profile");
    profile.replaceChildren();
    const p = c.profile;
    if (p.channel) profile.append(el("dt", {}, t("channel")), el("dd", {}, `${channelIcon(p.channel)} ${p.channel}`));
    if (p.first_message_ms) profile.append(el("dt", {}, t("since")), el("dd", {}, new Date(p.first_message_ms).toLocaleString(state.lang)));
    profile.append(el("dt", {}, t("events")), el("dd", {}, String(p.events)));
  }

  async function act(action, body) {
    if (!state.open) return;
    $("chat-error").textContent = "";
    try {
      await api("POST", `chats/${encodeURIComponent(state.open)}/${action}`, body || {});
      await openChat(state.open, false);
      await refreshQueue();
    } catch (e) {
      $("chat-error").textContent = e.message;
      throw e;
    }
  }
  $("take").addEventListener("click", () => act("take").then(() => $("reply-text").focus()).catch(() => {}));
  $("take-next").addEventListener("click", async () => {
    for (const c of state.queue) {
      state.open = c.session;
      try { await act("take"); $("reply-text").focus(); return; } catch (e) { /* taken meanwhile: the next */ }
    }
  });
  $("composer").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text) return;
    act("reply", { text }).then(() => { $("reply-text").value = ""; $("reply-text").focus(); }).catch(() => {});
  });
  $("note").addEventListener("click", () => {
    const text = $("reply-text").value.trim();
    if (text) act("note", { text }).then(() => { $("reply-text").value = ""; }).catch(() => {});
  });
  // The customer's chat shows "typing" for a few seconds after each signal.
  let lastTyping = 0;
  $("reply-text").addEventListener("input", () => {
    if (!state.chat || !state.chat.mine || Date.now() - lastTyping < 2500) return;
    lastTyping = Date.now();
    api("POST", `chats/${encodeURIComponent(state.open)}/typing`, {}).catch(() => {});
  });
  $("reply-text").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); $("composer").requestSubmit(); }
  });
  $("canned").addEventListener("change", () => {
    const i = $("canned").value;
    if (i === "") return;
    const box = $("reply-text");
    box.value = (box.value ? box.value + "\n" : "") + state.info.canned[Number(i)].text;
    $("canned").value = "";
    box.focus();
  });
  $("open-transfer").addEventListener("click", () => { $("transfer-form").hidden = !$("transfer-form").hidden; $("handback-form").hidden = true; $("transfer-operator").focus(); });
  $("open-handback").addEventListener("click", () => { $("handback-form").hidden = !$("handback-form").hidden; $("transfer-form").hidden = true; $("handback-step").focus(); });
  $("transfer-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const body = { to_operator: $("transfer-operator").value, department: $("transfer-department").value, text: $("transfer-note").value };
    for (const k of Object.keys(body)) if (!body[k]) delete body[k];
    act("transfer", body).then(() => { $("transfer-form").hidden = true; $("transfer-note").value = ""; }).catch(() => {});
  });
  $("handback-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    act("hand_back", { step: $("handback-step").value }).then(() => { $("handback-form").hidden = true; }).catch(() => {});
  });
  $("close").addEventListener("click", () => { if (confirm(t("confirm_close"))) act("close").catch(() => {}); });

  // --- supervisor ---
  async function refreshSupervisor() {
    const s = await api("GET", "supervisor");
    $("sv-queues").replaceChildren(...s.queues.map((q) => el("tr", {},
      el("td", {}, q.department || t("general")), el("td", {}, String(q.waiting)), el("td", {}, String(q.flagged)),
      el("td", {}, q.oldest_ms ? waited(s.now_ms - q.oldest_ms) : "—"))));
    $("sv-operators").replaceChildren(...s.operators.map((o) => el("tr", { "data-operator": o.id },
      el("td", {}, `${o.name} (${o.id})`), el("td", {}, t(o.presence)), el("td", {}, `${o.load}/${o.capacity}`),
      el("td", {}, o.departments.map((d) => d || t("general")).join(", ")))));
  }
  function showView(supervisor) {
    $("desk").hidden = supervisor;
    $("supervisor").hidden = !supervisor;
    $("show-desk").setAttribute("aria-pressed", String(!supervisor));
    $("show-supervisor").setAttribute("aria-pressed", String(supervisor));
    if (supervisor) refreshSupervisor().catch(() => {});
  }
  $("show-desk").addEventListener("click", () => showView(false));
  $("show-supervisor").addEventListener("click", () => showView(true));

  function renderAll() { if (state.info) { fillSelects(); renderLists(); renderChat(); } }

  // Keyboard: Alt+N takes the next chat, Alt+T takes the open one, Alt+R
  // transfers, Alt+B hands back, Alt+C closes, Alt+Q goes to the queue, Esc closes
  // a panel.
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") { $("transfer-form").hidden = true; $("handback-form").hidden = true; return; }
    if (!ev.altKey || $("app").hidden) return;
    const keys = { n: "take-next", t: "take", r: "open-transfer", b: "open-handback", c: "close" };
    const k = ev.key.toLowerCase();
    if (k === "q") { const first = document.querySelector("#queue li, #mine li"); if (first) first.focus(); ev.preventDefault(); return; }
    if (keys[k] && !$(keys[k]).disabled && !$(keys[k]).hidden) { $(keys[k]).click(); ev.preventDefault(); }
  });

  translate();
  start().catch(() => showLogin());
})();
