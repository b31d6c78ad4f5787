// The operator console in a real browser: Debian's chromium, driven by
// playwright-core, against a real `switchboard serve` (run_console_test.sh starts
// it). A customer in the web chat starts a booking and asks for a person; Olga
// logs in, sees the chat in the queue with its transcript and the slots collected,
// takes it and replies with a canned answer (the customer sees her typing, then
// the reply, through the web chat's event stream); Olga
// transfers the chat to Ivan with a note; Ivan closes it; the customer rates it.
// What a customer writes is shown as text. Screenshots go to $SB_SCREENSHOTS.
//   node console_test.mjs CHAT_URL CONSOLE_URL
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const chatUrl = process.argv[2];
const consoleUrl = process.argv[3];
const shots = process.env.SB_SCREENSHOTS || join(tmpdir(), "switchboard-console-screenshots");
mkdirSync(shots, { recursive: true });
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const profiles = [];
async function browser(options) {
  const profile = mkdtempSync(join(tmpdir(), "sb-chromium-"));
  profiles.push(profile);
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.SB_CHROMIUM || "/usr/bin/chromium", args, locale: "ru-RU", ...options });
}
let step = 0;
async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${String(++step).padStart(2, "0")}-${name}.png`), fullPage: true });
}
function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`ok - ${what}`);
}
const T = { timeout: 15000 };

// Each person has a browser of their own: their own cookies and storage.
const customerBrowser = await browser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
const olgaBrowser = await browser({ viewport: { width: 1366, height: 800 } });
const ivanBrowser = await browser({ viewport: { width: 1366, height: 800 } });
try {
  const dialogs = [];
  // The customer starts a booking (the service and the day become slots), then
  // asks for a person; markup in a message must stay text in the console.
  const customer = await customerBrowser.newPage();
  let streamed = false;
  customer.on("response", (r) => { if (r.url().includes("/chat/api/events") && r.status() === 200) streamed = true; });
  const log = customer.locator(".sb-log");
  const type = async (text) => {
    await customer.getByRole("textbox").fill(text);
    await customer.getByRole("button", { name: /Отправить|Send/ }).click();
  };
  await customer.goto(chatUrl);
  await log.locator(".sb-bot").first().waitFor(T);
  await type("запишите на маникюр в субботу");
  await log.locator(".sb-bot", { hasText: "К какому мастеру?" }).waitFor(T);
  await type("<b>позовите оператора</b>");
  await log.locator(".sb-bot", { hasText: "Передаю чат оператору" }).waitFor(T);
  await log.locator(".sb-bot", { hasText: /Ожидаемое время|операторы заняты|не работают/ }).waitFor(T);
  check(true, "the customer is told the chat goes to an operator and what to expect");
  const visitor = await customer.evaluate(() => localStorage.getItem("switchboard.visitor"));
  const session = "web:" + visitor.split(".")[0];

  // Olga logs in and finds the chat in the queue, with its transcript and slots.
  const olga = await olgaBrowser.newPage();
  olga.on("dialog", (d) => { dialogs.push(d.message()); d.accept(); });
  await olga.goto(consoleUrl);
  await olga.locator("#login-operator").waitFor(T);
  await shot(olga, "login");
  await olga.fill("#login-operator", "olga");
  await olga.fill("#login-password", "wrong password");
  await olga.click("#login-submit");
  await olga.locator("#login-error", { hasText: /Неверное|Wrong/ }).waitFor(T);
  check(true, "a wrong password is refused");
  await olga.fill("#login-password", process.env.SB_OLGA_PASSWORD);
  await olga.click("#login-submit");
  await olga.locator("#live.on").waitFor(T);
  const queued = olga.locator(`#queue li[data-session="${session}"]`);
  await queued.waitFor(T);
  check((await queued.textContent()).includes("<b>позовите оператора</b>"), "the queue shows the chat with its last message as text");
  await shot(olga, "queue");
  await queued.focus();
  await olga.keyboard.press("Enter");
  await olga.locator("#transcript .ev-user_said", { hasText: "маникюр" }).waitFor(T);
  check(await olga.locator("#transcript b").count() === 0, "markup from the customer is text in the transcript");
  check(await olga.locator("#slots dd", { hasText: "manicure" }).count() === 1, "the slots collected by the bot are beside the transcript");
  await shot(olga, "chat-waiting");

  // Olga takes it (Alt+T) and answers with a canned answer.
  await olga.keyboard.press("Alt+t");
  await olga.locator(`#mine li[data-session="${session}"]`).waitFor(T);
  check(await olga.locator(`#queue li[data-session="${session}"]`).count() === 0, "a taken chat leaves the queue for 'my chats'");
  await olga.locator("#reply-text").pressSequentially("Здравст");
  await customer.locator(".sb-typing", { hasText: "Оператор печатает" }).waitFor(T);
  check(true, "the customer sees that the operator is typing");
  await shot(customer, "operator-typing");
  await olga.fill("#reply-text", "");
  await olga.selectOption("#canned", { label: "Приветствие" });
  check((await olga.inputValue("#reply-text")).includes("Меня зовут Ольга"), "a canned answer fills the composer");
  await olga.locator("#reply-text").press("Control+Enter");
  await olga.locator("#transcript .ev-operator_said", { hasText: "Меня зовут Ольга" }).waitFor(T);
  await log.locator(".sb-operator", { hasText: "Меня зовут Ольга" }).waitFor(T);
  check(streamed, "the customer sees the operator's reply, through the web chat's event stream");
  await shot(customer, "customer-sees-reply");

  // The customer answers; Olga's screen shows it without a reload.
  await type("Хочу к Марии в субботу утром");
  await olga.locator("#transcript .ev-user_said", { hasText: "к Марии" }).waitFor(T);
  check(true, "the customer's message reaches the operator's screen live");
  await shot(olga, "chat-taken");

  // Ivan, a supervisor, is at work too; Olga transfers the chat to him with a note.
  const ivan = await ivanBrowser.newPage();
  ivan.on("dialog", (d) => { dialogs.push(d.message()); d.accept(); });
  await ivan.goto(consoleUrl);
  await ivan.fill("#login-operator", "ivan");
  await ivan.fill("#login-password", process.env.SB_IVAN_PASSWORD);
  await ivan.click("#login-submit");
  await ivan.locator("#live.on").waitFor(T);
  await olga.keyboard.press("Alt+r");
  await olga.selectOption("#transfer-operator", "ivan");
  await olga.fill("#transfer-note", "Клиентка хочет к Марии в субботу");
  await olga.click("#transfer-submit");
  await olga.locator("#transcript .ev-system", { hasText: "ivan" }).waitFor(T);
  await olga.locator(`#mine li[data-session="${session}"]`).waitFor({ state: "detached", timeout: 15000 });
  check(true, "a transferred chat leaves Olga's chats");
  await shot(olga, "transferred");

  // Ivan finds it among his chats, sees the note, and closes it.
  const his = ivan.locator(`#mine li[data-session="${session}"]`);
  await his.waitFor(T);
  check(await his.locator(".unread").count() === 1, "Ivan's chat shows unread customer messages");
  await ivan.click("#show-supervisor");
  await ivan.locator('#sv-operators tr[data-operator="ivan"]', { hasText: "1/3" }).waitFor(T);
  check(true, "the supervisor view shows operators' load");
  await shot(ivan, "supervisor");
  await ivan.click("#show-desk");
  await his.click();
  await ivan.locator("#transcript .ev-system", { hasText: "Клиентка хочет к Марии" }).waitFor(T);
  check(true, "the transfer's note is in the transcript");
  await ivan.click("#close");
  await ivan.locator(`#mine li[data-session="${session}"]`).waitFor({ state: "detached", timeout: 15000 });
  await shot(ivan, "closed");

  // The customer is asked to rate the chat and rates it.
  await log.locator(".sb-bot", { hasText: "Оцените" }).waitFor(T);
  const five = customer.locator(".sb-actions button:not([disabled])", { hasText: "5" }).last();
  await five.waitFor(T);
  await five.click();
  await log.locator(".sb-bot", { hasText: "Спасибо за отзыв" }).waitFor(T);
  check(true, "the customer rates the closed chat");
  await shot(customer, "rated");
  check(dialogs.length === 1, "the only dialog was the close confirmation");
  console.log(`screenshots: ${shots}`);
} finally {
  for (const b of [customerBrowser, olgaBrowser, ivanBrowser]) await b.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
}
