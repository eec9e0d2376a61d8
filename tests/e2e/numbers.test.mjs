// The numbers are true and nobody gets stuck: people recorded twice are flagged wherever they
// appear, a repeated branch registration is refused or settled, 找组织 takes the words a person
// types, and forms on a small screen show every problem where the user is looking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, shot, open, openDemo, actAs, watchErrors, secretaryPhone, memberApplies, syncLink } from './helpers.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

/** Whether the element is wholly inside the viewport. */
async function inView(page, locator) {
  const box = await locator.boundingBox();
  const { w, h } = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }));
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= w + 0.5 && box.y + box.height <= h + 0.5;
}

/** The data-test of the focused element. */
const focused = (page) => page.evaluate(() => document.activeElement?.dataset.test ?? '');

test('找组织 takes the words in the order typed: 计算机1班 finds the class, not its neighbours', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  await page.goto(`${server.base}find/?q=${encodeURIComponent('计算机1班')}`);
  await page.locator('[data-test=find-hit]', { hasText: '2025级计算机科学与技术1班团支部' }).waitFor();
  const hits = await page.locator('[data-test=find-results] [data-test^=find-hit]').allInnerTexts();
  assert.ok(hits.every((h) => !h.includes('2班')), hits.join(' | '));
  await shot(page, 'numbers-01-find-words-in-order');
  // With spaces, and with the year first.
  await page.fill('[data-test=find-query]', '2025 会计 1班');
  await page.locator('[data-test=find-hit]', { hasText: '2025级会计学1班团支部' }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('two accounts with one ID number: flagged in the queue, on 团员, in 核对名单 and counted in 统计', async () => {
  const sec = await secretaryPhone(chrome.browser, server.base);
  const phones = [];
  for (const [phoneNo, name] of [['13700009101', '双号甲'], ['13700009102', '双号乙']]) {
    const f = await memberApplies(chrome.browser, sec.invite, phoneNo, name, '11010820070909321');
    phones.push({ ...f, link: await syncLink(f.page.locator('[data-test=handover]')) });
  }
  const page = sec.page;
  await page.locator('[data-test=receive]').click();
  await page.fill('[data-test=sync-paste]', phones.map((p) => p.link).join('\n'));
  await page.locator('[data-test=read-sync]').click();
  await page.locator('[data-test=confirm-import]').click();
  for (const [me, other] of [['双号甲', '双号乙'], ['双号乙', '双号甲']]) {
    await page.locator('[data-test=request]', { hasText: me }).locator('[data-test=request-warning]', { hasText: new RegExp(`身份证号与${other}（.*）的账号相同`) }).waitFor();
  }
  // Both accepted (a secretary may, warned): the flags follow them onto 团员.
  await page.locator('[data-test=select-all]').click();
  await page.locator('[data-test=accept-selected]').click();
  await page.locator('[data-test=queue-message]').waitFor();
  await page.locator('[data-test=tab-members]').click();
  for (const me of ['双号甲', '双号乙']) {
    await page.locator('[data-test=member]', { hasText: me }).locator('[data-test=member-warning]', { hasText: '身份证号与' }).first().waitFor();
  }
  await shot(page, 'numbers-02-members-flagged');
  // 核对名单 names them together.
  await page.locator('[data-test=tab-reconcile]').click();
  await page.fill('[data-test=class-list]', '双号甲\t1120909321\n双号乙\t1120909321\n');
  await page.locator('[data-test=reconcile]').click();
  await page.locator('[data-test=duplicate]', { hasText: '身份证号相同的2个账号' }).waitFor();
  await shot(page, 'numbers-03-reconcile-flagged');
  // The committee's 统计 counts them for the branch.
  await actAs(page, server.base, 'JGSYTW');
  await open(page, `${server.base}committee/stats/`);
  const row = page.locator('[data-test=stats-row]', { hasText: '2025级小学教育1班团支部' });
  await row.waitFor();
  assert.equal(await row.locator('[data-test=duplicates]').innerText(), '2');
  await page.locator('[data-test=stats-table]').evaluate((t) => t.parentElement.scrollLeft = 10000);
  await shot(page, 'numbers-04-stats-duplicates');
  assert.deepEqual([...sec.errors, ...phones.flatMap((p) => p.errors)], []);
  for (const p of phones) await p.ctx.close();
  await sec.ctx.close();
});

/** The committee's codes: generates one and returns its link (a code link for 立即注册). */
async function codeLink(page) {
  await open(page, `${server.base}committee/codes/`);
  await page.fill('[data-test=code-count]', '1');
  await page.locator('[data-test=generate]').click();
  const text = await page.locator('[data-test=fresh-codes] textarea').inputValue();
  return text.trim().split(/\s+/)[1];
}

/** Fills 立即注册 (after the code) as an existing branch's secretary would: its full name, 支部号
 *  and `TZB` username; submits. */
async function registerAs(page, name, number, secretary) {
  await page.fill('[data-test=branch-name]', name);
  await page.fill('[data-test=branch-number]', number);
  await page.fill('[data-test=username]', `TZB${number}`);
  await page.fill('[data-test=secretary-name]', secretary);
  await page.fill('[data-test=secretary-phone]', `138${number}`);
  await page.fill('[data-test=password]', `bitTZB${number}`);
  await page.fill('[data-test=confirm]', `bitTZB${number}`);
  await page.locator('[data-test=branch-register-submit]').click();
}

test('立即注册 on a small screen: every problem at once, each under its field and named, the first in view and focused; a taken name and username refused with the bit suffix', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  await actAs(page, server.base, 'JSJTW');
  const link = await codeLink(page);
  await page.goto(`${server.base}me/`);
  await page.locator('[data-test=logout]').click();
  await open(page, link);
  // Nothing filled in but the code: the refusal is at the button's side of the page too.
  await page.locator('[data-test=branch-register-submit]').click();
  await page.locator('[data-test=error-bar]').waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset.test === 'branch-name');
  assert.ok(await inView(page, page.locator('[data-test=branch-name]')), 'the first wrong field is on screen');
  const marked = await page.locator('.field-invalid').count();
  assert.ok(marked >= 5, `${marked} fields marked at once`);
  const bar = await page.locator('[data-test=error-bar] p').allInnerTexts();
  for (const label of ['团支部全称：', '支部号：', '团支书姓名：', '团支书手机号：', '团支部账号用户名：', '密码：']) {
    assert.ok(bar.some((l) => l.startsWith(label)), `${label} in ${bar.join(' | ')}`);
  }
  await shot(page, 'numbers-05-register-all-errors');
  // An existing branch's full name and username (this phone knows the school's branches).
  await registerAs(page, '2025级计算机科学与技术1班团支部', '25070101', '钱支书');
  await page.locator('.field-invalid', { hasText: '已有同名的团组织' }).waitFor();
  await page.locator('.field-invalid', { hasText: '该用户名已被使用，建议改用“TZB25070101bit”' }).waitFor();
  await shot(page, 'numbers-06-register-taken');
  await page.locator('[data-test=use-suggestion]').click();
  assert.equal(await page.inputValue('[data-test=username]'), 'TZB25070101bit');
  await page.fill('[data-test=branch-name]', '2025级计算机科学与技术9班团支部');
  await page.locator('[data-test=branch-register-submit]').click();
  await page.getByText('还差一步：把注册信息发给团委').waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a repeated registration from a phone without the directory reaches the committee as a conflict, settled by voiding it', async () => {
  const com = await phone(chrome.browser);
  const cp = await com.newPage();
  cp.on('dialog', (d) => d.accept());
  const errors = watchErrors(cp);
  await openDemo(cp, server.base);
  await actAs(cp, server.base, 'JSJTW');
  const link = await codeLink(cp);
  // The secretary's own phone has never seen the school: it cannot tell the name is taken.
  const sec = await phone(chrome.browser);
  const sp = await sec.newPage();
  errors.push(...watchErrors(sp));
  await open(sp, link);
  await registerAs(sp, '2025级计算机科学与技术2班团支部', '25070102', '周支书');
  const file = await syncLink(sp.locator('[data-test=handover][data-kind=registration]'));
  // The committee imports it: the preview names the repeat; 下级团组织管理 asks to settle it.
  await open(cp, `${server.base}data/`);
  await cp.fill('[data-test=sync-paste]', file);
  await cp.locator('[data-test=read-sync]').click();
  await cp.getByText(/重复注册：“2025级计算机科学与技术2班团支部”与已有团支部同名且用户名相同/).waitFor();
  await shot(cp, 'numbers-07-import-repeat');
  await cp.locator('[data-test=confirm-import]').click();
  await open(cp, `${server.base}committee/`);
  const clash = cp.locator('[data-test=branch-clash]');
  await clash.waitFor();
  await shot(cp, 'numbers-08-clash');
  // The old branch has members: voiding it is refused; the repeat is voided.
  await clash.locator('[data-test=void-registration]').first().click();
  await cp.locator('[data-test=branch-clashes] .error-bar', { hasText: '还有' }).waitFor();
  await clash.locator('[data-test=void-registration]').nth(1).click();
  await cp.locator('[data-test=branch-clashes]').waitFor({ state: 'detached' });
  await cp.goto(`${server.base}find/?q=${encodeURIComponent('计算机2班')}`);
  await cp.locator('[data-test=find-hit]', { hasText: '2025级计算机科学与技术2班团支部' }).waitFor();
  assert.equal(await cp.locator('[data-test=find-hit]', { hasText: '2025级计算机科学与技术2班团支部' }).count(), 1);
  assert.deepEqual(errors, []);
  await sec.close();
  await com.close();
});

test('forms and panels on a small screen: 创建账号 and 退回 show the problem where the user is looking; every tab in sight; 返回 from a chat link goes home', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.base}register/`);
  await page.locator('[data-test=next]').click();
  await page.waitForFunction(() => document.activeElement?.dataset.test === 'phone');
  const bar = await page.locator('[data-test=error-bar] p').allInnerTexts();
  assert.ok(bar[0].startsWith('手机号：') && bar[1].startsWith('密码：'), bar.join(' | '));
  // 返回 on a page opened straight from a link (nothing to go back to) goes to the home page.
  const fresh = await ctx.newPage();
  await fresh.goto(`${server.base}find/`);
  await fresh.locator('.topbar-back').click();
  await fresh.locator('[data-test=first-run], [data-test=home]').first().waitFor();
  assert.equal(new URL(fresh.url()).pathname, '/tuan/', fresh.url());
  await fresh.close();
  // The secretary: 退回 with no reason says so under the reason, on screen.
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25110103');
  await open(page, `${server.base}branch/`);
  await page.locator('[data-test=request]').first().locator('[data-test=return]').click();
  await page.locator('[data-test=return-reason-confirm]').click();
  const reason = page.locator('.field-invalid', { has: page.locator('[data-test=return-reason]') });
  await reason.getByText('请填写原因').or(reason.locator('.field-error')).first().waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset.test === 'return-reason');
  assert.ok(await inView(page, page.locator('[data-test=return-reason]')));
  await shot(page, 'numbers-09-return-reason');
  // Every tab of 我的团员 in sight, at normal and at large text.
  for (const size of ['', '150%']) {
    await page.evaluate((s) => { document.documentElement.style.fontSize = s; }, size);
    await page.evaluate(() => scrollTo(0, 0));
    for (const tab of await page.locator('[role=tablist] [role=tab]').all()) {
      assert.ok(await inView(page, tab), `${await tab.innerText()} in view at ${size || 'normal'} text`);
    }
  }
  await shot(page, 'numbers-10-tabs-large-text');
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  // A panel opened by a tap comes into view.
  await page.locator('[data-test=tab-members]').click();
  await page.locator('[data-test=export-roster]').click();
  await page.waitForTimeout(300);
  assert.ok(await inView(page, page.locator('[data-test=export-box] textarea')), 'the export box is on screen');
  assert.deepEqual(errors, []);
  await ctx.close();
});
