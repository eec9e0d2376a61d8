// A school's first term from blank phones only, no demo anywhere: a 校团委 set up on a blank phone,
// two colleges registering with its codes, two branches each with theirs, freshmen applying by
// invite link and by the invite's QR code, decisions back, a returned freshman re-applying from
// 我的组织, volunteers, reports up to the colleges and the 校团委. Every hand-over is the first its
// phone makes, by link or by text, and every receiver takes it without 确认新密钥; every key a
// phone's files and links carry is the one key it keeps; 统计 at each level is what was done.
// The taps per role are printed (README, "A school's first day").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { inviteLink, startServer, launch, phone, shot, watchErrors, appReady, open, syncLink, fileText, decodeQr } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

/** Taps per role: a tap on a control, a link opened from a chat, or a paste (two: hold, paste). */
const taps = new Map();
const count = (role, n = 1) => taps.set(role, (taps.get(role) ?? 0) + n);
const tap = async (role, locator) => { count(role); await locator.click(); };
const PASSWORD = 'abcd1234';
const NAMES = ['李明', '王芳', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴敏'];

/** A blank phone of one person. */
async function blank(role) {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  page.on('dialog', (d) => d.accept());
  return { ctx, page, errors, role, keys: new Set() };
}

/** Waits until the full build is up (after a tap into a secretary's or committee's page). */
const fullUp = (page) => page.waitForFunction(() => window.tuan?.build === 'full' && window.tuan?.up === true, null, { timeout: 20000 });

/** The key a file's text, or an import link's payload, carries. */
function keyOf(textOrLink) {
  if (textOrLink.startsWith('{')) return JSON.parse(textOrLink).key;
  const d = new URL(textOrLink).hash.replace(/^#d=/, '');
  const bytes = Buffer.from(d.slice(1), 'base64url');
  return JSON.parse((d[0] === 'z' ? zlib.inflateRawSync(bytes) : bytes).toString()).key;
}

/** The public key this phone keeps (made once, in its storage). */
const storedKey = (p) => p.page.evaluate(() => JSON.parse(localStorage.getItem('tuan.signing-key') || 'null')?.public);

/** Notes a key the phone handed out (in a file, a link's `k`). */
const handed = (p, key) => { assert.ok(key, `${p.role}: a key`); p.keys.add(key); };

/** The receiver takes a pasted text (a link or a file's text): the preview, no new-key prompt, 确认导入. */
async function take(p, text, where = `${server.base}data/`) {
  await open(p.page, where);
  count(p.role);
  if (where.endsWith('branch/')) await tap(p.role, on(p.page).members.receive);
  await p.page.fill(css.sync.paste, text);
  count(p.role, 2);
  await tap(p.role, on(p.page).sync.readSync);
  await p.page.locator(`${css.sync.preview}, ${css.sync.error}`).first().waitFor({ timeout: 30000 });
  assert.equal(await on(p.page).sync.error.count(), 0, `${p.role}: ${await on(p.page).sync.error.allInnerTexts()}`);
  assert.equal(await on(p.page).sync.newKey.count(), 0, `${p.role}: no 确认新密钥`);
  assert.match(await on(p.page).sync.previewSummary.innerText(), /^将/);
  await tap(p.role, on(p.page).sync.confirmImport);
  await on(p.page).sync.preview.waitFor({ state: 'detached' });
}

/** 立即注册 from a code's link on a blank phone; ends on the result with its hand-over, whose link
 *  and text (asked for at the same moment) carry the phone's one key. Returns the registration's
 *  link or text (`channel`). */
async function registerOrg(p, link, { name, number, username }, channel) {
  await open(p.page, link);
  count(p.role);
  const f = on(p.page).branchRegister;
  assert.equal(await f.number.count(), number ? 1 : 0, 'a committee has no 支部号');
  await f.name.fill(name);
  if (number) {
    await f.number.fill(number);
    await f.number.blur();
  }
  await f.secretaryName.fill('王书记');
  await f.secretaryPhone.fill('13900001111');
  await f.username.fill(username);
  await f.password.fill(PASSWORD);
  await f.confirm.fill(PASSWORD);
  await tap(p.role, f.submit);
  await p.page.getByText('还差一步：把注册信息发给团委').waitFor({ timeout: 20000 });
  const box = p.page.locator(`${css.handover.handover}[data-kind=registration]`);
  const viaLink = await syncLink(box);
  const viaText = await fileText(p.page);
  handed(p, keyOf(viaLink));
  handed(p, keyOf(viaText));
  if (channel === 'link') await tap(p.role, on(box).handover.copyLink);
  else await tap(p.role, on(p.page).handover.copySync);
  return channel === 'link' ? viaLink : viaText;
}

/** A committee's codes of the kind offered first: the messages, one per code. */
async function codes(p, n, expect) {
  await open(p.page, `${server.base}committee/codes/`);
  count(p.role);
  await on(p.page).codes.count.fill(String(n));
  await tap(p.role, on(p.page).codes.generate);
  const lines = (await on(p.page).codes.freshCodes.locator('textarea').inputValue()).trim().split('\n');
  assert.equal(lines.length, n);
  for (const l of lines) assert.match(l, new RegExp(`只能注册一个${expect}`));
  await tap(p.role, on(p.page).codes.copyFresh);
  const links = lines.map((l) => l.split('立即注册：')[1].trim());
  for (const l of links) handed(p, new URL(l).searchParams.get('k'));
  return links;
}

/** A freshman on a blank phone from the branch's invite: 创建账号, 完善个人信息 (注册成为志愿者
 *  left ticked), 申请加入; returns the application's link. */
async function freshman(invite, i, name) {
  const p = await blank(`团员${i}`);
  await p.page.goto(invite);
  count(p.role);
  await appReady(p.page);
  await tap(p.role, on(p.page).apply.inviteRegister);
  await on(p.page).register.create(`139${String(10000000 + i).slice(-8)}`, PASSWORD);
  count(p.role, 2);
  await on(p.page).profile.fillIn({ name, first17: `110108200703${String(1000 + i * 7).padStart(4, '0')}1`.slice(0, 17), save: false });
  // 注册成为志愿者 is ticked already (the guide: 须勾选).
  assert.equal(await on(p.page).profile.volunteer.isChecked(), true);
  await tap(p.role, on(p.page).profile.saveProfile);
  await tap(p.role, on(p.page).profile.goInvited);
  await tap(p.role, on(p.page).apply.submit);
  const box = p.page.locator(`${css.handover.handover}[data-kind=application]`);
  const link = await syncLink(box);
  handed(p, keyOf(link));
  await tap(p.role, on(box).handover.copyLink);
  return { ...p, link, name };
}

/** The freshman opens the decisions' link and takes it; returns the state of their request. */
async function decisionsBack(f, link) {
  await f.page.goto(link);
  count(f.role);
  await on(f.page).sync.preview.waitFor({ timeout: 20000 });
  assert.equal(await on(f.page).sync.newKey.count(), 0);
  await tap(f.role, on(f.page).sync.confirmImport);
  await f.page.waitForURL(/\/tuan\/my-org\/$/);
  return on(f.page).myOrg.requestState.first().innerText();
}

/** The branch's decisions, once every applicant is decided: the link of the hand-over. */
async function decisions(b) {
  const due = b.page.locator(`${css.dues.due}[data-kind=decisions]`);
  await due.waitFor();
  await tap(b.role, on(due).dues.dueSend);
  const box = b.page.locator(`${css.handover.handover}[data-kind=decisions]`);
  const link = await syncLink(box);
  handed(b, keyOf(link));
  await tap(b.role, on(box).handover.copyLink);
  return link;
}

/** A report (上报数据) of this phone's organisation, by link. */
async function report(p) {
  await open(p.page, `${server.base}data/send/?kind=report`);
  count(p.role, 2);
  const link = await syncLink(p.page);
  handed(p, keyOf(link));
  await tap(p.role, on(p.page).handover.copyLink);
  return link;
}

/** 统计's row of a branch: its figures as the page shows them. */
async function statsRow(p, branch) {
  await open(p.page, `${server.base}committee/stats/`);
  return on(p.page).stats.row.filter({ hasText: branch }).first().innerText();
}

test('a school\'s first term from blank phones only: every first hand-over taken, one key per phone, 统计 equal to what was done', { timeout: 600000 }, async () => {
  // The 校团委 on a blank phone.
  const school = await blank('校团委');
  await school.page.goto(server.base);
  await appReady(school.page);
  await tap(school.role, on(school.page).home.startEmpty);
  await tap(school.role, school.page.getByText('建立校团委'));
  await fullUp(school.page);
  await on(school.page).found.name.fill('示范大学团委');
  await on(school.page).found.username.fill('XTW2026');
  await on(school.page).found.password.fill(PASSWORD);
  await on(school.page).found.confirm.fill(PASSWORD);
  await shot(school.page, 'firstday-01-found-school');
  await tap(school.role, on(school.page).found.submit);
  await school.page.getByText('校团委已建立').waitFor({ timeout: 20000 });
  await tap(school.role, on(school.page).found.goCodes);
  await on(school.page).codes.generate.waitFor();
  assert.equal(await on(school.page).codes.kind.inputValue(), '学院/书院团委', 'the 校团委\'s codes are for colleges first');
  const collegeLinks = await codes(school, 2, '学院/书院团委');
  await shot(school.page, 'firstday-02-college-codes');

  // Two colleges register on their own phones; the first hands its registration up by link, the second by text.
  const colleges = [];
  for (const [i, name] of ['计算机学院团委', '经济管理学院团委'].entries()) {
    const c = await blank(`学院${i + 1}`);
    const reg = await registerOrg(c, collegeLinks[i], { name, username: `XY${i + 1}TW` }, i === 0 ? 'link' : 'text');
    if (i === 0) await shot(c.page, 'firstday-03-college-registered');
    await take(school, reg);
    colleges.push({ ...c, name });
  }

  // Each college issues two branch codes; each branch registers and hands its registration up.
  const branches = [];
  for (const [ci, c] of colleges.entries()) {
    const links = await codes(c, 2, '团支部');
    for (const j of [0, 1]) {
      const b = await blank(`团支部${ci + 1}-${j + 1}`);
      const number = `260${ci + 7}010${j + 1}`;
      const name = `2026级${['计算机', '经管'][ci]}${j + 1}班团支部`;
      const reg = await registerOrg(b, links[j], { name, number, username: `TZB${number}` }, j === 0 ? 'link' : 'text');
      await take(c, reg);
      branches.push({ ...b, name, college: c });
    }
  }

  // Freshmen: two per branch, one by the invite link, one by its QR code.
  let n = 0;
  for (const b of branches) {
    await tap(b.role, on(b.page).branchRegister.goBranch);
    await tap(b.role, on(b.page).members.showInvite);
    const invite = await inviteLink(b.page);
    handed(b, new URL(invite).searchParams.get('k'));
    assert.equal(await decodeQr(on(b.page).qr.qr), invite, 'the invite\'s QR code holds its link');
    b.freshmen = [];
    for (const j of [0, 1]) {
      n += 1;
      b.freshmen.push(await freshman(invite, n, NAMES[n - 1]));
    }
    // The secretary takes both applications pasted as one block of the class chat.
    const block = b.freshmen.map((f, i) => `${f.name} 09:0${i}\n${f.link}`).join('\n');
    await take(b, block, `${server.base}branch/`);
    for (const f of b.freshmen) await on(b.page).members.request.filter({ hasText: f.name }).first().waitFor({ timeout: 20000 });
  }
  await shot(branches[0].page, 'firstday-04-queue');

  // The first branch returns its second freshman (a wrong 学号), accepts the first; the others accept both.
  for (const [i, b] of branches.entries()) {
    if (i === 0) {
      const returned = on(b.page).members.request.filter({ hasText: b.freshmen[1].name });
      await tap(b.role, on(returned).members.return);
      await on(returned).members.returnReason.fill('学号有误，请改正后重新申请');
      await tap(b.role, on(returned).members.returnReasonConfirm);
      await tap(b.role, on(on(b.page).members.request.filter({ hasText: b.freshmen[0].name })).members.accept);
    } else {
      await tap(b.role, on(b.page).members.selectAll);
      await tap(b.role, on(b.page).members.acceptSelected);
    }
    const link = await decisions(b);
    for (const [j, f] of b.freshmen.entries()) {
      assert.equal(await decisionsBack(f, link), i === 0 && j === 1 ? '已退回' : '已通过', f.name);
    }
  }

  // The returned freshman re-applies from 我的组织; it reaches the secretary as a request to decide.
  const again = branches[0].freshmen[1];
  await shot(again.page, 'firstday-05-returned');
  await tap(again.role, on(again.page).myOrg.reapply);
  await tap(again.role, on(again.page).apply.submit);
  const box = again.page.locator(`${css.handover.handover}[data-kind=application]`);
  const reapplied = await syncLink(box);
  await tap(again.role, on(box).handover.copyLink);
  await take(branches[0], reapplied, `${server.base}branch/`);
  const waiting = on(branches[0].page).members.request.filter({ hasText: again.name });
  await tap(branches[0].role, on(waiting).members.accept);
  assert.equal(await decisionsBack(again, await decisions(branches[0])), '已通过');

  // Reports up: each branch to its college, each college to the 校团委.
  for (const b of branches) await take(b.college, await report(b));
  for (const c of colleges) await take(school, await report(c));

  // 统计 at each level: every branch has its two members, both volunteers.
  for (const b of branches) {
    for (const p of [b.college, school]) {
      const row = await statsRow(p, b.name);
      assert.match(row, /\b2\b[\s\S]*100(\.0)?%/, `${p.role} · ${b.name}: ${row}`);
    }
  }
  await shot(school.page, 'firstday-06-school-stats');
  const schoolRows = await on(school.page).stats.row.count();
  assert.equal(schoolRows, 4, 'the school counts its four branches, and nothing else');

  // Every phone handed out one key only: the one it keeps.
  const everyone = [school, ...colleges, ...branches, ...branches.flatMap((b) => b.freshmen)];
  for (const p of everyone) {
    const stored = await storedKey(p);
    assert.deepEqual([...p.keys], [stored], `${p.role}: one key pair`);
    assert.deepEqual(p.errors, [], p.role);
  }
  console.log(JSON.stringify({ taps: Object.fromEntries(taps) }));
  for (const p of everyone) await p.ctx.close();
});
