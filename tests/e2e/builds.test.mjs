// The two builds (ARCHITECTURE.md, "Two builds"): a member's first load fetches only the member's
// build; the secretary's, committee's and rarely used pages load the full build, with the data,
// the login and the back button as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, shot, appReady, watchErrors, wasmFetched, navigate } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

/** A phone opening the app's link for the first time: its page, errors and the wasm it fetched. */
async function firstVisit() {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  const seen = wasmFetched(page);
  await page.goto(server.base);
  await appReady(page);
  return { ctx, page, errors, seen };
}

/** On a first visit, 从空白开始, 创建账号 and 完善个人信息, then 我的: the new member's ID number. */
async function newMemberOnMe(page, phoneNumber, name) {
  await on(page).home.startEmpty.click();
  await page.getByRole('link', { name: /创建账号/ }).click();
  await on(page).register.create(phoneNumber);
  const id = await on(page).profile.fillIn({ name, first17: '11010820070301155' });
  await navigate(page, `${server.base}me/`);
  return id;
}

test('a member loads only the small build; 数据与备份 loads the full one, keeping the data, the login and back', async () => {
  const { ctx, page, errors, seen } = await firstVisit();
  assert.equal(await page.evaluate(() => window.tuan.build), 'member');
  // A freshman's whole start happens in the member's build: 从空白开始, 创建账号, 完善个人信息.
  await newMemberOnMe(page, '13600000077', '周小新');
  await on(page).me.overview.waitFor();
  const who = await on(page).me.overview.innerText();
  assert.match(who, /周小新/);
  assert.deepEqual(seen, ['member'], 'no other build so far');
  await navigate(page, server.base);
  await page.getByRole('link', { name: '数据与备份' }).click();
  await page.waitForFunction(() => window.tuan.build === 'full' && window.tuan?.up === true, null, { timeout: 20000 });
  await page.getByRole('heading', { name: '数据与备份' }).or(on(page).sync.sendKind.first()).first().waitFor();
  assert.deepEqual(seen, ['member', 'full']);
  await shot(page, '60-full-build-data');
  // Back returns to 首页, now drawn by the full build without another load.
  await page.goBack();
  await page.waitForURL(/\/tuan\/$/);
  await page.getByRole('link', { name: '数据与备份' }).waitFor();
  // Still logged in, with the same data.
  await navigate(page, `${server.base}me/`);
  await on(page).me.overview.waitFor();
  assert.equal(await on(page).me.overview.innerText(), who);
  assert.deepEqual(seen, ['member', 'full'], 'the rest of the visit stays on the full build');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('使用演示数据 loads the full build with the demo school; the same link never replaces a device\'s data', async () => {
  const { ctx, page, errors, seen } = await firstVisit();
  await on(page).home.useDemo.click();
  await page.getByText('点选一个身份即可直接进入').waitFor();
  assert.equal(await page.evaluate(() => window.tuan.build), 'full');
  assert.deepEqual(seen, ['member', 'full']);
  assert.match(page.url(), /\/tuan\/demo\/$/, 'the start link is replaced in the history');
  await shot(page, '62-demo-from-member-build');
  // Back leaves the demo for the first page (now the home page), not the start link again.
  await page.goBack();
  await on(page).home.home.waitFor();
  // On a device with data that is not the demo, the start link only opens the home page.
  const ctx2 = await phone(chrome.browser);
  const other = await ctx2.newPage();
  await other.goto(server.base);
  await appReady(other);
  await on(other).home.startEmpty.click();
  await other.getByRole('link', { name: /创建账号/ }).click();
  await on(other).register.create('13600000078');
  await other.goto(`${server.base}demo/start/`);
  await on(other).home.home.waitFor();
  assert.match(other.url(), /\/tuan\/$/);
  await other.goto(`${server.base}me/`);
  await on(other).me.overview.waitFor();
  assert.match(await on(other).me.overview.innerText(), /136\*{4}0078/, 'the new account is still logged in');
  assert.deepEqual(errors, []);
  await ctx2.close();
  await ctx.close();
});

test('忘记密码, rarely used, is a page of the full build: tapped on 我的, it loads, back returns, and the reset works', async () => {
  const { ctx, page, errors, seen } = await firstVisit();
  const id = await newMemberOnMe(page, '13600000079', '吴小忘');
  await on(page).me.logout.click();
  await page.getByRole('link', { name: '忘记密码' }).click();
  await page.waitForFunction(() => window.tuan.build === 'full' && window.tuan?.up === true, null, { timeout: 20000 });
  await on(page).forgot.resetSubmit.waitFor();
  assert.deepEqual(seen, ['member', 'full']);
  // Back returns to the login of 我的, now drawn by the full build; 忘记密码 again needs no load.
  await page.goBack();
  await on(page).me.loginSubmit.waitFor();
  await page.getByRole('link', { name: '忘记密码' }).click();
  await on(page).forgot.phone.fill('13600000079');
  await on(page).forgot.name.fill('吴小忘');
  await on(page).forgot.idNumber.fill(id);
  await on(page).forgot.password.fill('forgot1234');
  await on(page).forgot.confirm.fill('forgot1234');
  await on(page).forgot.resetSubmit.click();
  await page.getByText('密码已重置').waitFor();
  await shot(page, '63-forgot-in-full-build');
  await page.getByRole('button', { name: '去登录' }).click();
  await on(page).me.logIn('13600000079', 'forgot1234');
  await on(page).me.overview.getByText('吴小忘').waitFor();
  assert.deepEqual(seen, ['member', 'full'], 'one load of the full build in the visit');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('我的数据 (导出我的数据 / 删除我的账号), rarely used, is a page of the full build, reached from 我的', async () => {
  const { ctx, page, errors, seen } = await firstVisit();
  const id = await newMemberOnMe(page, '13600000080', '郑小数');
  await on(page).me.overview.waitFor();
  await shot(page, '64-me-with-my-data');
  await page.getByRole('link', { name: '导出我的数据 / 删除我的账号' }).click();
  await page.waitForFunction(() => window.tuan.build === 'full' && window.tuan?.up === true, null, { timeout: 20000 });
  await on(page).myData.exportMine.click();
  assert.ok((await page.locator(`${css.myData.myData} textarea`).inputValue()).includes(id));
  assert.deepEqual(seen, ['member', 'full']);
  await page.goBack();
  await on(page).me.overview.getByText('郑小数').waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a link to a secretary\'s page opens the full build directly', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const seen = wasmFetched(page);
  await page.goto(`${server.base}branch/`);
  await appReady(page);
  assert.equal(await page.evaluate(() => window.tuan.build), 'full');
  assert.deepEqual(seen, ['full']);
  await page.getByText('请先登录').waitFor();
  await ctx.close();
});

test('where storage is refused, the switch asks first, since a reload would lose the changes', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    Object.defineProperty(window, 'sessionStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  await page.goto(server.base);
  await appReady(page);
  await on(page).home.startEmpty.click();
  await on(page).app.saveError.waitFor();
  await navigate(page, server.base);
  await page.getByRole('link', { name: '数据与备份' }).click();
  await on(page).fullBuild.loadFullAnyway.waitFor();
  assert.equal(await page.evaluate(() => window.tuan.build), 'member', 'no reload without asking');
  await shot(page, '61-full-build-unsaved');
  // Asked and confirmed: the full build opens (told through the tab's name, which storage settings
  // do not refuse), on the same page.
  await on(page).fullBuild.loadFullAnyway.click();
  await page.waitForFunction(() => window.tuan.build === 'full' && window.tuan?.up === true, null, { timeout: 20000 });
  assert.match(page.url(), /\/tuan\/data\/$/);
  assert.equal(await page.evaluate(() => window.name), 'tuan.build=full');
  await ctx.close();
});

test('where the tab refuses the full build\'s flag, the page says so instead of reloading again and again', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(window, 'name', { configurable: true, get: () => '', set: () => { throw new DOMException('refused', 'SecurityError'); } });
  });
  await page.goto(server.base);
  await appReady(page);
  assert.equal(await page.evaluate(() => window.tuan.build), 'member');
  await page.evaluate(() => { window.__stillHere = true; });
  await page.getByRole('link', { name: '恢复备份数据' }).click();
  await page.getByText('无法打开此页面').waitFor();
  assert.equal(await page.evaluate(() => window.__stillHere), true, 'no reload');
  await shot(page, '65-full-build-refused');
  await page.getByRole('link', { name: '回到首页' }).click();
  await on(page).home.useDemo.waitFor();
  await ctx.close();
});
