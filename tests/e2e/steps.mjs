// The steps both engines' suites take, written once: the Chromium tests (tests/e2e, Playwright pages)
// and the WebKit tests (tests/webkit, phones of driver.mjs) import them. The few things the engines do
// differently (going to a page, waiting for the app, for a text, for a condition) are the adapter at the
// top; the steps themselves use only it and the screens' objects (screens.mjs, whose `on` takes either).
import { on, css, part } from './screens.mjs';

/** Whether `page` is a phone of the WebKit driver rather than a Playwright page. */
export const isWebKit = (page) => typeof page.tap === 'function' && typeof page.run === 'function';

/** The sections whose pages are in the full build only (FULL_BUILD_SECTIONS in src/route.rs), at
 *  their own path or in a link of the form handed out before (`#/branch`). */
const FULL_ONLY = /(\/tuan\/|#\/)(appeal|branch|committee|data|demo|forgot|import|my-data)([/?#]|$)/;

/** Goes to a URL (Playwright's `goto`; WebKit's `go`, which listens for errors from then on). */
export async function visit(page, url) {
  if (isWebKit(page)) return page.go(url);
  await page.goto(url);
}

/** Waits for the app to have replaced the skeleton. */
export async function appReady(page) {
  if (isWebKit(page)) return page.ready();
  await page.waitForFunction(() => window.tuan?.up === true, null, { timeout: 20000 });
}

/** Goes to a URL of the app and waits until it can be used: in Chromium, for a page of the full build,
 *  until that build has started (from the member's build, the page reloads into it); in WebKit, until
 *  the app is up (as its tests always waited). */
export async function open(page, url) {
  if (isWebKit(page)) {
    await page.go(url);
    return page.ready();
  }
  await page.goto(url);
  if (FULL_ONLY.test(url)) {
    await page.waitForFunction(() => window.tuan.build === 'full' && window.tuan?.up === true, null, { timeout: 20000 });
  }
}

/** Waits for `text` to be shown on the page. */
export async function waitText(page, text) {
  if (isWebKit(page)) return page.waitFor('body', text);
  await page.getByText(text).waitFor();
}

/** Waits until `fn(arg)`, run in the page, returns something truthy (`what` names it in WebKit's timeout). */
export async function until(page, fn, arg, what = 'a condition in the page') {
  if (isWebKit(page)) return page.until(fn, what, 20000, arg);
  await page.waitForFunction(fn, arg);
}

/** The link in a message the app gives to copy (a line of who sends what, then the link). */
export function linkIn(message) {
  const found = /https?:\/\/\S+/.exec(message);
  if (!found) throw new Error(`no link in: ${message}`);
  return found[0];
}

/** Opens the app fresh and loads the demo school from the first-run screen. */
export async function openDemo(page, base) {
  await visit(page, base);
  await appReady(page);
  // The demo is in the full build: the member's build loads it first.
  await on(page).home.useDemo.click();
  await waitText(page, '点选一个身份即可直接进入');
}

/** In the demo, acts as the account whose row contains `text`. */
export async function actAs(page, base, text) {
  await visit(page, `${base}demo/`);
  await on(page).demo.account.filter({ hasText: text }).first().click();
  await on(page).me.overview.waitFor();
}

/** The link of a hand-over in `scope` (a page, or a part of it), once the browser has compressed it. */
export async function syncLink(scope) {
  const box = (scope.locator ? scope : part(scope, 'body')).locator(`${css.handover.syncLink}:not([hidden])`);
  await box.waitFor();
  return linkIn(await box.inputValue());
}

/** The invite link of the branch on 我的团员 (its message's link), once it carries the key. */
export async function inviteLink(page) {
  await until(page, (sel) => document.querySelector(sel)?.value.includes('&k='), css.members.inviteLink, 'the key in the invite');
  return linkIn(await on(page).members.inviteLink.inputValue());
}

/** The text of the file on screen (css.handover.syncText), once signed (and compressed when large). */
export async function fileText(page) {
  // A 完整备份 on a phone with a logged-in account asks first for the password that seals its
  // identity: without one here (sealedBackup gives one), it is made without.
  await part(page, `${css.handover.syncText}, ${css.sync.backupSeal}`).first().waitFor();
  if (await on(page).sync.backupSeal.count()) await on(page).sync.backupUnsealed.click();
  await until(page, (sel) => { const v = document.querySelector(sel)?.value; return v && !v.startsWith('正在'); }, css.handover.syncText, 'the file\'s text');
  return on(page).handover.syncText.inputValue();
}

/** Opens 数据与备份 and the given kind of file to send; returns its text. */
export async function sendText(page, base, kind) {
  await open(page, `${base}data/`);
  await on(page).sync.send(kind).click();
  return fileText(page);
}

/** Pastes a text on 数据与备份 (or 我的团员's 收申请, `where` = 'branch/') and takes it (`on(page).sync.take`). */
export async function pasteAndTakeAt(page, base, text, where = 'data/') {
  await open(page, `${base}${where}`);
  if (where === 'branch/') await on(page).members.receive.click();
  await on(page).sync.read(text);
  await on(page).sync.take();
}

/** Restores `backup` (someone else's, its identity not sealed) on this phone, set to `password` and logged in as its account. */
export async function restoreAs(page, base, backup, password) {
  await pasteAndTakeAt(page, base, backup);
  await on(page).sync.claimAs(password);
}

/** 建立校团委 on this page's phone (its own page, at `base`), until `expect` shows (logged in as it, if founded). */
export async function foundSchool(page, base, expect = '校团委已建立') {
  await open(page, `${base}committee/new/`);
  await on(page).found.form.waitFor();
  await on(page).found.submitWith();
  await waitText(page, expect);
}

/** A branch (2026级`number`班团支部) registered on this blank phone from a code's link; it ends on the
 *  result's hand-over, logged in as the branch. */
export async function registerBranch(page, link, number) {
  await open(page, link);
  await on(page).branchRegister.submitWith({
    name: `2026级${number}班团支部`, number, secretaryName: '王书记', secretaryPhone: '13900001111',
    username: `TZB${number}`, password: 'abcd1234',
  });
  await waitText(page, '还差一步：把注册信息发给团委');
}

/** From the registered branch's result screen: 我的团员, 邀请团员加入, the invite's link (with the key). */
export async function branchInvite(page) {
  await on(page).branchRegister.goBranch.click();
  await on(page).members.showInvite.click();
  return inviteLink(page);
}

/** The links of `n` codes for `kind` made on 组织注册码 (the page open). */
export async function codeLinks(page, n, kind) {
  const lines = await on(page).codes.make(n, kind);
  return lines.map((l) => l.split('立即注册：')[1].trim());
}
