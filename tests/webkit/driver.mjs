// WebKit, the engine of every iPhone's WeChat, driven as Debian packages it: WebKitGTK's MiniBrowser
// through WebKitWebDriver (W3C WebDriver) on a virtual display (Xvfb). Playwright's own WebKit is a
// download, which fails on this network (../../../shared/TOOLCHAIN.md, "WebKit").
//
// One driver runs one session, so each phone of a test is a driver of its own (its own profile).
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const SHOTS = new URL('../e2e/screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

/** An iPhone's WeChat, as its built-in browser names itself. */
export const IPHONE_WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ' +
  'MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN';

/** MiniBrowser's window cannot be narrower than this; the layout is checked at this width. */
export const WIDTH = 447;
export const HEIGHT = 860;

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts WebKitWebDriver on a virtual display; returns a phone (a session) once it answers, its
 *  window holding the keyboard focus as a phone's browser in front does (below, `focusWindow`). */
export async function webkitPhone() {
  const port = await freePort();
  // The display xvfb-run chose and its key, for xdotool.
  const dir = mkdtempSync(join(tmpdir(), 'tuan-webkit-'));
  const proc = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', 'sh', '-c', `echo "$DISPLAY $XAUTHORITY" > ${dir}/display; exec WebKitWebDriver --port=${port}`], { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/status`)).ok) break; } catch { /* not up yet */ }
    await sleep(100);
  }
  const caps = { capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', `--user-agent=${IPHONE_WECHAT_UA}`] } } } };
  const created = await call(url, 'POST', '/session', caps);
  const phone = new Phone(url, created.sessionId, () => { try { process.kill(-proc.pid); } catch { /* gone */ } });
  await phone.cmd('POST', '/window/rect', { width: WIDTH, height: HEIGHT });
  const [display, xauthority] = readFileSync(`${dir}/display`, 'utf8').trim().split(' ');
  rmSync(dir, { recursive: true, force: true });
  focusWindow({ ...process.env, DISPLAY: display, XAUTHORITY: xauthority });
  return phone;
}

/** Gives MiniBrowser's window the keyboard focus. A virtual display has no window manager to do it,
 *  and without it WebKit matches no :focus (document.hasFocus() is false), so a focus ring could not
 *  be seen. xdotool (Debian's, scripts/setup.sh) sets it, as a tap on a phone's screen would. */
function focusWindow(env) {
  const ids = execFileSync('xdotool', ['search', '--sync', '--onlyvisible', '--class', 'MiniBrowser'], { env, timeout: 10000 }).toString().trim().split('\n');
  for (const id of ids) execFileSync('xdotool', ['windowfocus', '--sync', id], { env, timeout: 10000 });
}

async function call(url, method, path, body) {
  const r = await fetch(url + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${j.value?.error} ${j.value?.message}`);
  return j.value;
}

/** One phone: a WebKit session. Errors on the page are collected after each load. */
export class Phone {
  constructor(url, id, stop) { this.url = url; this.id = id; this.stop = stop; }
  cmd(method, path, body) { return call(this.url, method, `/session/${this.id}${path}`, body); }

  /** Runs `fn` (a function's source) in the page with `args`; returns its result. */
  run(fn, ...args) { return this.cmd('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments)`, args }); }

  /** Goes to `url` and listens for errors from then on (WebDriver gives no console). */
  async go(url) {
    await this.cmd('POST', '/url', { url });
    await this.listen();
  }
  listen() {
    return this.run(() => {
      if (window.__errs) return;
      window.__errs = [];
      addEventListener('error', (e) => window.__errs.push(String(e.message)));
      addEventListener('unhandledrejection', (e) => window.__errs.push(String(e.reason)));
    });
  }
  async errors() { return (await this.run(() => window.__errs || [])) ?? []; }

  /** Waits until `fn` (run in the page) returns something truthy; returns it. */
  async until(fn, what, timeout = 20000, ...args) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      try { last = await this.run(fn, ...args); if (last) return last; } catch (e) { last = e.message; }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
  }
  /** Waits for an element matching `css` (whose text contains `text`, if given) to be shown. */
  waitFor(css, text = '') {
    return this.until((css, text) => [...document.querySelectorAll(css)].some((e) => e.getClientRects().length > 0 && e.textContent.includes(text)), `${css} ${text}`, 20000, css, text);
  }
  /** Waits for the app to have started. */
  ready() { return this.until(() => window.tuan?.up === true, 'the app to start'); }

  async element(css, text = '') {
    await this.waitFor(css, text);
    const handle = await this.run((css, text) => [...document.querySelectorAll(css)].find((e) => e.getClientRects().length > 0 && e.textContent.includes(text)), css, text);
    return Object.values(handle)[0];
  }
  /** Taps an element, as a person does (WebDriver scrolls it into view and clicks its centre). */
  async tap(css, text = '') {
    const el = await this.element(css, text);
    // In the middle of the screen, clear of the sticky bars (WebDriver would scroll it just into view).
    await this.cmd('POST', '/execute/sync', { script: 'arguments[0].scrollIntoView({ block: "center" })', args: [{ 'element-6066-11e4-a52e-4f735466cecf': el }] });
    try {
      await this.cmd('POST', `/element/${el}/click`, {});
    } catch (e) {
      throw new Error(`tapping ${css} ${text}: ${e.message}`);
    }
  }
  /** Types into a field (cleared first), as from the keyboard. */
  async type(css, value) {
    const el = await this.element(css);
    await this.cmd('POST', '/execute/sync', { script: 'arguments[0].scrollIntoView({ block: "center" })', args: [{ 'element-6066-11e4-a52e-4f735466cecf': el }] });
    try {
      await this.cmd('POST', `/element/${el}/clear`, {});
      await this.cmd('POST', `/element/${el}/value`, { text: value });
    } catch (e) {
      throw new Error(`typing into ${css}: ${e.message}`);
    }
  }
  /** Chooses an option of a select by its text. */
  async choose(css, value) {
    await this.until((css, value) => [...(document.querySelector(css)?.options ?? [])].some((o) => o.value === value), `${css} offering ${value}`, 20000, css, value);
    await this.run((css, value) => {
      const s = document.querySelector(css);
      s.value = value;
      s.dispatchEvent(new Event('change', { bubbles: true }));
    }, css, value);
  }
  value(css) { return this.run((css) => document.querySelector(css)?.value ?? null, css); }
  text(css) { return this.run((css) => document.querySelector(css)?.innerText ?? null, css); }

  /** Saves a screenshot beside the Chromium ones, named `webkit-…`. */
  async shot(name) {
    const png = await this.cmd('GET', '/screenshot');
    writeFileSync(`${SHOTS}webkit-${name}.png`, Buffer.from(png, 'base64'));
  }
  async close() {
    try { await call(this.url, 'DELETE', `/session/${this.id}`); } catch { /* already gone */ }
    this.stop();
  }
}
