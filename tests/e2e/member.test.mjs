// The member's journey beyond the first application: pinyin search, drafts that survive the back
// button and reloads, 志愿北京 with the divisions data, 我要申诉 with a photo, 忘记密码 both ways,
// and the member's own data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { linkIn, startServer, launch, phone, shot, appReady, openDemo, actAs, watchErrors, demoMember, decodeQr, open } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

/** A new member with a saved profile; returns the ID number. */
async function newMember(page, phoneNo, first17) {
  await page.goto(`${server.base}register/`);
  await on(page).register.create(phoneNo);
  return on(page).profile.fillIn({ name: '陈新生', first17 });
}

/** A PNG of random noise, large enough that the app must scale and recompress it. */
function noisePng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = randomBytes((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0; // filter type "none" on each row
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

test('找组织 by pinyin initials, and the full path tells similar names apart', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  await page.goto(`${server.base}find/?q=jsj`);
  await on(page).find.hit.first().waitFor();
  const names = await on(page).find.hit.allInnerTexts();
  assert.ok(names.some((n) => n.includes('2025级计算机科学与技术1班团支部') && n.includes('计算机学院团委 ›')), names.join('|'));
  assert.ok(names.some((n) => n.includes('2025级计算机科学与技术2班团支部')));
  await on(page).find.query.fill('rxsy');
  await on(page).find.hit.filter({ hasText: '睿信书院' }).first().waitFor();
  // A polyphone answers to each reading: 会计学 is kjx and hjx.
  for (const q of ['kjx', 'hjx']) {
    await on(page).find.search(q, '2025级会计学1班团支部');
  }
  // The table is fetched once, the first time initials are typed, not in the first load.
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('initials-')).length);
  assert.equal(fetched, 1);
  await shot(page, 'member-20-find-pinyin');
  await ctx.close();
});

test('what was typed survives the back button and a reload', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  await page.goto(`${server.base}register/`);
  await on(page).register.create('13600000001');
  await on(page).profile.name.fill('周未完');
  await on(page).profile.joinMonth.fill('2020-09');
  await page.goto(`${server.base}find/`);
  await page.goBack();
  await on(page).profile.form.waitFor();
  assert.equal(await on(page).profile.name.inputValue(), '周未完');
  assert.equal(await on(page).profile.joinMonth.inputValue(), '2020-09');
  await page.reload();
  await appReady(page);
  await on(page).profile.form.waitFor();
  assert.equal(await on(page).profile.name.inputValue(), '周未完');
  await ctx.close();
});

test('志愿北京 注册 with the divisions data, Beijing first', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  await newMember(page, '13600000002', '11010820050101331');
  // 注册成为志愿者 was ticked (the form's default, as the guide asks): the result leads on to 志愿服务.
  await on(page).profile.goVolunteer.click();
  await page.waitForURL(/\/tuan\/volunteer\/$/);
  await on(page).volunteer.serviceAreaDistrict.waitFor();
  // 注册 before choosing anything: every problem at once, each naming its field, brought into view.
  await on(page).volunteer.submit.click();
  const bar = await page.locator(`${css.form.errorBar} p`).allInnerTexts();
  for (const f of ['服务区域', '籍贯', '居住区域', '志愿方向']) assert.ok(bar.some((l) => l.includes(f)), `${f} in ${bar.join(' | ')}`);
  await page.waitForFunction((sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }, css.form.errorBar);
  // Beijing is chosen first, its 16 districts offered directly (no city level).
  assert.equal(await on(page).volunteer.serviceAreaProvince.inputValue(), '北京市');
  assert.equal(await on(page).volunteer.serviceAreaCity.count(), 0);
  assert.equal(await page.locator(`${css.volunteer.serviceAreaDistrict} option`).count(), 17);
  await on(page).volunteer.serviceAreaDistrict.selectOption('海淀区');
  await on(page).volunteer.nativePlaceProvince.selectOption('河北省');
  await on(page).volunteer.nativePlaceCity.selectOption('石家庄市');
  await on(page).volunteer.residenceDistrict.selectOption('朝阳区');
  // No direction yet: refused with the reason.
  await on(page).volunteer.submit.click();
  await on(page).form.errorBar.getByText('志愿方向').waitFor();
  await page.getByText('社区服务').click();
  await page.getByText('大型赛会').click();
  await shot(page, 'member-21-volunteer-form');
  await on(page).volunteer.submit.click();
  await page.getByText('已注册为志愿者').waitFor();
  assert.match(await page.locator('.result-text').innerText(), /北京市 海淀区.*社区服务、大型赛会/);
  await shot(page, 'member-22-volunteer-done');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('我要申诉 with an ID photo compressed under 200 KB; the branch sees it and upholds', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  page.on('dialog', (d) => d.accept());
  await openDemo(page, server.base);
  const old = await demoMember(page, '2025级精工书院1班团支部');
  // A new account with the new phone.
  await page.goto(`${server.base}register/`);
  await on(page).register.create('13600000003');
  await open(page, `${server.base}appeal/`);
  await on(page).appeal.idNumber.fill(old.id);
  await on(page).appeal.reason.fill('原手机号已停用');
  await on(page).appeal.submit.click();
  await on(page).form.errorBar.getByText('请拍摄或选择身份证照片').waitFor();
  const png = noisePng(2400, 1600);
  assert.ok(png.length > 5_000_000, 'the picked file is large');
  await page.setInputFiles(css.appeal.photo, { name: 'id.png', mimeType: 'image/png', buffer: png });
  await on(page).appeal.photoPreview.waitFor({ timeout: 20000 });
  const kb = Number((await on(page).appeal.photoSize.innerText()).match(/(\d+)KB/)[1]);
  assert.ok(kb <= 200 && kb > 10, `compressed to ${kb} KB`);
  await shot(page, 'member-23-appeal-photo');
  await on(page).appeal.submit.click();
  await on(page).appeal.myAppeal.getByText('待审核').waitFor();
  // The college committee sees it too, with the photo.
  await actAs(page, server.base, 'JGSYTW');
  await open(page, `${server.base}committee/`);
  await on(page).appeals.appeal.filter({ hasText: old.name }).locator('img.photo-preview').waitFor();
  assert.match(await on(page).appeals.appeal.filter({ hasText: old.name }).innerText(), /2025级精工书院1班团支部/);
  // The branch sees the photo and upholds: the membership moves to the new phone.
  await actAs(page, server.base, 'TZB25110101');
  await open(page, `${server.base}branch/`);
  await on(page).members.tabAppeals.click();
  const appeal = on(page).appeals.appeal.filter({ hasText: old.name });
  await appeal.locator('img.photo-preview').waitFor();
  await shot(page, 'branch-10-appeal');
  await appeal.getByRole('button', { name: '申诉通过' }).click();
  await appeal.getByText('申诉成功').waitFor();
  await page.goto(`${server.base}me/`);
  await on(page).me.logout.click();
  await on(page).me.logIn('13600000003', 'abcd1234');
  await on(page).me.overview.getByText('2025级精工书院1班团支部', { exact: true }).waitFor();
  await ctx.close();
});

test('忘记密码: by 姓名 + 身份证号, and by the branch secretary\'s code', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  const m = await demoMember(page, '2025级会计学1班团支部');
  await page.goto(`${server.base}forgot/`);
  await on(page).forgot.phone.fill(m.phone);
  await on(page).forgot.name.fill('别人');
  await on(page).forgot.idNumber.fill(m.id);
  await on(page).forgot.password.fill('newpass123');
  await on(page).forgot.confirm.fill('newpass123');
  await on(page).forgot.resetSubmit.click();
  await on(page).form.errorBar.getByText('姓名或身份证号与该手机号的账号不符').waitFor();
  await on(page).forgot.name.fill(m.name);
  await on(page).forgot.resetSubmit.click();
  await page.getByText('密码已重置').waitFor();
  // The secretary issues a code; the member uses it once.
  await actAs(page, server.base, 'TZB25080101');
  await open(page, `${server.base}branch/`);
  await on(page).members.tabMembers.click();
  const row = on(page).members.member.filter({ hasText: m.name });
  await row.getByRole('button', { name: '生成重置密码验证码' }).click();
  const code = await on(row).members.resetCode.innerText();
  await shot(page, 'branch-11-reset-code');
  await page.goto(`${server.base}me/`);
  await on(page).me.logout.click();
  await page.goto(`${server.base}forgot/`);
  await on(page).forgot.byCode.click();
  await on(page).forgot.phone.fill(m.phone);
  await on(page).forgot.resetCode.fill(code.toLowerCase());
  await on(page).forgot.password.fill('bycode1234');
  await on(page).forgot.confirm.fill('bycode1234');
  await shot(page, 'member-24-forgot-by-code');
  await on(page).forgot.resetSubmit.click();
  await page.getByText('密码已重置').waitFor();
  await page.goto(`${server.base}me/`);
  await on(page).me.logIn(m.phone, 'bycode1234');
  await on(page).me.overview.waitFor();
  await ctx.close();
});

test('a member exports their own data and deletes their account', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  page.on('dialog', (d) => d.accept());
  await openDemo(page, server.base);
  const id = await newMember(page, '13600000004', '11010820060101331');
  await page.goto(`${server.base}me/`);
  // 我的数据 is a page of the full build (rarely used), reached from 我的.
  await page.getByRole('link', { name: '导出我的数据 / 删除我的账号' }).click();
  await on(page).myData.exportMine.click();
  const data = await page.locator(`${css.myData.myData} textarea`).inputValue();
  assert.ok(data.includes(id) && data.includes('13600000004'));
  assert.ok(!data.includes('hash'), 'no password');
  await shot(page, 'member-25-my-data');
  await on(page).myData.deleteMine.click();
  await page.getByText('您的账号已从本机删除').waitFor();
  const left = await page.evaluate((id) => (localStorage.getItem('tuan.state') + localStorage.getItem('tuan.journal')).includes(id), id);
  assert.equal(left, false, 'the ID number is gone from the device');
  await ctx.close();
});

test('a branch invite link opened on a phone that never saw the school lands on the application', async () => {
  const sec = await phone(chrome.browser);
  const page = await sec.newPage();
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25110103');
  await open(page, `${server.base}branch/`);
  await on(page).members.showInvite.click();
  const message = await on(page).members.inviteLink.inputValue();
  assert.match(message, /^2025级小学教育1班团支部的邀请：/);
  const link = linkIn(message);
  assert.ok(link.startsWith(server.base) && link.includes('join/?id='), link);
  // The names as short as a chat-safe link allows: base64url of their UTF-8, not percent-encoding.
  const param = (k) => Buffer.from(new URLSearchParams(link.split('?')[1]).get(k).slice(1), 'base64url').toString();
  assert.equal(param('name'), '2025级小学教育1班团支部');
  assert.equal(param('college'), '精工书院团委');
  assert.ok(!link.includes('%'), link);
  await on(page).members.copyInvite.click();
  await on(page).members.invite.getByText(/已复制|请长按/).waitFor();
  // The QR code decodes to the link itself.
  const decoded = await decodeQr(on(page).qr.qr);
  assert.equal(decoded, link, 'the QR code holds the invite link');
  await shot(page, 'branch-12-invite');
  await sec.close();
  // A freshman's phone: empty storage, opens the link from WeChat.
  const fresh = await phone(chrome.browser);
  const p2 = await fresh.newPage();
  const errors = watchErrors(p2);
  await p2.goto(link);
  await appReady(p2);
  await p2.getByText('2025级小学教育1班团支部').first().waitFor();
  // 所属 names the college above the branch, not the branch again.
  assert.match(await p2.locator('main').innerText(), /所属\s+精工书院团委\s/);
  await shot(p2, 'member-30-invite-landing');
  await on(p2).apply.inviteRegister.click();
  await on(p2).register.create('13600000009');
  await on(p2).profile.fillIn({ name: '林邀请', first17: '11010820070601331', month: '2021-06' });
  await on(p2).profile.goInvited.click();
  assert.match(await on(p2).apply.confirmText.innerText(), /确认申请加入“2025级小学教育1班团支部”/);
  await on(p2).apply.submit.click();
  await on(p2).apply.goMyOrg.click();
  assert.equal(await on(p2).myOrg.requestState.first().innerText(), '待审核');
  // A broken link says so and offers the search.
  await p2.goto(`${server.base}#/join?id=1300109&name=x&cid=1300001&college=y`);
  await p2.getByText('无法使用这个邀请链接').waitFor();
  assert.match(await p2.locator('main').innerText(), /请填写组织全称/);
  assert.deepEqual(errors, []);
  await fresh.close();
});

test('an existing member logs in by phone, applies to transfer in, and withdraws with a reason', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  const m = await demoMember(page, '2025级会计学1班团支部', { cadre: false });
  // The guide's words: 我的 → log in → 我的组织.
  await page.goto(`${server.base}`);
  await page.getByRole('link', { name: /我的/ }).first().click();
  await on(page).me.logIn(m.phone, 'demo1234');
  await on(page).me.overview.getByText('2025级会计学1班团支部', { exact: true }).waitFor();
  await page.getByRole('link', { name: /我的组织/ }).click();
  await page.getByRole('link', { name: /2025级会计学1班团支部/ }).or(page.getByText('2025级会计学1班团支部')).first().waitFor();
  await page.goto(`${server.base}find/?q=${encodeURIComponent('工商管理')}`);
  await on(page).find.hit.first().click();
  assert.match(await on(page).apply.confirmText.innerText(), /确认申请转入“2025级工商管理1班团支部”/);
  await on(page).apply.submit.click();
  // A second application while one is pending: said up front, with the way to 我的组织.
  await page.goto(`${server.base}find/?q=${encodeURIComponent('金融学')}`);
  await on(page).find.hit.first().click();
  await page.getByText('您已申请加入“2025级工商管理1班团支部”，正在等待团支书审核').waitFor();
  await page.goto(`${server.base}my-org/`);
  const req = on(page).myOrg.myRequest.first();
  assert.match(await req.innerText(), /申请转入/);
  await on(req).myOrg.withdraw.click();
  await on(req).myOrg.withdrawReasonConfirm.click();
  await req.locator('.field-invalid .field-error').getByText('请填写原因').waitFor();
  await page.waitForFunction((sel) => document.activeElement?.matches(sel), css.myOrg.withdrawReason);
  await on(req).myOrg.withdrawReason.fill('选错了支部');
  await on(req).myOrg.withdrawReasonConfirm.click();
  await on(page).myOrg.myRequest.first().locator(css.myOrg.requestState).getByText('已撤回').waitFor();
  await shot(page, 'member-31-withdrawn');
  await ctx.close();
});

test('mobile quality: fields stay visible with the keyboard open, large text does not break layouts, every control has a label', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  await page.goto(`${server.base}register/`);
  await on(page).register.create('13600000011');
  // The keyboard takes about half the screen: the focused field must not hide under it or the top bar.
  await page.setViewportSize({ width: 375, height: 360 });
  for (const f of ['name', 'joinMonth', 'studentNo']) {
    await on(page).profile[f].focus();
    const box = await on(page).profile[f].boundingBox();
    assert.ok(box.y >= 48 && box.y + box.height <= 360, `${f} visible: ${JSON.stringify(box)}`);
  }
  await page.setViewportSize({ width: 375, height: 667 });
  // Large text (WeChat's care mode scales text): nothing may overflow sideways.
  const pages = ['', 'register/', 'profile/', 'find/?q=2025', 'volunteer/', 'me/'];
  for (const p of pages) {
    await page.goto(`${server.base}${p}`);
    await page.locator('main').waitFor();
    // A hash route keeps the document: start each page from the normal size.
    await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
    // The text of controls must grow too, not only the labels.
    const sizeOf = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main button, main input, main a.btn, main .cell') ?? document.body).fontSize));
    const before = await sizeOf();
    await page.evaluate(() => { document.documentElement.style.fontSize = '150%'; });
    await page.waitForTimeout(100);
    const after = await sizeOf();
    assert.ok(after >= before * 1.4, `${p}: control text ${before}px → ${after}px at 150%`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${p} overflows by ${overflow}px at 150% text`);
    if (p === 'profile/') await shot(page, 'member-32-large-text-profile');
    // Every visible control has a name a screen reader reads.
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => !(el.getAttribute('aria-label') || (el.labels && el.labels.length) || (el.tagName === 'BUTTON' && el.innerText.trim())))
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabeled, [], `${p} has unlabeled controls`);
  }
  await ctx.close();
});
