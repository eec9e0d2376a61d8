// The foundation in a real browser: first load and the demo, URLs and reloads under a sub-path,
// data surviving a reload, corrupt storage, a failed save, a second tab, and no WebAssembly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, shot, appReady, openDemo, actAs, watchErrors, open, longKeys, wasmFetched, fileText } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

test('first load shows the skeleton, then the first-run screen and the demo', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  // The skeleton is in the HTML itself, before any script.
  const html = await (await fetch(server.base)).text();
  assert.match(html, /id="skeleton"/);
  assert.match(html, /正在加载/);
  await page.goto(server.base);
  await appReady(page);
  assert.equal(await page.locator('#skeleton').count(), 0, 'the skeleton is replaced');
  await on(page).home.firstRun.waitFor();
  await shot(page, '01-first-run');
  await on(page).home.useDemo.click();
  await page.getByText('点选一个身份即可直接进入').waitFor();
  await shot(page, '02-demo-roles');
  // The demo has the school, colleges and branches to act as.
  assert.ok(await on(page).demo.account.count() >= 15);
  await on(page).demo.account.filter({ hasText: '计算机学院团委' }).click();
  await on(page).me.overview.waitFor();
  await shot(page, '03-committee-me');
  assert.deepEqual(errors, []);
  await ctx.close();
});

/** A page whose wasm is held back until `release()`: what a slow network shows before the app is up. */
async function heldBack(ctx) {
  const page = await ctx.newPage();
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
  return { page, release };
}

test('the home page\'s first screen is in the HTML: usable before the app has loaded, a tap is kept, and the app draws the same', async () => {
  // A new device: the first-run offer, at once, with the app's words.
  const ctx = await phone(chrome.browser);
  const first = await heldBack(ctx);
  await first.page.goto(server.base, { waitUntil: 'domcontentloaded' });
  await first.page.locator(`#first-screen ${css.home.firstRun}`).waitFor();
  assert.equal(await first.page.locator('#skeleton').count(), 0);
  assert.equal(await first.page.evaluate(() => window.tuan?.up === true), false, 'the app is not up yet');
  const copy = await first.page.locator('#first-screen .page').innerText();
  await shot(first.page, '00-first-screen-before-the-app');
  first.release();
  await appReady(first.page);
  await on(first.page).home.firstRun.waitFor();
  assert.equal(await first.page.locator('#first-screen').count(), 0, 'the app replaced the copy');
  assert.equal(await first.page.locator('.page').innerText(), copy, 'index.html and home.rs say the same');
  await first.page.close();
  // A tap before the app is up: 从空白开始 is kept and done once the app has loaded.
  const tap = await heldBack(ctx);
  await tap.page.goto(server.base, { waitUntil: 'domcontentloaded' });
  const entries = await tap.page.evaluate(() => history.length);
  await tap.page.locator(`#first-screen ${css.home.startEmpty}`).click();
  await tap.page.locator('#fs-note').getByText('正在打开').waitFor();
  await shot(tap.page, '00-first-screen-tapped');
  tap.release();
  await appReady(tap.page);
  await on(tap.page).home.home.waitFor();
  assert.match(tap.page.url(), /\/tuan\/$/, '#/start replaced itself');
  assert.equal(await tap.page.evaluate(() => history.length), entries, 'no history entry for 从空白开始: back leaves, as from the first-run screen');
  assert.ok(await tap.page.evaluate(() => localStorage.getItem('tuan.state') !== null), 'the device is started and saved');
  const grid = await on(tap.page).home.home.innerText();
  await tap.page.close();
  // A device with data: the 找组织 / 我的 / 志愿服务 grid, the same as the app's; 我的 tapped early opens.
  const back = await heldBack(ctx);
  await back.page.goto(server.base, { waitUntil: 'domcontentloaded' });
  await back.page.locator(`#first-screen ${css.home.home} a`).first().waitFor();
  assert.equal(await back.page.locator(`#first-screen ${css.home.home}`).innerText(), grid);
  await back.page.locator('#first-screen').getByRole('link', { name: '我的' }).click();
  back.release();
  await appReady(back.page);
  await on(back.page).me.loginSubmit.waitFor();
  assert.match(back.page.url(), /\/tuan\/me\/$/);
  // Any other page keeps the skeleton until the app is up.
  const deep = await heldBack(ctx);
  await deep.page.goto(`${server.base}find/`, { waitUntil: 'domcontentloaded' });
  await deep.page.locator('#skeleton').waitFor();
  assert.equal(await deep.page.locator('#first-screen').count(), 0);
  deep.release();
  await appReady(deep.page);
  await ctx.close();
});

test('a deep link opens and survives a reload; back goes back', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  const url = `${server.base}find/?q=${encodeURIComponent('计算机')}`;
  await page.goto(url);
  await on(page).find.hit.first().waitFor();
  const hits = await on(page).find.hit.count();
  assert.ok(hits >= 2, `found ${hits}`);
  // The college's committee is listed but cannot be chosen.
  assert.ok(await on(page).find.hitDisabled.filter({ hasText: '计算机学院团委' }).count() === 1);
  await shot(page, '04-find-deep-link');
  await page.reload();
  await appReady(page);
  await on(page).find.hit.first().waitFor();
  assert.equal(await on(page).find.hit.count(), hits);
  assert.equal(await on(page).find.query.inputValue(), '计算机');
  // Tap a branch: the apply page is a new history entry; back returns to the search.
  await on(page).find.hit.first().click();
  await page.waitForURL(/\/tuan\/apply\/\?id=\d+/);
  await page.goBack();
  await page.waitForURL(/\/tuan\/find\//);
  await on(page).find.hit.first().waitFor();
  // An unknown page says so, with a way home.
  await page.goto(`${server.base}#/no/such/page`);
  await page.getByText('页面不存在').first().waitFor();
  await shot(page, '05-not-found');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('data saved by version 1 (long keys) is read, said so once, and saved again in version 3', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25070101');
  const who = await on(page).me.overview.innerText();
  // What version 1 wrote: the same document with the long keys.
  await page.evaluate(() => { const doc = window.__savedDoc(); doc.version = 1; window.__writeDoc(doc); });
  assert.ok((await page.evaluate(() => localStorage.getItem('tuan.state'))).includes('"id_number"'));
  await page.reload();
  await appReady(page);
  await page.getByText('已将本机数据从旧格式（版本1）升级').waitFor();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('tuan.state')).version === 3);
  const saved = await page.evaluate(() => localStorage.getItem('tuan.state'));
  assert.ok(saved.includes('"ic":"') && !saved.includes('"id_number"'), 'written again with the short keys');
  assert.ok(!saved.includes('"bd":') && !saved.includes(':null') && !saved.includes('"rt":false'), 'and without the birth dates, nulls and falses (version 3)');
  await open(page, `${server.base}me/`);
  assert.equal(await on(page).me.overview.innerText(), who, 'the same data and login');
  // Once: the next start says nothing.
  await page.reload();
  await appReady(page);
  await on(page).me.overview.waitFor();
  assert.equal(await page.getByText('升级').count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a decision survives a reload, and so does the login', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25070101');
  await open(page, `${server.base}branch/`);
  const before = await on(page).members.request.count();
  assert.ok(before >= 1, 'pending requests in the demo');
  const name = await page.locator(`${css.members.request} .item-title`).first().innerText();
  const pendingBefore = await page.evaluate(() => Object.values(window.__savedDoc().state.requests).filter((r) => r.state === 'Pending').map((r) => r.id));
  await on(page).members.request.first().locator(css.members.accept).click();
  await on(page).members.queueMessage.waitFor();
  await shot(page, '06-branch-accepted');
  // The decision is saved in the journal beside the document; the error screen's copy of the data
  // includes it.
  const accepted = await page.evaluate((pending) => {
    const doc = window.__savedDoc();
    const r = Object.values(doc.state.requests).find((x) => pending.includes(x.id) && x.state.Accepted);
    return { id: r.id, journal: localStorage.getItem('tuan.journal') !== null, document: localStorage.getItem('tuan.state').includes(`"i":${r.id},"k":"Join","a":${r.applicant},"b":${r.branch},"c":${r.created},"s":"Pending"`) };
  }, pendingBefore);
  assert.deepEqual([accepted.journal, accepted.document], [true, true], 'a journal, beside the document as it was');
  const frozen = await ctx.newPage();
  await frozen.goto(`${server.base}`);
  await appReady(frozen);
  assert.equal(await frozen.evaluate(() => window.tuan.build), 'member');
  await frozen.evaluate(() => window.tuan.fatal('test'));
  await frozen.waitForFunction(() => document.getElementById('fatal-data').value.startsWith('{'));
  // The member's build has no reader of the saved format: the full build was loaded for the copy, and did not start.
  const loaded = await frozen.evaluate(() => performance.getEntriesByType('resource').some((e) => /tuan-full-[0-9a-f]+_bg\.wasm$/.test(e.name)));
  assert.deepEqual([loaded, await frozen.locator('.app').count()], [true, 1], 'the full build loaded for its reader, no second app');
  const copy = longKeys(JSON.parse(await frozen.locator('#fatal-data').inputValue()));
  assert.ok(copy.state.requests[accepted.id].state.Accepted, 'the copy has the decision from the journal');
  await frozen.close();
  const saved = await page.evaluate(() => localStorage.getItem('tuan.state'));
  await page.reload();
  await appReady(page);
  // Starting reads the saved data and does not write it again.
  assert.equal(await page.evaluate(() => localStorage.getItem('tuan.state')), saved);
  await on(page).members.tabJoin.waitFor();
  assert.equal(await on(page).members.request.count(), before - 1);
  await on(page).members.tabMembers.click();
  await on(page).members.member.filter({ hasText: name }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('corrupt saved data: the recovery message, the data set aside, the app usable', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await page.goto(server.base);
  await appReady(page);
  await page.evaluate(() => {
    localStorage.setItem('tuan.state', '{"format":"tuan-state","version":1,"state":{"orgs":');
    // The latest changes, in the journal beside it: set aside with it.
    localStorage.setItem('tuan.journal', '{"format":"tuan-journal","version":1,"base":1,"saved_at":2,"state":{}}');
  });
  await page.reload();
  await appReady(page);
  const notice = on(page).app.notice.first();
  await notice.waitFor();
  assert.match(await notice.innerText(), /已损坏/);
  assert.match(await notice.innerText(), /备份/);
  await shot(page, '07-corrupt-recovered');
  // Stored as gloo-storage stores a text: a JSON string.
  const backups = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tuan.backup.')).map((k) => JSON.parse(localStorage.getItem(k))));
  assert.equal(backups.length, 2);
  assert.ok(backups.some((b) => /"orgs":$/.test(b)), 'the unreadable text is kept as it was');
  assert.ok(backups.some((b) => b.includes('"tuan-journal"')), 'and its journal');
  assert.equal(await page.evaluate(() => localStorage.getItem('tuan.journal')), null);
  // Set aside once: a reload before anything is saved starts clean and says nothing more.
  await page.reload();
  await appReady(page);
  await on(page).home.firstRun.waitFor();
  assert.equal(await on(page).app.notice.count(), 0);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tuan.backup.')).length), 2);
  // Usable: the demo loads and is saved.
  await on(page).home.useDemo.click();
  await page.getByText('点选一个身份即可直接进入').waitFor();
  await page.goto(`${server.base}`);
  await page.reload();
  await appReady(page);
  await on(page).home.home.waitFor();
  // The set-aside copy is listed on 数据与备份.
  await open(page, `${server.base}data/`);
  await on(page).data.backup.first().waitFor();
  // The data can be copied out as a full backup, without password hashes.
  await on(page).sync.sendBackup.click();
  const copy = await fileText(page);
  assert.match(copy, /"format":"tuan-sync"/);
  assert.ok(!copy.includes('67db793e1d25ddab'), 'no password hash in the copy');
  await on(page).handover.copySync.click();
  await page.getByText(/已复制|请长按/).first().waitFor();
  await shot(page, '08-data-backup');
  // A document from a newer version is refused the same way.
  await page.evaluate(() => localStorage.setItem('tuan.state', '{"format":"tuan-state","version":99,"state":{}}'));
  await page.reload();
  await appReady(page);
  assert.match(await on(page).app.notice.first().innerText(), /更新版本/);
  // It stays where the newer version reads it, copied aside once however often this page reloads.
  const copies = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tuan.backup.')).length);
  const before = await copies();
  await page.reload();
  await appReady(page);
  assert.equal(await copies(), before);
  assert.match(await page.evaluate(() => localStorage.getItem('tuan.state')), /"version":99/);
  await ctx.close();
});

test('a failed save (storage full) keeps the old data and says so', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25070101');
  await open(page, `${server.base}branch/`);
  const before = await on(page).members.request.count();
  const saved = await page.evaluate(() => localStorage.getItem('tuan.state'));
  // Fill the quota with junk until the browser refuses even one more character (replacing the
  // saved document needs only the difference in size).
  await page.evaluate(() => {
    let i = 0;
    for (const size of [256 * 1024, 4096, 64, 1]) {
      const chunk = 'x'.repeat(size);
      try { for (;;) localStorage.setItem(`j${i++}`, chunk); } catch { /* full at this size */ }
    }
  });
  await on(page).members.request.first().locator(css.members.accept).click();
  const err = on(page).app.saveError;
  await err.waitFor();
  assert.match(await err.innerText(), /存储空间已满/);
  assert.match(await err.innerText(), /之前保存的数据完好/);
  await shot(page, '09-save-failed');
  assert.equal(await page.evaluate(() => localStorage.getItem('tuan.state')), saved, 'the saved copy is untouched');
  await page.reload();
  await appReady(page);
  await on(page).members.tabJoin.waitFor();
  assert.equal(await on(page).members.request.count(), before, 'the unsaved accept is not in the saved data');
  await ctx.close();
});

test('a change in a second tab appears in the first, and typing is not lost', async () => {
  const ctx = await phone(chrome.browser);
  const a = await ctx.newPage();
  await openDemo(a, server.base);
  await actAs(a, server.base, 'JSJTW');
  await open(a, `${server.base}committee/codes/`);
  const before = await on(a).codes.code.count();
  await on(a).codes.count.fill('7');
  const b = await ctx.newPage();
  await open(b, `${server.base}committee/codes/`);
  await appReady(b);
  await on(b).codes.count.fill('2');
  await on(b).codes.generate.click();
  await on(b).codes.freshCodes.waitFor();
  await a.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n + 2, [css.codes.code, before]);
  assert.equal(await on(a).codes.count.inputValue(), '7', 'what was typed in the first tab stays');
  await a.getByText('另一个页面修改了数据').waitFor();
  await shot(a, '10-other-tab-synced');
  await ctx.close();
});

test('without WebAssembly, or with an old one, a Chinese message instead of a blank page', async () => {
  // This Chromium ignores V8's --noexpose-wasm, so the page's WebAssembly is taken away before any
  // of its scripts run, as on iOS in Lockdown Mode.
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await page.addInitScript(() => { delete window.WebAssembly; });
  await page.goto(server.base);
  await page.getByText('当前浏览器版本过低').waitFor();
  const text = await page.locator('#fatal').innerText();
  assert.match(text, /更新到最新版本/);
  assert.match(text, /在浏览器打开/);
  assert.match(text, /不支持 WebAssembly/);
  assert.equal(await page.locator('#skeleton').count(), 0);
  await shot(page, '11-no-wasm');
  // An engine older than Chrome 96 has WebAssembly but not reference types: its validate()
  // refuses the probe module, and the page says so rather than failing to start.
  const old = await ctx.newPage();
  await old.addInitScript(() => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    WebAssembly.validate = (bytes) => (bytes[13] === 0x6f ? false : validate(bytes));
  });
  await old.goto(server.base);
  await old.getByText('当前浏览器版本过低').waitFor();
  assert.match(await old.locator('#fatal').innerText(), /reference types/);
  await ctx.close();
});

test('the wasm compiles while it downloads; where streaming is missing or refused the bytes are fetched; a failed download says so', async () => {
  const ctx = await phone(chrome.browser);
  // As index.html starts it: one download (preloaded in <head>), compiled as it arrives (compileStreaming).
  const page = await ctx.newPage();
  const seen = wasmFetched(page);
  const asked = server.requests.length;
  await page.goto(server.base);
  await appReady(page);
  assert.equal(await page.evaluate(async () => (await window.tuan.module) instanceof WebAssembly.Module), true);
  assert.equal(seen.length, 1);
  // And the server saw it asked for once (the preload's response is the one compiled).
  assert.equal(server.requests.slice(asked).filter((r) => r.endsWith('_bg.wasm')).length, 1, server.requests.slice(asked).join(' '));
  // Without compileStreaming (older WebViews), and where it fails as reported in some WebViews.
  for (const missing of [
    () => { delete WebAssembly.compileStreaming; },
    () => { WebAssembly.compileStreaming = () => Promise.reject(new TypeError('streaming refused')); },
  ]) {
    const p = await ctx.newPage();
    const errors = watchErrors(p);
    const fetched = wasmFetched(p);
    await p.addInitScript(missing);
    await p.goto(server.base);
    await appReady(p);
    await on(p).home.useDemo.waitFor();
    assert.equal(await p.evaluate(async () => await window.tuan.module), null);
    assert.ok(fetched.length >= 1, 'the bytes were fetched');
    assert.deepEqual(errors, []);
    await p.close();
  }
  // The wasm cannot be downloaded: the skeleton gives way to a message with 重新加载.
  const broken = await ctx.newPage();
  await broken.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await broken.goto(server.base);
  await broken.getByText('加载失败').waitFor();
  assert.match(await broken.locator('#fatal').innerText(), /HTTP 404/);
  await broken.getByRole('button', { name: '重新加载' }).waitFor();
  await shot(broken, '14-download-failed');
  await ctx.close();
});

test('storage disabled: the app still starts and says changes will not be kept', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  await page.goto(server.base);
  await appReady(page);
  await on(page).home.useDemo.click();
  const err = on(page).app.saveError;
  await err.waitFor();
  assert.match(await err.innerText(), /禁止了本地存储/);
  await page.getByText('点选一个身份即可直接进入').waitFor();
  await shot(page, '12-storage-disabled');
  await ctx.close();
});

test('the error screen after a crash offers a reload and the data without passwords', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  // The panic hook calls this with the panic message; call it as the hook does.
  await page.evaluate(() => window.tuan.fatal('panicked at src/example.rs:1:1'));
  await page.getByText('出错了').waitFor();
  assert.equal(await page.locator('.app').isVisible(), false, 'the frozen app is hidden');
  await page.waitForFunction(() => document.getElementById('fatal-data').value.startsWith('{'));
  const data = await page.locator('#fatal-data').inputValue();
  assert.match(data, /"format":"tuan-state"/);
  assert.ok(!data.includes('"password"') && !data.includes('67db793e1d25ddab'), 'no password hashes');
  await page.getByRole('button', { name: '重新加载' }).waitFor();
  await shot(page, '13-error-screen');
  await ctx.close();
});

test('a large store (over 1 MB) is saved compressed and read back after a reload', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  // Grow the demo past 1 MB as the app writes it: copies of every member account under new IDs
  // and phones (16 of them: the document of version 3, without empty fields, is smaller).
  const size = await page.evaluate(() => {
    const doc = window.__savedDoc();
    const members = Object.values(doc.state.accounts).filter((a) => a.role.Member);
    const branch = Object.values(doc.state.orgs).find((o) => o.name === '2025级计算机科学与技术1班团支部').id;
    let id = 900000000, applied = 0;
    for (let copy = 0; copy < 16; copy++) {
      for (const a of members) {
        const b = JSON.parse(JSON.stringify(a));
        b.id = ++id;
        b.login = `19${String(id).slice(-9)}`;
        delete b.role.Member.branch;
        doc.state.accounts[b.id] = b;
        // 400 of them applied to one branch: pages of the queue, and accepting them all changes
        // more than a quarter of the records, which saves the whole document.
        if (applied < 400) {
          applied++;
          doc.state.requests[id] = { id, kind: 'Join', applicant: id, branch, created: Date.now() - 3600000, state: 'Pending' };
        }
      }
    }
    const text = JSON.stringify(doc);
    window.__writeDoc(doc);
    return text.length;
  });
  assert.ok(size > 1024 * 1024, `${size}`);
  await page.reload();
  await appReady(page);
  await actAs(page, server.base, 'TZB25070101');
  await open(page, `${server.base}branch/`);
  // A long queue is shown 50 at a time; 全选 still takes every request of the tab.
  assert.equal(await on(page).members.request.count(), 50);
  const pending = Number((await on(page).members.tabJoin.innerText()).match(/（(\d+)）/)[1]);
  assert.ok(pending > 60, `${pending}`);
  await on(page).members.showMore.click();
  assert.equal(await on(page).members.request.count(), Math.min(100, pending));
  const name = await page.locator(`${css.members.request} .item-title`).first().innerText();
  await on(page).members.selectAll.click();
  await on(page).members.acceptSelected.click();
  await on(page).members.queueMessage.getByText(`已接收${pending}人`).waitFor();
  // So many changed records (more than a quarter) save the whole document, compressed.
  // Stored as gloo-storage stores a text: a JSON string.
  await page.waitForFunction(() => localStorage.getItem('tuan.state').startsWith('"z') && localStorage.getItem('tuan.journal') === null);
  const stored = await page.evaluate(() => localStorage.getItem('tuan.state').length);
  assert.ok(stored < size / 3, `compressed ${stored} of ${size}`);
  await page.reload();
  await appReady(page);
  // index.html started inflating it before the app was downloaded, and the app took that.
  assert.equal(await page.evaluate(() => window.tuan.stored), null, 'taken by the app');
  await on(page).members.tabMembers.click();
  await page.getByText(name.split(/\s/)[0]).first().waitFor();
  assert.deepEqual(errors, []);
  // The stored base64 became bytes by the browser (a data: URL's fetch); where that fetch fails,
  // by index.html's loop (tuan.unpack), and the data reads the same. Stored as gloo-storage stores
  // a text (a JSON string), and then bare, as before gloo-storage was used: index.html's early
  // inflation takes both (the loop's count shows it ran).
  const glooForm = await page.evaluate(() => localStorage.getItem('tuan.state'));
  for (const [form, refuse] of [['gloo', false], ['gloo', true], ['bare', false], ['bare', true]]) {
    await page.evaluate((s) => localStorage.setItem('tuan.state', s), form === 'gloo' ? glooForm : JSON.parse(glooForm));
    const p = await ctx.newPage();
    await p.addInitScript((refuse) => {
      // Counts the calls of tuan.unpack: the namespace is caught as the page makes it.
      let ns;
      window.__unpacked = 0;
      Object.defineProperty(window, 'tuan', {
        configurable: true,
        get: () => ns,
        set: (v) => {
          let unpack;
          Object.defineProperty(v, 'unpack', { configurable: true, get: () => unpack, set: (f) => { unpack = (raw) => { window.__unpacked++; return f(raw); }; } });
          ns = v;
        },
      });
      const fetch = window.fetch;
      if (refuse) window.fetch = (url, opts) => (String(url).startsWith('data:') ? Promise.reject(new TypeError('refused')) : fetch(url, opts));
    }, refuse);
    await p.goto(`${server.base}branch/`);
    await appReady(p);
    await on(p).members.tabMembers.click();
    await p.getByText(name.split(/\s/)[0]).first().waitFor();
    assert.deepEqual(await p.evaluate(() => [window.tuan.stored, window.__unpacked]), [null, refuse ? 1 : 0], `${form}, refused: ${refuse}`);
    await p.close();
  }
  // The error screen inflates the compressed data for copying, without password hashes ...
  await page.evaluate(() => window.tuan.fatal('panicked at src/example.rs:1:1'));
  await page.waitForFunction(() => document.getElementById('fatal-data').value.startsWith('{'));
  const copy = await page.locator('#fatal-data').inputValue();
  assert.ok(copy.includes('"tuan-state"') && !copy.includes('67db793e1d25ddab'), 'the copy is the document, without password hashes');
  await ctx.close();
  // ... and that copy restores on another phone as a full backup.
  const other = await phone(chrome.browser);
  const p2 = await other.newPage();
  await open(p2, `${server.base}data/`);
  await appReady(p2);
  await p2.evaluate(([sel, t]) => { const el = document.querySelector(sel); el.value = t; el.dispatchEvent(new Event('input', { bubbles: true })); }, [css.sync.paste, copy]);
  await on(p2).sync.readSync.click();
  await on(p2).sync.preview.getByText('本机数据副本').waitFor({ timeout: 60000 });
  assert.match(await on(p2).sync.previewAdded.innerText(), /另有/);
  await other.close();
});
