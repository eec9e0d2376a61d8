// Nothing lost, nobody stuck, from blank phones: a secretary's phone wiped and restored from its
// own 完整备份 is the same phone (its identity sealed under its password: every freshman and the
// 校团委 take its files with no 确认新密钥, and what had left it is not 未发出 again); a freshman's
// phone with its clock a year ahead is told so, refused with that reason, and set right; a full
// phone offers what it can clean, and sends nothing unsigned meanwhile; 5 MB pasted into 核对名单
// is read piece by piece, the page answering throughout; after one visit the app opens with the
// web server gone; a freshman wiped before the decision is told what to do, registers again, and
// the secretary merges the same person; a secretary's phone wiped without a backup is handed the
// branch's account by the 校团委 (重置码 and 恢复资料), every member and decision back, no twin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fillWithSetAside, foundSchool, inviteLink, navigate, startServer, launch, phone, watchErrors, appReady, shot, blankPhone, open, syncLink, fileText, sendText, sealedBackup, memberApplies, realSchool, realCodes, realBranch, pasteAndTakeAt, sendDecisions } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

const PASSWORD = 'abcd1234';

const pasteAndTake = (page, text, where) => pasteAndTakeAt(page, server.base, text, where);

/** The public key this phone keeps (made once, in its storage). */
const storedKey = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('tuan.signing-key') || 'null')?.public);

/** On 我的团员: accepts the applicants named, then copies the decisions' link. */
async function acceptAndSend(page, names) {
  await open(page, `${server.base}branch/`);
  for (const name of names) {
    await on(page).members.acceptRequest(name);
  }
  return sendDecisions(page);
}

/** A freshman opens the decisions' link: taken with no new key; their request's state. */
async function decisionsBack(page, link) {
  await page.goto(link);
  await on(page).sync.take();
  await page.waitForURL(/\/tuan\/my-org\/$/);
  return on(page).myOrg.requestState.first().innerText();
}

test('a secretary\'s phone wiped and restored from its own backup keeps its identity: freshmen and the 校团委 take its files with no 确认新密钥, and nothing sent is 未发出 again', { timeout: 300000 }, async () => {
  const school = await realSchool(chrome.browser, server.base);
  const [code] = await realCodes(school.page, server.base, 1, '团支部');
  const branch = await realBranch(chrome.browser, server.base, code, '26030101');
  const registration = await fileText(branch.page);
  await on(branch.page).handover.copySync.click();
  await pasteAndTake(school.page, registration);
  await open(branch.page, `${server.base}branch/`);
  await on(branch.page).members.showInvite.click();
  const invite = await inviteLink(branch.page);
  const key = await storedKey(branch.page);
  // Two freshmen apply; the secretary accepts the first and sends the decision back.
  const a = await memberApplies(chrome.browser, invite, '13900030001', '李明', '11010820070703001');
  const b = await memberApplies(chrome.browser, invite, '13900030002', '王芳', '11010820070703002');
  for (const m of [a, b]) await pasteAndTake(branch.page, await sendText(m.page, server.base, 'application'), 'branch/');
  assert.equal(await decisionsBack(a.page, await acceptAndSend(branch.page, ['李明'])), '已通过');
  // The 完整备份, its identity sealed under the branch's password, kept in 文件传输助手.
  const backup = await sealedBackup(branch.page, server.base, PASSWORD);
  assert.ok(JSON.parse(backup).body.sealed_key, 'the backup carries the sealed key');
  assert.ok(!backup.includes(JSON.parse(await branch.page.evaluate(() => localStorage.getItem('tuan.signing-key'))).private), 'never the key in the clear');
  await on(branch.page).handover.copySync.click();
  // WeChat's cache is cleared: the phone is blank.
  await branch.ctx.close();
  const again = await blankPhone(chrome.browser, server.base);
  await pasteAndTake(again.page, backup);
  const claim = on(again.page).sync.claimPassword;
  await on(claim).sync.claimIdentity.waitFor();
  await shot(again.page, 'recovery-01-restore-identity');
  // A wrong password opens nothing, and says what to type.
  await on(again.page).sync.claimOldPw.fill('wrong1234');
  await claim.getByRole('button', { name: '恢复并登录' }).click();
  await claim.getByText('密码不对，打不开备份里的本机身份').waitFor({ timeout: 20000 });
  await on(again.page).sync.claimOldPw.fill(PASSWORD);
  await claim.getByRole('button', { name: '恢复并登录' }).click();
  await on(again.page).me.overview.waitFor({ timeout: 20000 }).catch(async (e) => { console.log('DBG', await again.page.locator('main').innerText(), again.errors); throw e; });
  assert.equal(await storedKey(again.page), key, 'the same key as before the wipe');
  // What had left the phone is not asked for again.
  await open(again.page, `${server.base}branch/`);
  assert.equal(await again.page.locator(`${css.dues.due}[data-kind=decisions]`).count(), 0, 'the first decision is not 未发出');
  assert.equal(await again.page.getByText('还没有发').count(), 0);
  // A third freshman applies after the wipe from the same invite; the restored phone decides the
  // second and the third, and both take its decisions as the branch's own.
  const c = await memberApplies(chrome.browser, invite, '13900030003', '张伟', '11010820070703003');
  await pasteAndTake(again.page, await sendText(c.page, server.base, 'application'), 'branch/');
  const link = await acceptAndSend(again.page, ['王芳', '张伟']);
  for (const m of [b, c]) assert.equal(await decisionsBack(m.page, link), '已通过');
  // The 校团委 takes its report with no 确认新密钥; the restored phone logs in with its password.
  await pasteAndTake(school.page, await sendText(again.page, server.base, 'report'));
  // Whoever forgot the password sets a new one: the phone then has a new key, and is told what that costs.
  const forgot = await blankPhone(chrome.browser, server.base);
  await pasteAndTake(forgot.page, backup);
  await on(forgot.page).sync.claimForgot.click();
  await forgot.page.getByText('本机将使用新的签名密钥').waitFor();
  await on(forgot.page).sync.claimPw.fill('newpass88');
  await on(forgot.page).sync.claimPw2.fill('newpass88');
  await on(forgot.page).sync.claimPassword.getByRole('button', { name: '设置并登录' }).click();
  await on(forgot.page).me.overview.waitFor({ timeout: 20000 });
  assert.notEqual(await storedKey(forgot.page), key);
  for (const p of [school, a, b, c, again, forgot]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

/** Run in a page: pastes `text` into the box `sel` as the clipboard does (a paste event). */
function paste([sel, text]) {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const el = document.querySelector(sel);
  el.focus();
  el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

/** A branch registered with its 校团委, from blank phones; its invite link. */
async function branchWithInvite(number) {
  const school = await realSchool(chrome.browser, server.base);
  const [code] = await realCodes(school.page, server.base, 1, '团支部');
  const branch = await realBranch(chrome.browser, server.base, code, number);
  await pasteAndTake(school.page, await fileText(branch.page));
  await open(branch.page, `${server.base}branch/`);
  await on(branch.page).members.showInvite.click();
  return { school, branch, invite: await inviteLink(branch.page) };
}

/** This page's clock runs `offset` ms ahead (set before the app's first script). */
const clockAhead = (page, offset) => page.addInitScript((offset) => {
  const Real = Date;
  const now = () => Real.now() + offset;
  window.Date = class extends Real {
    constructor(...a) { if (a.length) super(...a); else super(now()); }
    static now() { return now(); }
  };
}, offset);

test('a freshman\'s phone a year ahead: refused with its clock named; told so once the server\'s time is known, and nothing is saved; set right, its records are dated now and taken', { timeout: 300000 }, async () => {
  const YEAR = 365 * 86400000;
  const { school, branch, invite } = await branchWithInvite('26030201');
  const ctx = await phone(chrome.browser);
  const fast = await ctx.newPage();
  const errors = watchErrors(fast);
  await clockAhead(fast, YEAR);
  // Offline from the server (no HTTP Date to compare with): the phone cannot know, and applies.
  await ctx.route('**/directory.json', (r) => r.abort());
  await fast.goto(invite);
  await appReady(fast);
  await on(fast).apply.joinAsNew({ phoneNo: '13900030201', name: '赵磊', first17: '11010820070703011' });
  const application = await sendText(fast, server.base, 'application');
  // The secretary's phone refuses it, naming the clock and what to do.
  await open(branch.page, `${server.base}branch/`);
  await on(branch.page).members.receive.click();
  await on(branch.page).sync.read(application);
  assert.match(await on(branch.page).sync.error.innerText(), /比本机时间晚约 365 天.*自动设置/s);
  await shot(branch.page, 'recovery-02-clock-refused');
  // Online again: the server's time names the clock on every page, and nothing is saved.
  await ctx.unroute('**/directory.json');
  await fast.goto(`${server.base}profile/`);
  await appReady(fast);
  await on(fast).app.notice.filter({ hasText: '本机时间比实际快了约 365 天' }).waitFor();
  await shot(fast, 'recovery-03-clock-named');
  const saved = await fast.evaluate(() => localStorage.getItem('tuan.state'));
  await on(fast).profile.name.fill('赵磊磊');
  await on(fast).profile.saveProfile.click();
  await fast.getByText('不保存任何操作').first().waitFor();
  assert.equal(await fast.evaluate(() => localStorage.getItem('tuan.state')), saved, 'nothing written');
  await fast.close();
  // The clock set right: what it dated ahead is dated now, said once; the application goes again and is taken.
  const right = await ctx.newPage();
  right.on('pageerror', (e) => errors.push(e.message));
  await right.goto(`${server.base}my-org/`);
  await appReady(right);
  await on(right).app.notice.filter({ hasText: '本机时间已经正确' }).waitFor();
  const newest = await right.evaluate(() => Math.max(...Object.values(window.__savedDoc().state.requests).map((r) => r.c ?? r.created)));
  assert.ok(newest <= Date.now() + 60000, `the request is dated now: ${newest}`);
  await pasteAndTake(branch.page, await sendText(right, server.base, 'application'), 'branch/');
  await on(branch.page).members.request.filter({ hasText: '赵磊' }).first().waitFor();
  for (const p of [school, branch]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('storage full: a change not saved and a file not signed say so, the app cleans what it set aside, and both go through', { timeout: 300000 }, async () => {
  // A blank phone whose storage is full (of what the app set aside over the years): the 校团委 is
  // founded, but not saved, and the page says so with what the app can clean.
  const school = await blankPhone(chrome.browser, server.base);
  const page = school.page;
  page.on('dialog', (d) => d.accept());
  await page.evaluate(fillWithSetAside);
  await foundSchool(page, server.base);
  await on(page).app.saveError.waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('tuan.signing-key')), null, 'no key could be kept');
  assert.match(await on(page).app.cleanStorage.innerText(), /另存了 \d+ 份/);
  // A hand-over needs the key, which cannot be kept: nothing unsigned goes out. (Within the page: a
  // reload would lose what is not saved.)
  await navigate(page, `${server.base}data/send/?kind=directory`);
  await on(page).handover.signAgain.waitFor();
  assert.match(await on(page).handover.note.innerText(), /保存不了本机的签名密钥/);
  assert.equal(await on(page).handover.copyLink.isVisible(), false);
  await shot(page, 'recovery-04-storage-full');
  // 清理: the set-aside copies go (after a confirmation), the state is saved, and the file is signed.
  await on(page).app.cleanStorageGo.click();
  await on(page).app.saveError.waitFor({ state: 'detached' });
  await on(page).handover.signAgain.click();
  const link = await syncLink(page);
  assert.ok(new URL(link).hash.length > 10);
  assert.notEqual(await page.evaluate(() => localStorage.getItem('tuan.signing-key')), null, 'the key kept');
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tuan.backup.')).length), 0);
  await page.reload();
  await appReady(page);
  assert.deepEqual(await page.evaluate(() => Object.values(window.__savedDoc().state.orgs).map((o) => o.name ?? o.n)), ['示范大学团委'], 'the school founded while full was kept');
  assert.deepEqual(school.errors, []);
  await school.ctx.close();
});

test('5 MB pasted into 核对名单 is read with progress and the page answering throughout; the long list is named and cut', { timeout: 300000 }, async (t) => {
  const { school, branch } = await branchWithInvite('26030301');
  const page = branch.page;
  await open(page, `${server.base}branch/`);
  await on(page).members.tabReconcile.click();
  let text = '';
  for (let i = 0; text.length < 5_000_000; i++) text += `${i}\t张三\t112${String(i).padStart(7, '0')}\n`;
  // A heartbeat every 50 ms: its longest gap is how long the page could not answer a tap.
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    window.__beat = setInterval(() => { const now = performance.now(); window.__gaps.push(now - last); last = now; }, 50);
  });
  // Pasted, as the clipboard hands it over: read at once, kept out of the text box.
  await page.evaluate(paste, [css.reconcile.classList, text]);
  await on(page).reconcile.progress.waitFor();
  await on(page).reconcile.tooLong.waitFor({ timeout: 60000 });
  const worst = await page.evaluate(() => { clearInterval(window.__beat); return Math.max(...window.__gaps); });
  assert.match(await on(page).reconcile.tooLong.innerText(), /名单上有 \d{6} 人/);
  assert.equal(await on(page).reconcile.missing.count(), 200, 'the first 200 drawn');
  await page.getByText(/还有 \d+ 人未列出/).first().waitFor();
  await shot(page, 'recovery-05-long-list');
  assert.match(await on(page).app.longPaste.innerText(), /已粘贴很长的内容（\d+ KB，\d+ 行）/);
  t.diagnostic(`longest gap while reading 5 MB: ${Math.round(worst)} ms`);
  assert.ok(worst < 1500, `the page answered within 1.5 s throughout (longest gap ${Math.round(worst)} ms)`);
  for (const p of [school, branch]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('after one visit the app opens with the web server gone: 首页, 找组织 and the committee\'s pages, with the data', { timeout: 300000 }, async () => {
  const own = await startServer();
  const ctx = await phone(chrome.browser, { offline: true });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  page.on('dialog', (d) => d.accept());
  const kept = (build) => page.waitForFunction(async (b) => {
    const c = await caches.open('tuan-offline-1');
    return !!(await c.match(new URL(window.tuan[b].wasm, document.baseURI).href));
  }, build === 'full' ? 'full' : 'assets', { timeout: 20000 });
  await page.goto(own.base);
  await appReady(page);
  await kept('member');
  await foundSchool(page, own.base);
  await kept('full');
  own.stop();
  for (const path of ['committee/codes/', '', 'find/?q=' + encodeURIComponent('示范'), 'me/']) {
    await page.goto(`${own.base}${path}`);
    await appReady(page);
  }
  await open(page, `${own.base}committee/`);
  await page.getByText('示范大学团委').first().waitFor();
  await shot(page, 'recovery-06-offline');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
  await ctx.close();
});

test('a freshman wiped before the decision: the decisions link says what to do; registered again, the secretary merges the same person and the decision reaches the new phone', { timeout: 300000 }, async () => {
  const { school, branch, invite } = await branchWithInvite('26030401');
  const wiped = await memberApplies(chrome.browser, invite, '13900030401', '钱多', '11010820070703041');
  const other = await memberApplies(chrome.browser, invite, '13900030402', '孙少', '11010820070703042');
  for (const m of [wiped, other]) await pasteAndTake(branch.page, await sendText(m.page, server.base, 'application'), 'branch/');
  await wiped.ctx.close();
  // The class chat's decisions (for the other freshman), opened on the wiped phone, now blank.
  const link = await acceptAndSend(branch.page, ['孙少']);
  const again = await blankPhone(chrome.browser, server.base);
  await again.page.goto(link);
  await on(again.page).sync.error.waitFor({ timeout: 20000 });
  assert.match(await on(again.page).sync.error.innerText(), /本手机上没有您的账号.*创建账号/s);
  await shot(again.page, 'recovery-07-decisions-on-wiped-phone');
  // As it says: the same phone number and ID number again, and the invite.
  await again.page.goto(invite);
  await appReady(again.page);
  await on(again.page).apply.joinAsNew({ phoneNo: '13900030401', name: '钱多', first17: '11010820070703041' });
  await pasteAndTake(branch.page, await sendText(again.page, server.base, 'application'), 'branch/');
  // The secretary sees the same person twice, the newer with 同一人; merged, one request is left.
  await open(branch.page, `${server.base}branch/`);
  const rows = on(branch.page).members.request.filter({ hasText: '钱多' });
  assert.equal(await rows.count(), 2);
  await shot(branch.page, 'recovery-08-same-person');
  await on(rows).members.samePerson.first().click();
  await branch.page.waitForFunction((sel) => [...document.querySelectorAll(sel)].filter((e) => e.textContent.includes('钱多')).length === 1, css.members.request);
  assert.equal(await on(on(branch.page).members.request.filter({ hasText: '钱多' })).members.samePerson.count(), 0);
  assert.equal(await decisionsBack(again.page, await acceptAndSend(branch.page, ['钱多'])), '已通过');
  for (const p of [school, branch, other, again]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('a secretary wiped without a backup: the 校团委 hands the branch to a new phone with a 重置码, every member and decision comes back, and no twin', { timeout: 300000 }, async () => {
  const { school, branch, invite } = await branchWithInvite('26040101');
  // 李明 accepted and reported up; 王芳 applies and is accepted after the report; then the phone is
  // wiped, with no backup.
  const a = await memberApplies(chrome.browser, invite, '13900040001', '李明', '11010820070704001');
  await pasteAndTake(branch.page, await sendText(a.page, server.base, 'application'), 'branch/');
  assert.equal(await decisionsBack(a.page, await acceptAndSend(branch.page, ['李明'])), '已通过');
  await pasteAndTake(school.page, await sendText(branch.page, server.base, 'report'));
  const b = await memberApplies(chrome.browser, invite, '13900040002', '王芳', '11010820070704002');
  await pasteAndTake(branch.page, await sendText(b.page, server.base, 'application'), 'branch/');
  assert.equal(await decisionsBack(b.page, await acceptAndSend(branch.page, ['王芳'])), '已通过');
  const oldKey = await storedKey(branch.page);
  await branch.ctx.close();

  // The 校团委: 下级团组织管理 → 交给新手机 → 生成重置码 (confirmed), and its copy of the branch.
  await open(school.page, `${server.base}committee/`);
  await on(on(school.page).overview.branchRow.filter({ hasText: '2026级26040101班团支部' })).overview.handOver.click();
  await school.page.waitForURL(/\/committee\/handover\/\?org=\d+$/);
  await on(school.page).handOver.issue.click();
  const code = (await on(school.page).handOver.code.innerText()).trim();
  assert.match(code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  const recovery = await syncLink(school.page);
  await on(school.page).handover.copyLink.click();
  await shot(school.page, 'recovery-07-hand-over');

  // The secretary's new phone opens the link, types the code and a new password.
  const fresh = await blankPhone(chrome.browser, server.base);
  await fresh.page.goto(recovery);
  await on(fresh.page).sync.take();
  await on(fresh.page).sync.claimHanded.waitFor();
  await shot(fresh.page, 'recovery-08-claim-branch');
  const f = on(fresh.page).sync;
  await f.claimResetCode.fill('ABCD-EFGH');
  await f.claimPw.fill('newpass88');
  await f.claimPw2.fill('newpass88');
  await f.claimPassword.getByRole('button', { name: '设置并登录' }).click();
  await f.claimPassword.getByText('12位重置码').waitFor({ timeout: 20000 });
  // A code of the right shape but mistyped: the 校团委 says so, and the secretary types it again.
  const mistyped = `${code.startsWith('2') ? '3' : '2'}${code.slice(1)}`;
  await f.claimResetCode.fill(mistyped);
  await f.claimPassword.getByRole('button', { name: '设置并登录' }).click();
  await fresh.page.waitForURL(/\/data\/send\/\?kind=registration$/, { timeout: 20000 });
  assert.match(await on(fresh.page).send.handoverTo.innerText(), /重置码的证明/);
  assert.notEqual(await storedKey(fresh.page), oldKey);
  const readAtSchool = async (text) => {
    await open(school.page, `${server.base}data/`);
    await on(school.page).sync.read(text);
  };
  await readAtSchool(await fileText(fresh.page));
  await on(school.page).sync.error.getByText('重置码不对').waitFor({ timeout: 20000 });
  await shot(school.page, 'recovery-09-code-wrong');
  const before = await fileText(fresh.page);
  await on(fresh.page).sync.retypeCode.fill(code);
  await on(fresh.page).sync.retypeSubmit.click();
  await fresh.page.waitForFunction(([sel, old]) => { const v = document.querySelector(sel)?.value; return v && !v.startsWith('正在') && v !== old; }, [css.handover.syncText, before]);
  // Its registration goes back: the 校团委 takes the new key on the strength of its own code.
  await readAtSchool(await fileText(fresh.page));
  await on(school.page).sync.previewKeys.getByText('换了新手机').waitFor({ timeout: 20000 });
  await on(school.page).sync.confirmImport.click();
  await on(school.page).sync.preview.waitFor({ state: 'detached' });

  // 李明 is back from the 校团委's copy; 王芳, whom the 校团委 never heard of, sends her application
  // again: her request comes in 待审核, for the new phone to decide.
  await open(fresh.page, `${server.base}branch/`);
  await on(fresh.page).members.tabMembers.click();
  await on(fresh.page).members.member.filter({ hasText: '李明' }).waitFor();
  await pasteAndTake(fresh.page, await sendText(b.page, server.base, 'application'), 'branch/');
  const decisions = await acceptAndSend(fresh.page, ['王芳']);
  // The members take the new phone's decisions once the 校团委's 组织目录 vouches for its key.
  const directory = await sendText(school.page, server.base, 'directory');
  for (const m of [a, b]) await pasteAndTake(m.page, directory);
  assert.equal(await decisionsBack(b.page, decisions), '已通过');
  // Its report is the branch's own: one branch, two members.
  await pasteAndTake(school.page, await sendText(fresh.page, server.base, 'report'));
  await open(school.page, `${server.base}committee/`);
  const rows = on(school.page).overview.branchRow;
  assert.equal(await rows.count(), 1, 'no twin');
  assert.match(await rows.first().innerText(), /团员2/);
  for (const p of [school, a, b, fresh]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});
