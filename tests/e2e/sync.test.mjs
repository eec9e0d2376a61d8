// The sync file between two phones (two browser contexts, two separate localStorages): a member
// applies on one, the application reaches the secretary's phone as copied text, the secretary
// accepts, the decision comes back, and both show the same; then the same through a link and a
// file; a malformed file changes nothing; a backup restores an empty phone; directory.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, shot, openDemo, actAs, watchErrors, appReady, decodeQr, open, secretaryPhone as sharedSecretaryPhone, memberApplies as sharedMemberApplies, syncLink, navigate, fileText, sendText as sharedSendText, paste as sharedPaste, blankPhone } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

const BRANCH = '2025级小学教育1班团支部';

const secretaryPhone = () => sharedSecretaryPhone(chrome.browser, server.base);

const memberApplies = (...args) => sharedMemberApplies(chrome.browser, ...args);

const sendText = (page, kind) => sharedSendText(page, server.base, kind);
const paste = (page, text) => sharedPaste(page, server.base, text);

/** What is saved: the document and the journal of the latest changes. */
const stored = (page) => page.evaluate(() => `${localStorage.getItem('tuan.state')}\n${localStorage.getItem('tuan.journal')}`);
const request = (page, name) => page.evaluate((name) => {
  const s = window.__savedDoc().state;
  const a = Object.values(s.accounts).find((x) => x.role.Member?.profile?.name === name);
  const r = Object.values(s.requests).find((x) => x.applicant === a.id);
  return { request: r, branch: a.role.Member.branch, membershipAt: a.role.Member.membership_at };
}, name);

test('an application goes to the secretary as copied text, and the decision comes back', async () => {
  const sec = await secretaryPhone();
  const mem = await memberApplies(sec.invite, '13600000101', '高同步', '11010820070701441');
  // The step ends on its hand-over: the result says it has not left the phone yet.
  const handover = on(mem.page).handover.handover;
  assert.match(await mem.page.locator('main').innerText(), /还差一步/);
  assert.doesNotMatch(await mem.page.locator('main').innerText(), /已提交/);
  assert.match(await on(handover).handover.state.innerText(), /未发出/);
  await shot(mem.page, 'sync-01-member-result-unsent');
  // 我的 names it too, one tap from its hand-over.
  await mem.page.goto(`${server.base}me/`);
  await mem.page.getByText('申请还没有发给“2025级小学教育1班团支部”的团支书').click();
  await mem.page.waitForURL(/\/tuan\/my-org\/send\/$/);
  await shot(mem.page, 'sync-01b-member-send-page');
  // Small enough for a link and one QR code; showing the QR code counts as handing it over.
  const link = await syncLink(on(mem.page).handover.handover);
  assert.ok(link.startsWith(server.base) && link.includes('import/#d=z'), link.slice(0, 80));
  await on(handover).handover.showQr.click();
  await on(handover).handover.state.getByText(/已发出/).waitFor();
  assert.equal(await decodeQr(mem.page.locator(`${css.handover.syncQr} img`)), link);
  await shot(mem.page, 'sync-01-member-sends-application');
  // The QR code fills the screen while it is shown; closed, the page is back.
  await on(handover).handover.closeQr.click();
  // The text channel is one tap away, on the full build's page of the hand-over.
  await on(mem.page).memberHandover.toText.click();
  await on(mem.page).handover.syncText.waitFor({ timeout: 20000 });
  const text = await fileText(mem.page);
  assert.match(text, /"format":"tuan-sync"/);
  assert.ok(!/"iterations":600000/.test(text), 'no password hash in the file');
  // 我的组织 says so too, and still offers to send it again until a decision comes back.
  await mem.page.goto(`${server.base}my-org/`);
  assert.match(await on(mem.page).myOrg.requestHanded.innerText(), /已发出/);
  await on(mem.page).myOrg.sendApplication.waitFor();
  // The secretary pastes it: a preview first, nothing written yet.
  const before = await stored(sec.page);
  await paste(sec.page, text);
  const preview = on(sec.page).sync.preview;
  await preview.waitFor();
  assert.match(await on(preview).sync.previewAdded.innerText(), /申请加入：高同步 → 2025级小学教育1班团支部（待审核）/);
  assert.equal(await stored(sec.page), before, 'nothing is written before 确认导入');
  await shot(sec.page, 'sync-02-secretary-preview');
  await on(sec.page).sync.confirmImport.click();
  // Straight on to 我的团员.
  await sec.page.waitForURL(/\/tuan\/branch\/$/);
  await on(sec.page).members.request.filter({ hasText: '高同步' }).waitFor();
  // The same file again changes nothing.
  await paste(sec.page, text);
  assert.match(await on(sec.page).sync.error.innerText(), /本机都已有/);
  // The secretary accepts in 我的团员.
  await open(sec.page, `${server.base}branch/`);
  const row = on(sec.page).members.request.filter({ hasText: '高同步' });
  await on(row).members.accept.click();
  await on(sec.page).members.queueMessage.waitFor();
  // A decision that has not left the phone: the reminder names it and leads to its hand-over.
  const due = sec.page.locator(`${css.dues.due}[data-kind=decisions]`);
  await due.waitFor();
  await shot(sec.page, 'sync-02b-decisions-due');
  await on(due).dues.dueSend.click();
  const decisions = await fileText(sec.page);
  assert.ok(!/"(ic|id_number)":/.test(decisions) && !/"\d{17}[\dX]"/.test(decisions) && !decisions.includes('13600000101'), 'the decisions file holds nobody\'s ID number or phone');
  await on(sec.page).handover.copyLink.click();
  await on(sec.page).handover.state.getByText(/已发出/).waitFor();
  await open(sec.page, `${server.base}branch/`);
  await sec.page.locator(`${css.members.requestList}, ${css.members.tabJoin}`).first().waitFor();
  assert.equal(await sec.page.locator(`${css.dues.due}[data-kind=decisions]`).count(), 0, 'sent: no reminder');
  // Back on the member's phone: the decision arrives.
  await paste(mem.page, decisions);
  await on(mem.page).sync.preview.waitFor();
  assert.match(await on(mem.page).sync.previewChanged.innerText(), /高同步的申请加入：待审核 → 已通过/);
  assert.match(await on(mem.page).sync.previewIgnored.innerText(), /发给同批其他申请人的审核结果（本机没有这些人，不影响您）：\d+ 人/);
  await shot(mem.page, 'sync-03-member-preview-decision');
  await on(mem.page).sync.confirmImport.click();
  await mem.page.waitForURL(/\/tuan\/my-org\/$/);
  await on(mem.page).myOrg.requestState.filter({ hasText: '已通过' }).first().waitFor();
  await shot(mem.page, 'sync-04-member-accepted');
  // Both phones hold the same request and membership.
  const [a, b] = [await request(mem.page, '高同步'), await request(sec.page, '高同步')];
  assert.deepEqual(a, b);
  assert.equal(a.request.state.Accepted !== undefined, true);
  assert.deepEqual([...mem.errors, ...sec.errors], []);
  await mem.ctx.close();
  await sec.ctx.close();
});

test('the same through a link and a file; a malformed file changes nothing; 撤销', async () => {
  const sec = await secretaryPhone();
  const mem = await memberApplies(sec.invite, '13600000102', '林链接', '11010820070702552');
  await sendText(mem.page, 'application');
  const link = await syncLink(mem.page);
  // Opened on the secretary's phone, the link imports after the preview.
  await sec.page.goto(link);
  await on(sec.page).sync.preview.waitFor();
  assert.match(await on(sec.page).sync.previewAdded.innerText(), /林链接/);
  await shot(sec.page, 'sync-05-link-preview');
  await on(sec.page).sync.confirmImport.click();
  await sec.page.waitForURL(/\/tuan\/branch\/$/);
  // 撤销 (on 数据与备份) restores the state before the import; importing again brings it back.
  const requestCount = () => sec.page.evaluate(() => Object.keys(window.__savedDoc().state.requests).length);
  const withImport = await requestCount();
  // (In the page, as a tap on 数据与备份 goes: what 撤销 restores is kept until the page is left.)
  await navigate(sec.page, `${server.base}data/`);
  await on(sec.page).sync.undoImport.click();
  await sec.page.getByText('已撤销本次导入').waitFor();
  assert.ok(!(await stored(sec.page)).includes('林链接'));
  await open(sec.page, `${server.base}data/`);
  await sec.page.goto(link);
  await on(sec.page).sync.confirmImport.click();
  await sec.page.waitForURL(/\/tuan\/branch\/$/);
  assert.equal(await requestCount(), withImport);
  // The secretary returns it with a reason; the decisions go back as a file.
  await open(sec.page, `${server.base}branch/`);
  const row = on(sec.page).members.request.filter({ hasText: '林链接' });
  await on(row).members.return.click();
  await on(sec.page).members.returnReason.fill('学号填错了，请改正后重新申请');
  await on(sec.page).members.returnReasonConfirm.click();
  await on(sec.page).members.queueMessage.waitFor();
  const decisions = await sendText(sec.page, 'decisions');
  // Malformed files on the member's phone: truncated, tampered, unrelated, too new. Nothing changes.
  const before = await stored(mem.page);
  for (const [bad, why] of [
    [decisions.slice(0, decisions.length - 30), /不是本应用的同步文件/],
    [decisions.replace('学号填错了', '学号填对了'), /不完整或被改动过/],
    ['{"hello":"world"}', /不是本应用的同步文件/],
    [decisions.replace(/"version":\d+/, '"version":7'), /更新版本/],
  ]) {
    await paste(mem.page, bad);
    assert.match(await on(mem.page).sync.error.innerText(), why);
    assert.equal(await on(mem.page).sync.preview.count(), 0);
  }
  await shot(mem.page, 'sync-06-malformed');
  assert.equal(await stored(mem.page), before, 'the store is exactly as it was');
  // The file channel: the received file picked with <input type=file>.
  await open(mem.page, `${server.base}data/`);
  await on(mem.page).sync.file.setInputFiles({ name: '审核结果.json', mimeType: 'application/json', buffer: Buffer.from(decisions) });
  await on(mem.page).sync.preview.waitFor();
  assert.match(await on(mem.page).sync.previewChanged.innerText(), /待审核 → 已退回/);
  await on(mem.page).sync.confirmImport.click();
  await mem.page.goto(`${server.base}my-org/`);
  await mem.page.getByText('学号填错了，请改正后重新申请').waitFor();
  assert.deepEqual(await request(mem.page, '林链接'), await request(sec.page, '林链接'));
  assert.deepEqual([...mem.errors, ...sec.errors], []);
  await mem.ctx.close();
  await sec.ctx.close();
});

test('a full backup restores an empty phone, whose owner sets a new password; directory.json is read at start', async () => {
  const sec = await secretaryPhone();
  const backup = await sendText(sec.page, 'backup');
  await sec.ctx.close();
  // A new phone: restore from the copied backup.
  const { ctx, page, errors } = await blankPhone(chrome.browser, server.base);
  await paste(page, backup);
  await on(page).sync.preview.waitFor();
  await on(page).sync.confirmImport.click();
  const claim = on(page).sync.claimPassword;
  await claim.waitFor();
  assert.match(await claim.innerText(), /TZB25110103/);
  // WeChat reloads pages often: the offer survives a reload, on 数据与备份 where the login points.
  await page.reload();
  await appReady(page);
  await claim.waitFor();
  await shot(page, 'sync-07-restore-claim');
  await on(page).sync.claimAs('newpass88');
  await open(page, `${server.base}branch/`);
  assert.ok(await on(page).members.request.count() > 0, 'the pending requests came back');
  // Other restored accounts have no password here: logging in says what to do.
  await page.evaluate(() => localStorage.removeItem('tuan.session'));
  await page.goto(`${server.base}me/`);
  await page.reload();
  await appReady(page);
  await on(page).me.logIn('TZB25110101', 'demo1234');
  await page.getByText(/本机还没有密码/).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
  // A published directory: a fresh phone finds the branches with no file exchange.
  const dirCtx = await phone(chrome.browser);
  const dirPage = await dirCtx.newPage();
  const committee = await (async () => {
    const c = await phone(chrome.browser);
    const p = await c.newPage();
    await openDemo(p, server.base);
    await actAs(p, server.base, 'JGSYTW');
    const text = await sendText(p, 'directory');
    await c.close();
    return text;
  })();
  assert.ok(!committee.includes('1391000'), 'no secretary phone in the directory');
  await dirPage.route('**/directory.json', (route) => route.fulfill({ contentType: 'application/json', body: committee }));
  await dirPage.goto(`${server.base}find/?q=${encodeURIComponent('小学教育')}`);
  await appReady(dirPage);
  await on(dirPage).find.hit.filter({ hasText: BRANCH }).waitFor();
  await shot(dirPage, 'sync-08-directory-find');
  // 从空白开始 keeps what the device learned from the directory (it used to throw it away).
  await dirPage.evaluate(() => localStorage.clear());
  await dirPage.goto(server.base);
  await appReady(dirPage);
  await on(dirPage).home.startEmpty.click();
  await dirPage.getByRole('link', { name: /找组织/ }).click();
  await on(dirPage).find.search('小学教育', BRANCH);
  await dirCtx.close();
});

/** On 立即注册 (opened from the code link): a branch's details; waits for the result. */
async function registerBranchHere(page, n) {
  const username = `TZB2699010${n}`;
  await on(page).branchRegister.submitWith({
    name: `2026级同步测试${n}班团支部`, number: `2699010${n}`, username, secretaryName: '钱支书',
    secretaryPhone: `1380013900${n}`, password: `bit${username}`,
  });
  await page.locator(`${css.handover.handover}[data-kind=registration]`).waitFor({ timeout: 20000 });
}

test('a branch registers on its own phone from the code link; the registration reaches the committee; a second use is a conflict to settle', async () => {
  const com = await phone(chrome.browser);
  const cp = await com.newPage();
  const errors = watchErrors(cp);
  await openDemo(cp, server.base);
  await actAs(cp, server.base, 'JGSYTW');
  await open(cp, `${server.base}committee/codes/`);
  await on(cp).codes.count.fill('1');
  await on(cp).codes.generate.click();
  await on(cp).codes.freshCodes.waitFor();
  const line = (await cp.locator(`${css.codes.freshCodes} textarea`).inputValue()).trim().split('\n')[0];
  const code = line.match(/注册码：([^（]+)（/)[1];
  const link = line.split('立即注册：')[1].trim();
  assert.ok(link.includes('&by=1300001&'), link);
  // Two secretaries' empty phones open the same link and register (the second should not have).
  const files = [];
  for (const n of [1, 2]) {
    const ctx = await phone(chrome.browser);
    const p = await ctx.newPage();
    errors.push(...watchErrors(p));
    await p.goto(link);
    await appReady(p);
    assert.equal(await on(p).branchRegister.code.inputValue(), code);
    await registerBranchHere(p, n);
    if (n === 1) await shot(p, 'sync-09-branch-registered');
    // The registration ends on its hand-over to the committee.
    assert.match(await p.locator('main').innerText(), /还差一步：把注册信息发给团委/);
    const text = await fileText(p);
    assert.ok(!text.includes(code.replaceAll('-', '')), 'the code itself never travels');
    files.push(text);
    await ctx.close();
  }
  // The committee imports the first: the branch appears and the code is used.
  await paste(cp, files[0]);
  assert.match(await on(cp).sync.previewAdded.innerText(), /组织：2026级同步测试1班团支部/);
  await on(cp).sync.confirmImport.click();
  await open(cp, `${server.base}committee/codes/`);
  await on(cp).codes.code.filter({ hasText: code }).getByText('注册了：2026级同步测试1班团支部').waitFor();
  // The second registration with the same code: kept, as a conflict for the committee.
  await paste(cp, files[1]);
  assert.match(await on(cp).sync.previewConflicts.innerText(), /被两个组织使用/);
  await on(cp).sync.confirmImport.click();
  await open(cp, `${server.base}committee/codes/`);
  const conflict = on(cp).codes.conflict;
  await conflict.waitFor();
  await shot(cp, 'sync-10-code-conflict');
  await conflict.getByRole('button', { name: /2026级同步测试1班团支部/ }).click();
  await on(cp).codes.conflicts.waitFor({ state: 'detached' });
  // Neither branch was dropped.
  await cp.goto(`${server.base}find/?q=${encodeURIComponent('同步测试')}`);
  await on(cp).find.hit.nth(1).waitFor();
  assert.equal(await on(cp).find.hit.count(), 2);
  assert.deepEqual(errors, []);
  await com.close();
});

test('an appeal decided both ways on two phones is settled by the secretary, and the membership follows', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  // As after merging the secretary's 申诉成功 with the college's 申诉失败: upheld stands, rejected beside it.
  const old = await page.evaluate(() => {
    const doc = window.__savedDoc();
    const s = doc.state;
    const branch = Object.values(s.orgs).find((o) => o.name === '2025级计算机科学与技术1班团支部').id;
    const oldAcc = Object.values(s.accounts).find((a) => a.role.Member?.branch === branch && !a.role.Member.cadre);
    const now = Date.now();
    const newAcc = { id: 777000001, login: '13977700001', role: { Member: { ...JSON.parse(JSON.stringify(oldAcc.role.Member)), membership_at: now - 5000 } }, password: oldAcc.password, created: now - 9000, retired: false };
    s.accounts[newAcc.id] = newAcc;
    oldAcc.retired = true;
    oldAcc.role.Member.membership_at = now - 5000;
    s.appeals[555000001] = {
      id: 555000001, account: newAcc.id, old_account: oldAcc.id, reason: '换了手机号', photo: null, branch, created: now - 8000,
      state: { Upheld: { at: now - 6000, by: 1 } }, others: [{ Rejected: { at: now - 5500, by: 2, reason: '照片不清楚' } }],
    };
    window.__writeDoc(doc);
    return oldAcc.id;
  });
  await page.reload();
  await appReady(page);
  await actAs(page, server.base, 'TZB25070101');
  await open(page, `${server.base}branch/`);
  await on(page).members.tabAppeals.click();
  const conflict = on(page).appeals.conflict;
  await conflict.waitFor();
  await shot(page, 'sync-11-appeal-conflict');
  await on(conflict).appeals.keepAppealRejected.click();
  await conflict.waitFor({ state: 'detached' });
  // (The saved document leaves out a false and a missing value since version 3.)
  const after = await page.evaluate((id) => {
    const s = window.__savedDoc().state;
    return { oldRetired: s.accounts[id].retired ?? false, oldBranch: s.accounts[id].role.Member.branch ?? null, newBranch: s.accounts[777000001].role.Member.branch ?? null };
  }, old);
  assert.deepEqual([after.oldRetired, after.oldBranch !== null, after.newBranch], [false, true, null]);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an iPhone before iOS 16.4 (no CompressionStream) opens a compressed link and makes compressed links, through fflate loaded only then', async () => {
  const sec = await secretaryPhone();
  // The old phone: no CompressionStream, no DecompressionStream.
  const ctx = await phone(chrome.browser);
  await ctx.addInitScript(() => { delete window.CompressionStream; delete window.DecompressionStream; });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(sec.invite);
  await appReady(page);
  const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('fflate-')).length);
  assert.equal(await loaded(), 0, 'not in the first load');
  await on(page).apply.joinAsNew({ phoneNo: '13700009201', name: '旧手机', first17: '11010820070909411' });
  // Its own link is compressed (`d=z…`), short enough for a QR code, as on a new phone.
  const link = await syncLink(on(page).handover.handover);
  assert.match(link, /\/tuan\/import\/#d=z/);
  assert.ok(await page.locator(`${css.handover.handover} ${css.handover.showQr}`).isVisible());
  assert.equal(await loaded(), 1);
  // The secretary (a new phone) reads it, accepts, and the compressed decisions come back and open.
  await on(sec.page).members.receive.click();
  await on(sec.page).sync.read(link);
  await on(sec.page).sync.confirmImport.click();
  await on(sec.page).members.acceptRequest('旧手机');
  await sec.page.locator(`${css.dues.due}[data-kind=decisions] ${css.dues.dueSend}`).click();
  const back = await syncLink(sec.page.locator(`${css.handover.handover}[data-kind=decisions]`));
  assert.match(back, /\/tuan\/import\/#d=z/);
  await page.goto(back);
  await on(page).sync.confirmImport.click();
  await on(page).myOrg.requestState.filter({ hasText: '已通过' }).first().waitFor();
  await shot(page, 'sync-20-old-iphone-compressed');
  assert.deepEqual([...errors, ...sec.errors], []);
  await ctx.close();
  await sec.ctx.close();
});

test('a 完整备份 from another phone is judged like its sender\'s files, and the preview says so', async () => {
  const sec = await secretaryPhone();
  const mem = await memberApplies(sec.invite, '13600000109', '何备份', '11010820070702112');
  const backup = await sendText(mem.page, 'backup');
  await paste(sec.page, backup);
  await on(sec.page).sync.previewAnotherDevice.waitFor();
  assert.match(await on(sec.page).sync.previewAdded.innerText(), /何备份/);
  await shot(sec.page, 'sync-11-backup-of-another-phone');
  assert.deepEqual([...sec.errors, ...mem.errors], []);
  await sec.ctx.close();
  await mem.ctx.close();
});

test('a small payload that would inflate past 40 MB is stopped as it inflates and named too large, with DecompressionStream and with fflate', async () => {
  const { deflateRawSync } = await import('node:zlib');
  // 80 KB of text that stands for 200 MB.
  const bomb = `z${deflateRawSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 }).toString('base64url')}`;
  assert.ok(bomb.length < 400 * 1024, `${bomb.length}`);
  for (const old of [false, true]) {
    const ctx = await phone(chrome.browser);
    if (old) await ctx.addInitScript(() => { delete window.DecompressionStream; });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.base}data/`);
    await appReady(page);
    await on(page).sync.paste.fill(bomb);
    const started = Date.now();
    await on(page).sync.readSync.click();
    await on(page).sync.error.getByText('超过 40 MB 的上限').waitFor({ timeout: 20000 });
    const used = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
    assert.ok(used < 160 * 1024 * 1024, `heap ${used}`);
    if (!old) await shot(page, 'sync-21-inflation-stopped');
    console.log(`inflation stopped (${old ? 'fflate' : 'DecompressionStream'}) in ${Date.now() - started} ms, heap ${Math.round(used / 1048576)} MB`);
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});
