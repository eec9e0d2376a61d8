// Shared set-up of the browser tests: a plain static server for dist/ under a sub-path, headless
// Chromium (Debian's) in a phone-sized context with a WeChat user agent, and screenshots kept in
// tests/e2e/screenshots/ to look at.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { createServer } from 'node:net';
import zlib from 'node:zlib';
import { on, css, withCheck } from './screens.mjs';
import { appReady, open, openDemo, actAs, linkIn, syncLink, inviteLink, fileText, sendText, pasteAndTakeAt, foundSchool, registerBranch, codeLinks, restoreAs } from './steps.mjs';

// The steps both engines' suites share (steps.mjs), for the Chromium tests that import them from here.
export { appReady, open, openDemo, actAs, linkIn, syncLink, inviteLink, fileText, sendText, pasteAndTakeAt, foundSchool, withCheck };

export const DIST = new URL('../../dist/', import.meta.url).pathname;
export const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

export const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 13; V2217A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/130.0.6723.103 Mobile Safari/537.36 XWEB/1300259 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) ' +
  'WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Serves dist/ at http://127.0.0.1:PORT/tuan/ (or under another sub-path, or on another of this
 *  machine's addresses) with `python3 -m http.server`: no rewrite rules. `requests` holds the path
 *  of every request the server saw, in order (from its log). */
export async function startServer(under = 'tuan', host = '127.0.0.1') {
  const root = mkdtempSync(join(tmpdir(), 'tuan-serve-'));
  mkdirSync(join(root, ...under.split('/').slice(0, -1)), { recursive: true });
  symlinkSync(DIST, join(root, ...under.split('/')));
  const port = await freePort();
  const proc = spawn('python3', ['-u', '-m', 'http.server', String(port), '--bind', host], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const requests = [];
  let rest = '';
  proc.stderr.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const l of lines) {
      const m = /"GET (\S+) HTTP/.exec(l);
      if (m) requests.push(m[1]);
    }
  });
  const base = `http://${host}:${port}/${under}/`;
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(base); if (r.ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, requests, stop: () => { proc.kill(); rmSync(root, { recursive: true, force: true }); } };
}

/** Run in a page: fills its origin's localStorage with copies set aside at start (`tuan.backup.*`),
 *  as years of unreadable data would, until the browser refuses more. */
export function fillWithSetAside() {
  let chunk = 'x'.repeat(1 << 20);
  for (let i = 0; chunk.length > 64; i++) {
    try { localStorage.setItem(`tuan.backup.${1000 + i}`, chunk); } catch { chunk = chunk.slice(chunk.length / 2); }
  }
}

/** A server in front of `server` whose HTTP `Date` runs `phoneAhead` ms behind the real clock, as a
 *  phone whose clock runs that far ahead sees it (the same origin whatever `phoneAhead` is set to). */
export async function skewedServer(server) {
  const target = new URL(server.base);
  const state = { phoneAhead: 0 };
  const port = await freePort();
  const proxy = http.createServer((req, res) => {
    const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      const headers = { ...r.headers, date: new Date(Date.now() - state.phoneAhead).toUTCString() };
      res.sendDate = false;
      res.writeHead(r.statusCode, headers);
      r.pipe(res);
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  await new Promise((resolve) => proxy.listen(port, target.hostname, resolve));
  return { base: `http://${target.hostname}:${port}${target.pathname}`, state, stop: () => proxy.close() };
}

/** This machine's first address other than loopback: a page served there over plain http is not a
 *  secure context (no WebCrypto), as on a host without https. */
export function insecureHost() {
  const found = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!found) throw new Error('no address other than loopback to serve plain http from');
  return found.address;
}

/** Headless Chromium with the flags this closed network needs (Playwright gives it a fresh profile). */
export async function launch(extraArgs = []) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...FLAGS, ...extraArgs] });
  return { browser, close: () => browser.close() };
}

/** The saved document's short keys (since version 2, `core::model`) and the long ones of version 1, as in
 *  the core's test `version_1_documents_journals_and_files_are_read`. */
export const LONG_KEYS = {
  i: 'id', n: 'name', k: 'kind', pr: 'parent', b: 'branch', c: 'created', u: 'updated',
  ic: 'id_number', bd: 'birth', sx: 'sex', ps: 'political_status', et: 'ethnicity', ed: 'education',
  jm: 'join_month', mn: 'member_number', is: 'is_student', sn: 'student_no', wv: 'wants_volunteer',
  sa: 'service_area', np: 'native_place', rs: 'residence', dr: 'directions', gc: 'guardian_consent',
  rg: 'registered', v: 'version', p: 'profile', aa: 'accepted_at', cd: 'cadre', vo: 'volunteer',
  cs: 'consent', pa: 'profile_at', ma: 'membership_at', l: 'login', r: 'role', rt: 'retired',
  a: 'applicant', s: 'state', o: 'others', st: 'settled', y: 'year', m: 'month', d: 'day',
};

/** A saved document or sync file with the long keys. */
export function longKeys(v) {
  if (Array.isArray(v)) return v.map(longKeys);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [LONG_KEYS[k] ?? k, longKeys(x)]));
}

/** A phone: 375×667, touch, WeChat's user agent, Chinese locale. Its service worker (sw.js) is
 *  blocked unless `offline` (Playwright's interception of requests, which tests use, does not see
 *  what a service worker fetches); the offline tests allow it. */
export async function phone(browser, { offline = false } = {}) {
  const ctx = await browser.newContext({
    serviceWorkers: offline ? 'allow' : 'block',
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent: WECHAT_UA,
    locale: 'zh-CN',
  });
  // The saved data as the app reads it back (the document with its journal of the latest changes),
  // with the long keys of version 1 (which the app still reads), and a way to replace it, for tests
  // that read or prepare it (plain, uncompressed documents).
  await ctx.addInitScript((keys) => {
    const long = (v) => {
      if (Array.isArray(v)) return v.map(long);
      if (!v || typeof v !== 'object') return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [keys[k] ?? k, long(x)]));
    };
    window.__longKeys = long;
    window.__savedDoc = () => {
      const doc = long(JSON.parse(localStorage.getItem('tuan.state')));
      const j = long(JSON.parse(localStorage.getItem('tuan.journal') || 'null'));
      if (j && j.base === doc.saved_at) {
        for (const t of ['orgs', 'codes', 'accounts', 'requests', 'appeals', 'problems']) Object.assign(doc.state[t], j.state[t] || {});
        Object.assign(doc.state, { reset_codes: j.state.reset_codes, demo: j.state.demo });
      }
      return doc;
    };
    window.__writeDoc = (doc) => { localStorage.setItem('tuan.state', JSON.stringify(doc)); localStorage.removeItem('tuan.journal'); };
  }, LONG_KEYS);
  return ctx;
}

/** Fails the test on any uncaught page error or console error. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // The optional directory.json is absent on the test server: its 404 is expected.
  page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/directory.json')) errors.push(`console: ${m.text()}`); });
  return errors;
}

export async function shot(page, name) {
  // From the top, so the sticky top bar is drawn where a person sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  // A page of the member's build draws nothing that only the full build styles (style/full.css).
  const unstyled = await page.evaluate((sels) => window.tuan?.build === 'member' ? sels.filter((s) => document.querySelector(s)) : [], FULL_ONLY);
  if (unstyled.length) throw new Error(`${name}: the member's build draws ${unstyled.join(', ')}, styled only in style/full.css`);
}

/** The selectors of style/full.css's rules, each on its own and without the states that come and go
 *  (focus, hover): an element any of them matches on a page of the member's build goes unstyled. */
const FULL_ONLY = readFileSync(new URL('../../style/full.css', import.meta.url), 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, '').match(/[^{}]+(?=\{)/g)
  .flatMap((s) => s.split(',')).map((s) => s.trim().replace(/:(focus-within|focus-visible|focus|hover|active)\b/g, '')).filter(Boolean);

/** The demo branch secretary's phone (2025级小学教育1班团支部, on 我的团员); returns its invite link. */
export async function secretaryPhone(browser, base) {
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, base);
  await actAs(page, base, 'TZB25110103');
  await open(page, `${base}branch/`);
  await on(page).members.showInvite.click();
  // The link carries the phone's key, made the first time the page opens.
  const invite = await inviteLink(page);
  return { ctx, page, errors, invite };
}

/** A freshman's empty phone: opens the branch's invite, signs up, applies; ends on the result screen. */
export async function memberApplies(browser, invite, phoneNo, name, first17) {
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(invite);
  await appReady(page);
  await on(page).apply.joinAsNew({ phoneNo, name, first17 });
  return { ctx, page, errors };
}

/** A member of the named demo branch, read from the saved data: ID number, name, phone. */
export async function demoMember(page, branchName, { cadre = true } = {}) {
  return page.evaluate(({ branchName, cadre }) => {
    const s = window.__savedDoc().state;
    const branch = Object.values(s.orgs).find((o) => o.name === branchName).id;
    const a = Object.values(s.accounts).find((a) => a.role.Member?.branch === branch && a.role.Member.profile && (cadre || !a.role.Member.cadre));
    return { id: a.role.Member.profile.id_number, name: a.role.Member.profile.name, phone: a.login };
  }, { branchName, cadre });
}

/** The text a QR code `<img>` holds, decoded from its pixels. */
export async function decodeQr(img) {
  const { default: jsQR } = await import('jsqr');
  // The encoder loads on demand: wait for the image to be drawn and decoded.
  await img.evaluate((el) => el.decode());
  const p = await img.evaluate((el) => {
    const c = document.createElement('canvas');
    c.width = el.naturalWidth; c.height = el.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(el, 0, 0);
    return { w: c.width, h: c.height, data: Array.from(ctx.getImageData(0, 0, c.width, c.height).data) };
  });
  return jsQR(Uint8ClampedArray.from(p.data), p.w, p.h)?.data ?? '';
}

/** Reads a stored-entry zip (as our .xlsx writer makes), checking every CRC; returns {name: text}. */
export function readZip(buf) {
  const endAt = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('no end of central directory');
  const count = buf.readUInt16LE(endAt + 10);
  let at = buf.readUInt32LE(endAt + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central entry ${i}`);
    const [method, crc, size] = [buf.readUInt16LE(at + 10), buf.readUInt32LE(at + 16), buf.readUInt32LE(at + 20)];
    const nameLen = buf.readUInt16LE(at + 28), extra = buf.readUInt16LE(at + 30), comment = buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const local = buf.readUInt32LE(at + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    if (method !== 0) throw new Error(`${name}: compressed entries are not expected`);
    if (zlib.crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    files[name] = data.toString('utf8');
    at += 46 + nameLen + extra + comment;
  }
  return files;
}

/** Goes to a URL of the app inside the running page, as a tap on one of its links does (the
 *  router's history entry, no reload): for tests where a reload would change what they look at. */
export async function navigate(page, url) {
  await page.evaluate((u) => { history.pushState(null, '', u); dispatchEvent(new PopStateEvent('popstate')); }, url);
}

/** The wasm files the page fetched, as 'member' or 'full'. */
export function wasmFetched(page) {
  const seen = [];
  page.on('request', (r) => {
    const u = r.url();
    if (u.endsWith('.wasm')) seen.push(u.includes('/tuan-full-') ? 'full' : 'member');
  });
  return seen;
}

/** 完整备份 with this phone's identity sealed under the logged-in account's `password`. */
export async function sealedBackup(page, base, password) {
  await open(page, `${base}data/send/?kind=backup`);
  await on(page).sync.backupPassword.fill(password);
  await on(page).sync.backupSealSubmit.click();
  await on(page).handover.syncText.waitFor({ timeout: 20000 });
  return fileText(page);
}

/** Pastes a file's text on 数据与备份 and reads it: the preview or the error appears. */
export async function paste(page, base, text) {
  await open(page, `${base}data/`);
  await on(page).sync.read(text);
  await page.locator(`${css.sync.preview}, ${css.sync.error}`).first().waitFor();
}

/** A stranger's blank phone that restores `backup` (someone else's, its identity not sealed), sets
 *  a password of its own and is logged in as the backup's account. */
export async function strangerRestores(browser, base, backup) {
  const stranger = await blankPhone(browser, base);
  await restoreAs(stranger.page, base, backup, 'stranger88');
  return stranger;
}

/** On 我的团员, once something is decided: 发送 on the decisions due, and their link copied. */
export async function sendDecisions(page) {
  const due = page.locator(`${css.dues.due}[data-kind=decisions]`);
  await on(due).dues.dueSend.click();
  const box = page.locator(`${css.handover.handover}[data-kind=decisions]`);
  const link = await syncLink(box);
  await on(box).handover.copyLink.click();
  return link;
}

/** A new, empty phone on the app's home page. */
export async function blankPhone(browser, base) {
  const ctx = await phone(browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(base);
  await appReady(page);
  return { ctx, page, errors };
}

/** A blank phone that sets up the 校团委 (建立校团委) and stays logged in as it: a real school's root. */
export async function realSchool(browser, base) {
  const p = await blankPhone(browser, base);
  p.page.on('dialog', (d) => d.accept());
  await foundSchool(p.page, base);
  return p;
}

/** On a committee's phone: `n` codes for `kind` (the label of 注册码用于); their links. */
export async function realCodes(page, base, n, kind) {
  await open(page, `${base}committee/codes/`);
  return codeLinks(page, n, kind);
}

/** A branch (2026级`number`班团支部) registered on a blank phone from a code's link; it ends on
 *  the result's hand-over, logged in as the branch. */
export async function realBranch(browser, base, link, number) {
  const p = await blankPhone(browser, base);
  p.page.on('dialog', (d) => d.accept());
  await registerBranch(p.page, link, number);
  return p;
}

