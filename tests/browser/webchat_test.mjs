// The web chat in a real browser: Debian's chromium, driven by playwright-core,
// against a real `switchboard serve` (run_webchat_test.sh starts it with the
// sample booking system). A customer on a phone-sized screen books a visit with
// buttons and typed answers, reloads the page mid-booking and finishes it; an
// operator's reply appears without a reload; what they type is shown as text, never
// run; another site embeds the chat with one script tag. Screenshots go to
// $SB_SCREENSHOTS.
//   node webchat_test.mjs CHAT_URL OTHER_SITE_PAGE_URL
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const url = process.argv[2];
const shopUrl = process.argv[3];  // a page of another site with the chat's script tag
const shots = process.env.SB_SCREENSHOTS || join(tmpdir(), "switchboard-screenshots");
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), "sb-chromium-"));
// A fresh profile (--user-data-dir) per run, given the way playwright wants it.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.SB_CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 390, height: 844 }, locale: "ru-RU", isMobile: true, hasTouch: true,
});
let step = 0;
async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${String(++step).padStart(2, "0")}-${name}.png`), fullPage: true });
}
function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`ok - ${what}`);
}

try {
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  const log = page.locator(".sb-log");
  const bot = (text) => log.locator(".sb-bot", { hasText: text }).last().waitFor({ timeout: 15000 });
  // The newest enabled button with this label.
  const press = async (label) => {
    const b = page.locator(".sb-actions button:not([disabled])", { hasText: label }).last();
    await b.waitFor({ timeout: 15000 });
    await b.click();
  };
  const type = async (text) => {
    await page.getByRole("textbox").fill(text);
    await page.getByRole("button", { name: /Отправить|Send/ }).click();
  };

  await page.goto(url);
  await log.locator(".sb-bot").first().waitFor({ timeout: 15000 });
  check(await log.locator(".sb-user").count() === 0, "the bot greets a new visitor, who has said nothing yet");
  await shot(page, "greeting");

  await type("запишите на маникюр в субботу");
  await bot("К какому мастеру?");
  await shot(page, "masters");
  await press("Мария");
  await bot("Свободное время");
  const firstTime = page.locator(".sb-actions button:not([disabled])").first();
  const timeLabel = (await firstTime.textContent()).trim();
  await firstTime.click();
  await bot("Как к вам обращаться?");
  await type("Анна");
  await bot("Ваш номер телефона?");
  await shot(page, "before-reload");

  await page.reload();
  await bot("Ваш номер телефона?");
  check(await log.locator(".sb-user", { hasText: "Анна" }).count() === 1, "a reload shows the same conversation");
  await shot(page, "after-reload");
  await type("8 916 123-45-67");
  await bot("Всё верно?");
  await press("Да, всё верно");
  await bot("Номер записи: B-");
  check(await log.locator(".sb-bot", { hasText: `в ${timeLabel}` }).count() >= 1, `booked at the chosen time ${timeLabel}`);
  await shot(page, "booked");

  // An operator takes the chat and answers: the page shows it without a reload.
  const visitor = await page.evaluate(() => localStorage.getItem("switchboard.visitor"));
  const session = "web:" + visitor.split(".")[0];
  const admin = new URL(url).origin + `/admin/conversations/${session}/operator`;
  for (const action of [{ action: "take", operator_id: "olga" },
                        { action: "say", operator_id: "olga", text: "Здравствуйте, это Ольга. Чем помочь?" }]) {
    const r = await fetch(admin, { method: "POST", body: JSON.stringify(action),
                                   headers: { Authorization: `Bearer ${process.env.SB_ADMIN_TOKEN}` } });
    if (r.status !== 200) throw new Error(`operator ${action.action}: ${r.status} ${await r.text()}`);
  }
  await log.locator(".sb-operator", { hasText: "это Ольга" }).waitFor({ timeout: 15000 });
  check(true, "an operator's reply appears without a reload");
  await shot(page, "operator");
  await page.getByRole("button", { name: /Отправить|Send/ }).waitFor();

  const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
  await type(hostile);
  await log.locator(".sb-user", { hasText: "<img src=x" }).waitFor({ timeout: 15000 });
  check(await log.locator("img, script").count() === 0 && dialogs.length === 0, "markup a customer writes is shown as text");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, "nothing is wider than a phone screen");
  await page.getByRole("button", { name: "English" }).click();
  check(await page.getByRole("button", { name: "Send" }).count() === 1, "the chat switches to English");
  await shot(page, "english");

  // Another site embeds the chat with one script tag: a page on another origin
  // (run_webchat_test.sh serves it), so a new visitor.
  const shop = await context.newPage();
  await shop.goto(shopUrl);
  await shop.locator("#sb-chat .sb-bot").first().waitFor({ timeout: 15000 });
  await shop.getByRole("textbox").fill("сколько стоит стрижка");
  await shop.getByRole("button", { name: /Отправить|Send/ }).click();
  await shop.locator("#sb-chat .sb-bot", { hasText: "Цены" }).first().waitFor({ timeout: 15000 });
  check(true, "another site embeds the chat with one script tag");
  await shot(shop, "embedded");
  console.log(`screenshots: ${shots}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
