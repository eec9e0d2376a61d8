// The browser benchmark (run by scripts/bench.sh; not a test). Release build served by a plain static
// server that compresses, as the host must; headless Chromium, 375×667 phone, 4× CPU slowdown,
// Fast-4G-like network (CDP). Each figure is the median of RUNS runs, printed beside its budget and
// written to target/bench/browser.json.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, DIST, WECHAT_UA } from './helpers.mjs';
import { on, css, SCREENS } from './screens.mjs';
import { FIRST_LOAD_KB } from '../../scripts/budget.mjs';

const RUNS = Number(process.env.RUNS || 21);
const BENCH = new URL('../../target/bench/', import.meta.url).pathname;
const FAST_4G = { offline: false, latency: 60, downloadThroughput: (9 * 1024 * 1024) / 8, uploadThroughput: (1.5 * 1024 * 1024) / 8 };

/** The plain HTML page with the same first screen, as `serve` sends it under /static/: the app's own
 *  first-run screen, drawn by the app (without throttling) and saved as HTML with the same inlined
 *  stylesheet and no scripts, so that the ratios compare the app with the same page as plain HTML. */
let STATIC_PAGE = '';

async function staticFirstScreen(browser, base) {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: WECHAT_UA, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(base);
  await page.waitForFunction((sel) => window.tuan?.up === true && document.querySelector(`.app ${sel}`), css.home.firstRun);
  const html = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    doc.querySelectorAll('script, link[rel=modulepreload], link[rel=preload], noscript').forEach((e) => e.remove());
    return `<!doctype html>${doc.outerHTML}`;
  });
  await ctx.close();
  if (!html.includes(`data-test="${SCREENS.home.useDemo}"`) || html.includes('<script')) throw new Error('the static first screen was not captured');
  return html;
}

function median(xs) {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

/** Serves dist/ under /tuan/ and the static page under /static/, as a static host does it: no rewrite
 *  rules, `.wasm` as application/wasm, and every file gzip-compressed for a browser that accepts it
 *  (README, "Deploying": the host must compress; the bytes sent are the gzip figure the table shows). */
function serve() {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.css': 'text/css' };
  const zipped = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let body = null, type = types['.html'];
    if (path === '/static/') body = Buffer.from(STATIC_PAGE);
    else if (path.startsWith('/tuan/') && !path.includes('..')) {
      // A folder is its index.html (every page has a copy in its own).
      const rel = path.slice('/tuan/'.length);
      const file = join(DIST, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel);
      if (existsSync(file) && statSync(file).isFile()) { body = readFileSync(file); type = types[extname(file)] ?? 'application/octet-stream'; }
    }
    if (!body) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
    const headers = { 'content-type': type, 'cache-control': 'no-cache' };
    if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      if (!zipped.has(path)) zipped.set(path, gzipSync(body, { level: 9 }));
      body = zipped.get(path);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() })));
}

async function phoneContext(browser, { watchUsable = true } = {}) {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: WECHAT_UA, locale: 'zh-CN' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // Records when the first real control appears and accepts a click (not disabled, not covered):
  // `__usable`, which index.html's copy of the home page's first screen may reach before the app is
  // up, and `__appUp`, the same once the app itself has started and drawn it (the figure the start
  // with 10,000 members is measured by). It checks every frame until then, forcing a layout each
  // time: not on pages that never show one.
  if (watchUsable) await page.addInitScript((usable) => {
    window.__usable = null;
    window.__appUp = null;
    const check = () => {
      const el = document.querySelector(usable);
      if (el && !el.disabled && !document.getElementById('skeleton')) {
        const r = el.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (top && (top === el || el.contains(top))) {
          const now = performance.now();
          if (window.__usable === null) window.__usable = now;
          if (window.__appUp === null && window.tuan?.up === true) window.__appUp = now;
        }
      }
      // The static page has no app to wait for.
      return window.__usable !== null && (window.__appUp !== null || !window.tuan?.assets);
    };
    const poll = () => { if (!check()) requestAnimationFrame(poll); };
    requestAnimationFrame(poll);
  }, `${css.home.useDemo}, ${css.home.home} a, ${css.me.overview}`);
  return { ctx, page, cdp };
}

async function firstLoad(browser, url) {
  const { ctx, page } = await phoneContext(browser);
  const files = [];
  page.on('requestfinished', (r) => files.push(new URL(r.url()).pathname));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__usable !== null && (window.__appUp !== null || !window.tuan?.assets), null, { timeout: 60000 });
  const t = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    usable: window.__usable,
    appUp: window.__appUp,
  }));
  await ctx.close();
  return { ...t, files };
}

function bytesByKind(paths) {
  const kinds = { '.html': 'html', '.js': 'js', '.wasm': 'wasm', '.css': 'css' };
  const out = { html: 0, js: 0, wasm: 0, css: 0, other: 0 };
  for (const p of new Set(paths)) {
    const rel = p.replace(/^\/tuan\//, '') || 'index.html';
    const file = join(DIST, rel.endsWith('/') || rel === '' ? 'index.html' : rel);
    if (!existsSync(file)) continue;
    out[kinds[extname(file)] ?? 'other'] += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return out;
}

/** `z` + base64url of deflate-raw, made by the app's own compressor in the page (as the app stores). */
async function compressed(page, text) {
  return page.evaluate(async (t) => {
    const bytes = await window.tuan.zip.deflate(t);
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return 'z' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }, text);
}

/** When the app was up and its first screen usable, in STARTS (5) reloads of the page. */
async function reloadStarts(page, timeout) {
  const starts = [];
  for (let i = 0; i < Number(process.env.STARTS || 5); i++) {
    await page.reload();
    await page.waitForFunction(() => window.__appUp !== null, null, { timeout });
    starts.push(await page.evaluate(() => window.__appUp));
  }
  return starts;
}

/** One import of the 10,000-member file into an empty phone, picked as a file (the export's
 *  compressed form: as plain JSON it would be over the 5 MB limit). Timed in the page, from the
 *  file input's change event (the person has picked the file) to the preview on screen: a
 *  scripted click on a page holding a 680 KB paste spent most of a second in the test driver. */
async function importOnce(browser, base, sync) {
  const { ctx, page } = await phoneContext(browser, { watchUsable: false });
  await page.goto(`${base}data/`);
  await on(page).sync.file.waitFor({ timeout: 60000 });
  const file = await compressed(page, sync);
  await page.evaluate((done) => {
    window.__imported = null;
    window.addEventListener('change', () => { window.__picked = performance.now(); }, { capture: true });
    new MutationObserver((_, watch) => {
      if (window.__picked && document.querySelector(done)) {
        window.__imported = performance.now() - window.__picked;
        watch.disconnect();
      }
    }).observe(document.body, { childList: true, subtree: true });
  }, `${css.sync.preview}, ${css.sync.error}`);
  await on(page).sync.file.setInputFiles({ name: '同步文件.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await page.waitForFunction(() => window.__imported !== null, null, { timeout: 120000 });
  const ms = await page.evaluate(() => window.__imported);
  const result = (await on(page).sync.error.count()) ? await on(page).sync.error.innerText() : 'ok';
  await ctx.close();
  return { ms, bytes: file.length, result };
}

/** With the 10,000-member store: what it takes, start, heap, search, accept 1,000, import. */
async function bigStore(browser, base) {
  const store = readFileSync(join(BENCH, 'store-10000.json'), 'utf8');
  const sync = readFileSync(join(BENCH, 'sync-10000.json'), 'utf8');
  const { ctx, page } = await phoneContext(browser);
  const r = { storeJsonBytes: Buffer.byteLength(store), syncJsonBytes: Buffer.byteLength(sync) };
  // The empty start, measured as the start with the store is: reloads of the same page, median of 3.
  await page.goto(base);
  await page.waitForFunction(() => window.__appUp !== null, null, { timeout: 60000 });
  r.emptyStarts = await reloadStarts(page, 60000);
  r.emptyStart = median(r.emptyStarts);
  const stored = await compressed(page, store);
  r.storeBytes = stored.length;
  r.stored = await page.evaluate((text) => {
    try { localStorage.setItem('tuan.state', text); localStorage.setItem('tuan.session', '10000'); return 'ok'; } catch (e) { return String(e.name || e); }
  }, stored);
  if (r.stored === 'ok') {
    r.bigStarts = await reloadStarts(page, 120000);
    r.bigStart = median(r.bigStarts);
    r.heap = await page.evaluate(() => window.tuan?.wasm?.memory?.buffer?.byteLength ?? null);
    // Search: from the keystroke to the results in the DOM.
    await page.goto(`${base}find/`);
    await on(page).find.query.waitFor();
    const searches = [];
    for (const q of ['专', '专业', '专业1', '专业12', '专业123']) {
      searches.push(await page.evaluate(([q, query, hit]) => {
        const input = document.querySelector(query);
        const t0 = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const t = performance.now() - t0;
        return document.querySelectorAll(hit).length ? t : null;
      }, [q, css.find.query, css.find.hit]));
    }
    r.search = median(searches);
    // Accept the branch's 1,000 pending requests at once, until the save has been written.
    await page.goto(`${base}branch/`);
    await on(page).members.selectAll.waitFor({ timeout: 120000 });
    r.pendingShown = await on(page).members.request.count();
    await on(page).members.selectAll.click();
    // Timed in the page, from the click event to the end of the save (the `setItem` of the document
    // or of the journal of changes beside it), as the import is: timed from the test driver, the
    // figure held its click (scrolling, hit tests) and its polling, which read the half-megabyte
    // stored text every frame on the page's own thread.
    await page.evaluate(([message, acceptSelected]) => {
      window.__acceptClick = null;
      window.__acceptShown = null;
      window.__saves = [];
      // And when the result is on screen (the queue's message), for the table.
      new MutationObserver((_, watch) => {
        const m = document.querySelector(message);
        if (window.__acceptClick && m && m.textContent.includes('已接收')) { window.__acceptShown = performance.now(); watch.disconnect(); }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        set.call(this, key, value);
        if (key === 'tuan.state' || key === 'tuan.journal') window.__saves.push(performance.now());
      };
      document.addEventListener('click', (e) => {
        if (e.target.closest(acceptSelected)) window.__acceptClick = performance.now();
      }, { capture: true });
    }, [css.members.queueMessage, css.members.acceptSelected]);
    await on(page).members.acceptSelected.click();
    await page.waitForFunction(() => window.__saves.length > 0, null, { timeout: 120000 });
    await page.waitForTimeout(500);
    const saved = await page.evaluate(() => ({ click: window.__acceptClick, shown: window.__acceptShown, saves: window.__saves }));
    r.accept = saved.saves[0] - saved.click;
    r.acceptShown = saved.shown - saved.click;
    r.acceptSaves = saved.saves.length;
    r.acceptMessage = await on(page).members.queueMessage.innerText().catch(() => '');
    r.acceptSavedAs = await page.evaluate(() => (localStorage.getItem('tuan.journal') ? `journal of ${localStorage.getItem('tuan.journal').length} chars` : 'whole document'));
  }
  await ctx.close();
  // Importing the 10,000-member file as the export box gives it (compressed), on a new device: a
  // phone of its own each time, not the page that has just held and changed the 10,000 members.
  const imports = [];
  for (let i = 0; i < (process.env.START_ONLY ? 0 : 3); i++) imports.push(await importOnce(browser, base, sync));
  if (!imports.length) return r;
  r.importRuns = imports.map((x) => x.ms);
  r.importMs = median(r.importRuns);
  r.syncBytes = imports[0].bytes;
  r.importResult = imports.find((x) => x.result !== 'ok')?.result ?? 'ok';
  return r;
}

/** The worst shapes the native benchmark wrote (`worst-*.json`: one full name on every branch, one
 *  ID number on every member, 10,000 members in 3,000 branches), each imported into an empty phone
 *  as a file, as the 10,000-member file is: median ms to the preview. */
async function worstShapes(browser, base) {
  const out = [];
  for (const [name, file] of [['one full name on every branch', 'worst-name.json'], ['one ID number on every member', 'worst-id.json']]) {
    if (!existsSync(join(BENCH, file))) continue;
    const text = readFileSync(join(BENCH, file), 'utf8');
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await importOnce(browser, base, text));
    out.push({ name, ms: median(runs.map((x) => x.ms)), bytes: runs[0].bytes, result: runs.find((x) => x.result !== 'ok')?.result ?? 'ok' });
  }
  return out;
}

const server = await serve();
const { browser, close } = await launch();
try {
  const base = `${server.origin}/tuan/`;
  for (let i = 0; i < 50; i++) { try { if ((await fetch(base)).ok) break; } catch { /* starting */ } await new Promise((r) => setTimeout(r, 100)); }
  STATIC_PAGE = await staticFirstScreen(browser, base);
  const app = [], stat = [];
  // START_ONLY=1: only the 10,000-member store's figures (a quicker run while working on them);
  // WORST_ONLY=1: only the worst shapes' imports. Either way, one first load.
  for (let i = 0; i < (process.env.START_ONLY || process.env.WORST_ONLY ? 1 : RUNS); i++) {
    app.push(await firstLoad(browser, base));
    stat.push(await firstLoad(browser, `${server.origin}/static/`));
  }
  const bytes = bytesByKind(app[0].files);
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  const paint = median(app.map((x) => x.paint)), paintStatic = median(stat.map((x) => x.paint));
  const usable = median(app.map((x) => x.usable)), usableStatic = median(stat.map((x) => x.usable));
  const appUp = median(app.map((x) => x.appUp));
  let big = null, worst = [];
  // FIRST_ONLY=1: only the first load (a quicker run while working on it).
  if (!process.env.FIRST_ONLY && !process.env.WORST_ONLY && existsSync(join(BENCH, 'store-10000.json'))) big = await bigStore(browser, base);
  if (!process.env.FIRST_ONLY && !process.env.START_ONLY) worst = await worstShapes(browser, base);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const ms = (n) => (n == null ? 'n/a' : `${Math.round(n)} ms`);
  const rows = [
    ['first load, all files, gzip', kb(total), `≤ ${FIRST_LOAD_KB} KB`, total <= FIRST_LOAD_KB * 1024],
    ...Object.entries(bytes).map(([k, v]) => [`  ${k}`, kb(v), '', null]),
    ['skeleton painted', `${ms(paint)} (${(paint / paintStatic).toFixed(2)}× static ${ms(paintStatic)})`, '≤ 1.2× static', paint / paintStatic <= 1.2],
    ['first screen usable', `${ms(usable)} (${(usable / usableStatic).toFixed(2)}× static ${ms(usableStatic)})`, '≤ 2.5× static and < 1500 ms', usable / usableStatic <= 2.5 && usable < 1500],
    ['the app up, drawing it', `${ms(appUp)} (${(appUp / usableStatic).toFixed(2)}× static)`, '≤ 2.5× static', appUp / usableStatic <= 2.5],
  ];
  if (big) {
    const ok = big.stored === 'ok';
    rows.push(['10,000 members in localStorage', `${kb(big.storeBytes)} compressed (${kb(big.storeJsonBytes)} JSON): ${ok ? 'stored' : `refused (${big.stored})`}`, '≤ 2.5 MB', ok && big.storeBytes <= 2.5 * 1024 * 1024]);
    rows.push(['app start with 10,000 members', ok ? `+${ms(big.bigStart - big.emptyStart)} (${ms(big.bigStart)})` : 'n/a', '≤ 300 ms beyond empty', ok && big.bigStart - big.emptyStart <= 300]);
    rows.push(['wasm heap with 10,000 members', big.heap ? kb(big.heap) : 'n/a', '≤ 40 MB', big.heap != null && big.heap <= 40 * 1024 * 1024]);
    rows.push(['search keystroke to results', big.search != null ? `${big.search.toFixed(1)} ms` : 'n/a', '≤ 16 ms', big.search != null && big.search <= 16]);
    rows.push(['accept 1,000 at once, saved', big.accept ? `${ms(big.accept)}, on screen at ${ms(big.acceptShown)} (${big.acceptMessage}; ${big.acceptSaves} save)` : 'n/a', '≤ 300 ms, one save', big.accept != null && big.accept <= 300 && big.acceptSaves === 1]);
    if (big.importRuns) rows.push(['import 10,000-member file', `${ms(big.importMs)} (${kb(big.syncBytes)} compressed): ${big.importResult.slice(0, 30)}`, '≤ 1 s', big.importResult === 'ok' && big.importMs <= 1000]);
  }
  for (const w of worst) {
    rows.push([`import worst: ${w.name}`, `${ms(w.ms)} (${kb(w.bytes)} compressed): ${w.result.slice(0, 30)}`, '≤ 1 s', w.result === 'ok' && w.ms <= 1000]);
  }
  console.log(`\nbrowser benchmark: median of ${app.length} first loads, 375×667, CPU 4× slower, ${FAST_4G.latency} ms RTT, 9 Mbps down\n`);
  for (const [name, value, budget, ok] of rows) {
    console.log(`${name.padEnd(34)} ${String(value).padEnd(58)} ${budget.padEnd(28)} ${ok === null ? '' : ok ? 'within' : 'OVER'}`);
  }
  mkdirSync(BENCH, { recursive: true });
  writeFileSync(join(BENCH, 'browser.json'), JSON.stringify({ runs: RUNS, network: FAST_4G, cpuSlowdown: 4, bytes, total, paint, paintStatic, usable, usableStatic, appUp, big, worst, rows }, null, 2));
  console.log(`\nwritten: ${join(BENCH, 'browser.json')}`);
} finally {
  await close();
  server.stop();
}
