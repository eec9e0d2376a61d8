// Every page at its own path (leptos_router under the deployment's root, found at run time): opened
// from a link and reloaded on a plain static server (python3 -m http.server under /tuan/: no
// rewrite rules, /tuan/find redirected to /tuan/find/, no 404 fallback), the links of the form
// handed out before (the page in the fragment), another sub-path with the same dist/, and 404.html
// on a host that serves one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname } from 'node:path';
import { startServer, launch, phone, shot, appReady, openDemo, actAs, watchErrors, navigate, DIST } from './helpers.mjs';
import { pages } from '../../scripts/pages.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

/** The page folders the build copies index.html into (src/route.rs, PAGES). */
const PAGES = pages();

/** Every page with the parameters it takes, and its title (Route::title); a page that moves on by
 *  itself names where it lands. */
const name = (s) => `~${Buffer.from(s).toString('base64url')}`;
const EVERY_PAGE = [
  ['', '北京共青团'],
  ['start/', '北京共青团', ''],
  ['me/', '我的'],
  ['register/', '创建账号'],
  ['profile/', '完善个人信息'],
  [`find/?q=${encodeURIComponent('计算机')}`, '找组织'],
  ['apply/?id=1100101', '申请加入'],
  // An invite (of a branch this phone had not seen) keeps its address, so a forwarded page works
  // as it did for the sender (on this phone, trying the demo, a real invite is refused).
  [`join/?id=1999901&name=${name('2025级新专业1班团支部')}&cid=1999900&college=${name('新学院团委')}`, '申请加入'],
  ['my-org/', '我的组织'],
  ['my-org/send/', '发给团支书'],
  ['my-data/', '我的数据'],
  ['forgot/', '忘记密码'],
  ['appeal/', '我要申诉'],
  ['volunteer/', '志愿北京'],
  ['branch/', '我的团员'],
  ['branch/register/?code=ABCD-EFGH', '立即注册'],
  ['committee/', '下级团组织管理'],
  ['committee/codes/', '组织注册码'],
  ['committee/handover/?org=1100101', '交给新手机'],
  ['committee/new/', '建立校团委'],
  ['committee/stats/', '统计'],
  ['demo/', '演示：切换身份'],
  ['demo/start/', '演示：切换身份', 'demo/'],
  ['data/', '数据与备份'],
  ['data/send/?kind=backup', '发送'],
  ['import/#d=jxyz', '导入同步文件'],
];

const title = (page) => page.evaluate(() => document.title.split(' · ')[0]);
const started = (page) => page.waitForFunction((sel) => window.tuan?.up === true && !document.querySelector(sel), css.fullBuild.loadingFull, { timeout: 20000 });

test('every page opens from a link at its own path and survives a reload, with or without the last /', async () => {
  const folders = new Set(EVERY_PAGE.map(([p]) => p.split(/[?#]/)[0].replace(/\/$/, '')).filter(Boolean));
  assert.deepEqual([...folders].sort(), [...PAGES].sort(), 'every page folder is tried');
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25110103');
  for (const [path, expected, lands = path] of EVERY_PAGE) {
    await page.goto(server.base + path);
    await started(page);
    await page.waitForURL((u) => u.href === server.base + lands, { timeout: 10000 }).catch(() => assert.fail(`${path}: at ${page.url()}, not ${server.base + lands}`));
    assert.equal(await title(page), expected, path);
    assert.equal(await page.getByText('页面不存在').count(), 0, path);
    await page.reload();
    await started(page);
    assert.equal(await title(page), expected, `${path}, reloaded`);
    // Typed without its last / (a static host redirects to the folder).
    const bare = path.replace(/\/(?=[?#]|$)/, '');
    if (bare !== path && bare) {
      await page.goto(server.base + bare);
      await started(page);
      assert.equal(await title(page), expected, bare);
    }
  }
  await page.goto(`${server.base}committee/stats/`);
  await started(page);
  await shot(page, 'routes-01-stats-at-its-path');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a page reached by a tap reloads as itself; back and forward move between pages', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  await page.goto(server.base);
  await appReady(page);
  await page.getByRole('link', { name: '找组织' }).click();
  await page.waitForURL(`${server.base}find/`);
  await on(page).find.query.fill('计算机');
  await on(page).find.hit.first().click();
  await page.waitForURL(/\/tuan\/apply\/\?id=\d+$/);
  const applyUrl = page.url();
  await page.reload();
  await appReady(page);
  assert.equal(await title(page), '申请加入');
  assert.equal(page.url(), applyUrl);
  await page.goBack();
  await page.waitForURL(`${server.base}find/`);
  await page.goForward();
  await page.waitForURL(applyUrl);
  await page.getByText('申请加入').first().waitFor();
  await ctx.close();
});

test('links of the form handed out before open the page at its own path', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  const old = [
    // An invite link with percent-encoded names (the first form of all).
    [`#/join?id=1999901&name=${encodeURIComponent('2025级新专业1班团支部')}&cid=1999900&college=${encodeURIComponent('新学院团委')}`, /\/tuan\/join\/\?id=1999901&/, null],
    [`#/find?q=${encodeURIComponent('计算机')}`, /\/tuan\/find\/\?q=/, null],
    ['#/apply/1100101', /\/tuan\/apply\/\?id=1100101$/, null],
    ['#/branch/register?code=ABCD-EFGH', /\/tuan\/branch\/register\/\?code=ABCD-EFGH$/, null],
    ['#/data/send/backup', /\/tuan\/data\/send\/\?kind=backup$/, null],
    ['#/import?d=jxyz', /\/tuan\/import\/#d=jxyz$/, null],
    ['#/committee/stats', /\/tuan\/committee\/stats\/$/, null],
  ];
  for (const [hash, url, text] of old) {
    await page.goto(server.base + hash);
    await started(page);
    await page.waitForURL(url, { timeout: 10000 }).catch(() => assert.fail(`${hash}: at ${page.url()}`));
    assert.notEqual(await title(page), '页面不存在', hash);
    if (text) await page.getByText(text).first().waitFor();
  }
  // Such a link opened in a tab already on the home page changes only the fragment: the app moves.
  await page.goto(server.base);
  await appReady(page);
  await page.evaluate(() => { window.__stillHere = true; location.hash = '#/find'; });
  await page.waitForURL(`${server.base}find/`);
  assert.equal(await page.evaluate(() => window.__stillHere), true, 'no reload');
  // A path that is no page, under a section of either build, reached inside the page: 页面不存在
  // at once, with no reload into a folder that does not exist.
  for (const path of ['committee/nope/', 'find/deeper/']) {
    await navigate(page, server.base + path);
    await page.getByText('页面不存在').first().waitFor();
    assert.equal(await page.evaluate(() => window.__stillHere), true, `no reload for ${path}`);
  }
  // index.html named in the path.
  await page.goto(`${server.base}index.html#/me`);
  await page.waitForURL(`${server.base}me/`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the same dist/ under another sub-path: the root is found at run time', async () => {
  const other = await startServer('a/b/tuan2');
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(`${other.base}committee/stats/`);
  await started(page);
  assert.equal(await title(page), '统计');
  await page.locator('.topbar-back').click();
  await page.waitForURL(other.base);
  await on(page).home.useDemo.click();
  await page.waitForURL(`${other.base}demo/`);
  await page.getByRole('link', { name: /找组织/ }).or(on(page).demo.account.first()).first().waitFor();
  await page.goto(`${other.base}find/?q=${encodeURIComponent('计算机')}`);
  await on(page).find.hit.first().click();
  await page.waitForURL(new RegExp(`^${other.base.replace(/[/.]/g, '\\$&')}apply/\\?id=\\d+$`));
  assert.deepEqual(errors, []);
  await ctx.close();
  other.stop();
});

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.txt': 'text/plain' };

test('a host that serves 404.html: an unknown path says so and leads home; an old link there still opens', async () => {
  // Like GitHub Pages or Netlify: dist/ under /tuan/, and 404.html (with status 404) for any path it lacks.
  const http = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.startsWith('/tuan/') ? join(DIST, path.slice('/tuan/'.length)) : null;
    if (file && existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) { res.writeHead(301, { location: `${path}/` }); res.end(); return; }
      file = join(file, 'index.html');
    }
    if (file && existsSync(file)) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
    } else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end(req.method === 'HEAD' ? undefined : readFileSync(join(DIST, '404.html')));
    }
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${http.address().port}/tuan/`;
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await page.goto(`${base}no/such/page`);
  await page.getByText('页面不存在').waitFor();
  await page.waitForFunction((b) => document.getElementById('home').href === b, base);
  await shot(page, 'routes-02-404');
  await on(page).notFound.home404.click();
  await page.waitForURL(base);
  await appReady(page);
  await on(page).home.firstRun.waitFor();
  await page.goto(`${base}nope#/find?q=${encodeURIComponent('计算机')}`);
  await page.waitForURL((u) => u.href === `${base}find/?q=${encodeURIComponent('计算机')}`);
  await appReady(page);
  assert.equal(await title(page), '找组织');
  await ctx.close();
  http.close();
});
