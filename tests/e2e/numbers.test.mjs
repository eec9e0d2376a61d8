// The numbers are true and nobody gets stuck: people recorded twice are flagged wherever they
// appear, a repeated branch registration is refused or settled, 找组织 takes the words a person
// types, and forms on a small screen show every problem where the user is looking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, shot, open, openDemo, actAs, watchErrors, secretaryPhone, memberApplies, syncLink } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

/** Whether the element is wholly inside the viewport. */
async function inView(page, locator) {
  const box = await locator.boundingBox();
  const { w, h } = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }));
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= w + 0.5 && box.y + box.height <= h + 0.5;
}


test('找组织 takes the words in the order typed: 计算机1班 finds the class, not its neighbours', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  await page.goto(`${server.base}find/?q=${encodeURIComponent('计算机1班')}`);
  await on(page).find.hit.filter({ hasText: '2025级计算机科学与技术1班团支部' }).waitFor();
  const hits = await page.locator(`${css.find.results} ${css.find.hit}, ${css.find.results} ${css.find.hitDisabled}`).allInnerTexts();
  assert.ok(hits.every((h) => !h.includes('2班')), hits.join(' | '));
  await shot(page, 'numbers-01-find-words-in-order');
  // With spaces, and with the year first.
  await on(page).find.search('2025 会计 1班', '2025级会计学1班团支部');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('two accounts with one ID number: flagged in the queue, on 团员, in 核对名单 and counted in 统计', async () => {
  const sec = await secretaryPhone(chrome.browser, server.base);
  const phones = [];
  for (const [phoneNo, name] of [['13700009101', '双号甲'], ['13700009102', '双号乙']]) {
    const f = await memberApplies(chrome.browser, sec.invite, phoneNo, name, '11010820070909321');
    phones.push({ ...f, link: await syncLink(on(f.page).handover.handover) });
  }
  const page = sec.page;
  await on(page).members.receive.click();
  await on(page).sync.read(phones.map((p) => p.link).join('\n'));
  await on(page).sync.confirmImport.click();
  for (const [me, other] of [['双号甲', '双号乙'], ['双号乙', '双号甲']]) {
    await on(page).members.request.filter({ hasText: me }).locator(css.members.requestWarning, { hasText: new RegExp(`身份证号与${other}（.*）的账号相同`) }).waitFor();
  }
  // Both accepted (a secretary may, warned): the flags follow them onto 团员.
  await on(page).members.selectAll.click();
  await on(page).members.acceptSelected.click();
  await on(page).members.queueMessage.waitFor();
  await on(page).members.tabMembers.click();
  for (const me of ['双号甲', '双号乙']) {
    await on(page).members.member.filter({ hasText: me }).locator(css.members.memberWarning, { hasText: '身份证号与' }).first().waitFor();
  }
  await shot(page, 'numbers-02-members-flagged');
  // 核对名单 names them together.
  await on(page).members.tabReconcile.click();
  await on(page).reconcile.classList.fill('双号甲\t1120909321\n双号乙\t1120909321\n');
  await on(page).reconcile.reconcile.click();
  await on(page).reconcile.duplicate.filter({ hasText: '身份证号相同的2个账号' }).waitFor();
  await shot(page, 'numbers-03-reconcile-flagged');
  // The committee's 统计 counts them for the branch.
  await actAs(page, server.base, 'JGSYTW');
  await open(page, `${server.base}committee/stats/`);
  const row = on(page).stats.row.filter({ hasText: '2025级小学教育1班团支部' });
  await row.waitFor();
  assert.equal(await on(row).stats.duplicates.innerText(), '2');
  await on(page).stats.table.evaluate((t) => t.parentElement.scrollLeft = 10000);
  await shot(page, 'numbers-04-stats-duplicates');
  assert.deepEqual([...sec.errors, ...phones.flatMap((p) => p.errors)], []);
  for (const p of phones) await p.ctx.close();
  await sec.ctx.close();
});

/** The committee's codes: generates one and returns its link (a code link for 立即注册). */
async function codeLink(page) {
  await open(page, `${server.base}committee/codes/`);
  await on(page).codes.count.fill('1');
  await on(page).codes.generate.click();
  const text = await page.locator(`${css.codes.freshCodes} textarea`).inputValue();
  // One message per code: the code, what it registers, and the link after 立即注册：.
  return text.trim().split('立即注册：')[1].trim();
}

/** Fills 立即注册 (after the code) as an existing branch's secretary would: its full name, 支部号
 *  and `TZB` username; submits. */
async function registerAs(page, name, number, secretary) {
  await on(page).branchRegister.submitWith({
    name, number, username: `TZB${number}`, secretaryName: secretary, secretaryPhone: `138${number}`, password: `bitTZB${number}`,
  });
}

test('立即注册 on a small screen: every problem at once, each under its field and named, the first in view and focused; a taken name and username refused with the bit suffix', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  await actAs(page, server.base, 'JSJTW');
  const link = await codeLink(page);
  await page.goto(`${server.base}me/`);
  await on(page).me.logout.click();
  await open(page, link);
  // Nothing filled in but the code: the refusal is at the button's side of the page too.
  await on(page).branchRegister.submit.click();
  await on(page).form.errorBar.waitFor();
  await page.waitForFunction((sel) => document.activeElement?.matches(sel), css.branchRegister.name);
  assert.ok(await inView(page, on(page).branchRegister.name), 'the first wrong field is on screen');
  const marked = await page.locator('.field-invalid').count();
  assert.ok(marked >= 5, `${marked} fields marked at once`);
  const bar = await page.locator(`${css.form.errorBar} p`).allInnerTexts();
  for (const label of ['团支部全称：', '支部号：', '团支书姓名：', '团支书手机号：', '团支部账号用户名：', '密码：']) {
    assert.ok(bar.some((l) => l.startsWith(label)), `${label} in ${bar.join(' | ')}`);
  }
  await shot(page, 'numbers-05-register-all-errors');
  // An existing branch's full name and username (this phone knows the school's branches).
  await registerAs(page, '2025级计算机科学与技术1班团支部', '25070101', '钱支书');
  await page.locator('.field-invalid', { hasText: '已有同名的团组织' }).waitFor();
  await page.locator('.field-invalid', { hasText: '该用户名已被使用，建议改用“TZB25070101bit”' }).waitFor();
  await shot(page, 'numbers-06-register-taken');
  await on(page).branchRegister.useSuggestion.click();
  assert.equal(await on(page).branchRegister.username.inputValue(), 'TZB25070101bit');
  await on(page).branchRegister.name.fill('2025级计算机科学与技术9班团支部');
  await on(page).branchRegister.submit.click();
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
  const file = await syncLink(sp.locator(`${css.handover.handover}[data-kind=registration]`));
  // The committee imports it: the preview names the repeat; 下级团组织管理 asks to settle it.
  await open(cp, `${server.base}data/`);
  await on(cp).sync.read(file);
  await cp.getByText(/重复注册：“2025级计算机科学与技术2班团支部”与已有团支部同名且用户名相同/).waitFor();
  await shot(cp, 'numbers-07-import-repeat');
  await on(cp).sync.confirmImport.click();
  await open(cp, `${server.base}committee/`);
  const clash = on(cp).clashes.branchClash;
  await clash.waitFor();
  // Each side says who registered it, when, and who is in it.
  const facts = await on(clash).clashes.registrationFacts.allInnerTexts();
  assert.equal(facts.length, 2);
  assert.match(facts[0], /^先注册：.*注册，团员[1-9]\d*人/);
  assert.match(facts[1], /^后注册：团支书周支书 \d{3}\*{4}\d{4}，用户名 TZB25070102.*团员0人/);
  await shot(cp, 'numbers-08-clash');
  // The old branch has members: voiding it is refused; the repeat is voided.
  await on(clash).clashes.voidRegistration.first().click();
  await cp.locator(`${css.clashes.branchClashes} .error-bar`, { hasText: '还有' }).waitFor();
  await on(clash).clashes.voidRegistration.nth(1).click();
  await on(cp).clashes.branchClashes.waitFor({ state: 'detached' });
  await cp.goto(`${server.base}find/?q=${encodeURIComponent('计算机2班')}`);
  await on(cp).find.hit.filter({ hasText: '2025级计算机科学与技术2班团支部' }).waitFor();
  assert.equal(await on(cp).find.hit.filter({ hasText: '2025级计算机科学与技术2班团支部' }).count(), 1);
  assert.deepEqual(errors, []);
  await sec.close();
  await com.close();
});

test('forms and panels on a small screen: 创建账号 and 退回 show the problem where the user is looking; every tab in sight; 返回 from a chat link goes home', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.base}register/`);
  await on(page).register.next.click();
  await page.waitForFunction((sel) => document.activeElement?.matches(sel), css.register.phone);
  const bar = await page.locator(`${css.form.errorBar} p`).allInnerTexts();
  assert.ok(bar[0].startsWith('手机号：') && bar[1].startsWith('密码：'), bar.join(' | '));
  // 返回 on a page opened straight from a link (nothing to go back to) goes to the home page.
  const fresh = await ctx.newPage();
  await fresh.goto(`${server.base}find/`);
  await fresh.locator('.topbar-back').click();
  await fresh.locator(`${css.home.firstRun}, ${css.home.home}`).first().waitFor();
  assert.equal(new URL(fresh.url()).pathname, '/tuan/', fresh.url());
  await fresh.close();
  // The secretary: 退回 with no reason says so under the reason, on screen.
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25110103');
  await open(page, `${server.base}branch/`);
  await on(page).members.request.first().locator(css.members.return).click();
  await on(page).members.returnReasonConfirm.click();
  // Within another locator's `has`, the element's own selector (a screen's locators are found from the page's frame).
  const reason = page.locator('.field-invalid', { has: page.locator(css.members.returnReason) });
  await reason.getByText('请填写原因').or(reason.locator('.field-error')).first().waitFor();
  await page.waitForFunction((sel) => document.activeElement?.matches(sel), css.members.returnReason);
  assert.ok(await inView(page, on(page).members.returnReason));
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
  await on(page).members.tabMembers.click();
  await on(page).members.exportRoster.click();
  await page.waitForTimeout(300);
  assert.ok(await inView(page, page.locator(`${css.export.box} textarea`)), 'the export box is on screen');
  assert.deepEqual(errors, []);
  await ctx.close();
});
