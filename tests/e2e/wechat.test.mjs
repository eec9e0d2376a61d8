// WeChat's habits from blank phones: a branch's first hand-over to its committee by every channel
// (link, QR code, text, file), each taken without 确认新密钥; a phone refuses a stranger's file
// that claims its own committee; a forwarded invite opens on a blank phone; links pasted as WeChat
// hands them on; a blank phone's 找组织 says how to get the invite; the invite opened again by a
// member leads to 我的组织.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inviteLink, startServer, launch, shot, blankPhone, open, appReady, syncLink, fileText, decodeQr, realSchool, realCodes, realBranch, pasteAndTakeAt, strangerRestores } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

const PASSWORD = 'abcd1234';
const schoolPhone = () => realSchool(chrome.browser, server.base);
const codeLinks = (page, n, kind) => realCodes(page, server.base, n, kind);
const branchPhone = (link, number) => realBranch(chrome.browser, server.base, link, number);

const pasteAndTake = (page, text, where) => pasteAndTakeAt(page, server.base, text, where);

test('a branch\'s first hand-over reaches its committee by link, QR code, text and file, each taken without 确认新密钥; a stranger claiming this phone\'s committee is refused', async () => {
  const school = await schoolPhone();
  const links = await codeLinks(school.page, 4, '团支部');
  const registered = (page) => page.locator(`${css.handover.handover}[data-kind=registration]`);
  // By link, pasted in a chat line as WeChat copies it (its parameters before #, no last /).
  const a = await branchPhone(links[0], '26010101');
  const link = await syncLink(registered(a.page));
  // The code link opened again on the phone it registered: what it registered, to send again.
  await a.page.goto(links[0]);
  await registered(a.page).waitFor();
  assert.equal(await a.page.locator('[data-test=branch-register-form]').count(), 0, 'no empty form');
  await on(registered(a.page)).handover.copyLink.click();
  const wechatShaped = link.replace('/import/#d=', '/import?from=singlemessage&isappinstalled=0#d=');
  await pasteAndTake(school.page, `王书记 10:01\n${wechatShaped}\n好的 10:02`);
  // By QR code, shown in person on the whole screen and scanned into the link it holds.
  const b = await branchPhone(links[1], '26010102');
  await on(registered(b.page)).handover.showQr.click();
  const qr = registered(b.page).locator(`${css.handover.syncQr} img`);
  await qr.waitFor();
  const box = await qr.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 667 && box.width >= 300, `the QR code on screen, large: ${JSON.stringify(box)}`);
  await shot(b.page, 'wechat-01-qr-in-person');
  const scanned = await decodeQr(qr);
  await on(registered(b.page)).handover.closeQr.click();
  await school.page.goto(scanned);
  await on(school.page).sync.take();
  // By text: first its link cut short in the chat, which says so and takes the text in its place.
  const c = await branchPhone(links[2], '26010103');
  const cut = await syncLink(registered(c.page));
  await school.page.goto(cut.slice(0, cut.length - 60));
  await on(school.page).sync.error.waitFor();
  const text = await fileText(c.page);
  await on(c.page).handover.copySync.click();
  await shot(school.page, 'wechat-01b-link-cut-short');
  await on(school.page).sync.read(text);
  await on(school.page).sync.take();
  // By file, picked on the committee's phone.
  const d = await branchPhone(links[3], '26010104');
  const path = join(mkdtempSync(join(tmpdir(), 'tuan-file-')), 'registration.json');
  writeFileSync(path, await fileText(d.page));
  await open(school.page, `${server.base}data/`);
  await on(school.page).sync.file.setInputFiles(path);
  await on(school.page).sync.take();
  const names = await school.page.evaluate(() => Object.values(window.__savedDoc().state.orgs).map((o) => o.name));
  for (const n of ['26010101', '26010102', '26010103', '26010104']) assert.ok(names.includes(`2026级${n}班团支部`), n);
  // A stranger restores the committee's backup on their own phone, sets a password, and sends a
  // directory as the committee: this phone keeps its own key for its own committee, and refuses it.
  await open(school.page, `${server.base}data/send/?kind=backup`);
  const backup = await fileText(school.page);
  const stranger = await strangerRestores(chrome.browser, server.base, backup);
  await open(stranger.page, `${server.base}data/send/?kind=directory`);
  const forged = await fileText(stranger.page);
  await open(school.page, `${server.base}data/`);
  await on(school.page).sync.read(forged);
  await on(school.page).sync.error.waitFor();
  assert.match(await on(school.page).sync.error.innerText(), /自称来自本手机上的“示范大学团委”，但不是本手机签名的/);
  await shot(school.page, 'wechat-02-claims-this-phone');
  for (const p of [school, a, b, c, d, stranger]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('a forwarded invite opens on a blank phone; WeChat-shaped links are read; a blank phone\'s 找组织 says how to get the invite; the invite again leads a member to 我的组织', async () => {
  // A blank phone's 找组织: no word can find a branch there.
  const nobody = await blankPhone(chrome.browser, server.base);
  await nobody.page.goto(`${server.base}find/?q=${encodeURIComponent('计算机')}`);
  await nobody.page.getByText('本手机还不认识任何团支部').waitFor();
  await shot(nobody.page, 'wechat-03-find-on-a-blank-phone');
  await nobody.ctx.close();
  const school = await schoolPhone();
  const [code] = await codeLinks(school.page, 1, '团支部');
  const branch = await branchPhone(code, '26020101');
  await on(branch.page).branchRegister.goBranch.click();
  await on(branch.page).members.showInvite.click();
  const invite = await inviteLink(branch.page);
  // The invite forwarded with WeChat's menu (its parameters added) opens on a blank phone as it did.
  const forwarded = `${invite}&from=singlemessage&isappinstalled=0`;
  const m = await blankPhone(chrome.browser, server.base);
  await m.page.goto(forwarded);
  await appReady(m.page);
  await m.page.getByText('2026级26020101班团支部').first().waitFor();
  assert.match(m.page.url(), /\/tuan\/join\/\?id=/, 'the address keeps what a blank phone needs');
  const second = await blankPhone(chrome.browser, server.base);
  await second.page.goto(m.page.url());
  await second.page.getByText('2026级26020101班团支部').first().waitFor();
  await second.ctx.close();
  // An old address of 申请加入, forwarded to a blank phone, says how to get the invite.
  const stale = await blankPhone(chrome.browser, server.base);
  await stale.page.goto(`${server.base}apply/?id=95058442&from=singlemessage&isappinstalled=0`);
  await stale.page.getByText('请向团支书要本班的邀请链接或二维码').waitFor();
  await stale.ctx.close();
  // The freshman applies; the link reaches the secretary in WeChat's shapes, the decision comes back.
  await on(m.page).apply.inviteRegister.click();
  await on(m.page).register.create('13700000001', PASSWORD);
  await on(m.page).profile.fillIn({ name: '钱转发', first17: '11010820070501231' });
  await on(m.page).profile.goInvited.click();
  await on(m.page).apply.submit.click();
  const app = await syncLink(m.page.locator(`${css.handover.handover}[data-kind=application]`));
  const chat = `钱转发 09:00\n${app.replace('/import/#d=', '/import#d=')}\n王书记 09:01\n收到`;
  await open(branch.page, `${server.base}branch/`);
  await on(branch.page).members.receive.click();
  await on(branch.page).sync.read(chat);
  await on(branch.page).sync.take();
  await on(branch.page).members.request.filter({ hasText: '钱转发' }).first().waitFor();
  await on(branch.page).members.acceptRequest('钱转发');
  const due = branch.page.locator(`${css.dues.due}[data-kind=decisions]`);
  await on(due).dues.dueSend.click();
  const decisions = await syncLink(branch.page.locator(`${css.handover.handover}[data-kind=decisions]`));
  await m.page.goto(decisions.replace('/import/#d=', '/import/?from=singlemessage&isappinstalled=0#d='));
  await on(m.page).sync.take();
  await m.page.waitForURL(/\/tuan\/my-org\/$/);
  await on(m.page).myOrg.requestState.filter({ hasText: '已通过' }).waitFor();
  // The class invite opened again by its member: 我的组织, not an application into their own branch.
  await m.page.goto(invite);
  await m.page.waitForURL(/\/tuan\/my-org\/$/);
  for (const p of [school, branch, m]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('the demo is one tap from a blank phone and one tap back to blank; a phone with real data refuses the demo\'s invite, saying why', async () => {
  const p = await blankPhone(chrome.browser, server.base);
  p.page.on('dialog', (d) => d.accept());
  await on(p.page).home.startEmpty.click();
  await p.page.getByText('使用演示数据').click();
  await p.page.getByText('点选一个身份即可直接进入').waitFor({ timeout: 20000 });
  await p.page.goto(server.base);
  await on(p.page).home.demoBanner.waitFor();
  await shot(p.page, 'wechat-04-demo-banner');
  // The demo's invite link is marked as the demo's.
  await p.page.goto(`${server.base}demo/`);
  await on(p.page).demo.account.filter({ hasText: 'TZB25110103' }).first().click();
  await open(p.page, `${server.base}branch/`);
  await on(p.page).members.showInvite.click();
  const demoInvite = await inviteLink(p.page);
  assert.match(demoInvite, /&demo=1(&|$)/);
  // 退出演示: one tap (and its confirmation) back to a blank phone.
  await p.page.goto(server.base);
  await on(p.page).home.leaveDemo.click();
  await on(p.page).home.demoBanner.waitFor({ state: 'detached' });
  await p.page.getByText('使用演示数据').waitFor();
  const left = await p.page.evaluate(() => window.__savedDoc().state);
  assert.equal(Object.keys(left.orgs ?? {}).length + Object.keys(left.accounts ?? {}).length, 0, 'nothing of the demo is left');
  await p.ctx.close();
  // A real school's phone refuses the demo's invite, and says why.
  const school = await schoolPhone();
  await school.page.goto(demoInvite);
  await school.page.getByText('无法使用这个邀请链接').waitFor();
  assert.match(await school.page.locator('main').innerText(), /演示数据中的链接或文件（虚构的学校），不能进入本机的真实数据/);
  await shot(school.page, 'wechat-05-demo-link-refused');
  assert.deepEqual([...p.errors, ...school.errors], []);
  await school.ctx.close();
});
