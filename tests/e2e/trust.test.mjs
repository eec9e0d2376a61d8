// The trust model on phones that have met little, from blank phones: a stranger who restored a
// branch's backup sends files as the branch, refused by the branch's own phone by name and by a
// freshman's phone as a changed key; a freshman who opened a forged invite (the branch's key
// swapped) is refused the real branch's decisions with the way to mend it, and the 校团委's
// 组织目录 (whose key came with the invite) mends it; an unsigned 完整备份 restored onto a phone that
// only opened an invite leaves the invite's branch as the invite gave it; a college's 组织目录 tells
// its branch's phone the 校团委's key, so a stranger sending as the 校团委 is refused there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, launch, shot, blankPhone, open, fileText, sendText, memberApplies, realSchool, realCodes, realBranch, inviteLink, pasteAndTakeAt, strangerRestores, sendDecisions } from './helpers.mjs';
import { on, css } from './screens.mjs';
import { waitText } from './steps.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

const pasteAndTake = (page, text, where) => pasteAndTakeAt(page, server.base, text, where);

/** Pastes `text` on 数据与备份 and returns the refusal shown. */
async function refusal(page, text) {
  await open(page, `${server.base}data/`);
  await on(page).sync.read(text);
  await on(page).sync.error.waitFor({ timeout: 20000 });
  return on(page).sync.error.innerText();
}

/** The 校团委 and a branch registered with its code, on blank phones; the branch's invite link. */
async function schoolAndBranch(number) {
  const school = await realSchool(chrome.browser, server.base);
  const [code] = await realCodes(school.page, server.base, 1, '团支部');
  const branch = await realBranch(chrome.browser, server.base, code, number);
  const registration = await fileText(branch.page);
  await on(branch.page).handover.copySync.click();
  await pasteAndTake(school.page, registration);
  await open(branch.page, `${server.base}branch/`);
  await on(branch.page).members.showInvite.click();
  return { school, branch, invite: await inviteLink(branch.page) };
}

/** On 我的团员: accepts everyone waiting and copies the decisions' link. */
async function acceptAll(page) {
  await open(page, `${server.base}branch/`);
  while (await on(page).members.accept.count()) await on(page).members.accept.first().click();
  return sendDecisions(page);
}

test('a stranger who restored a branch\'s backup is refused as the branch: by its own phone by name, by a freshman\'s as a changed key', { timeout: 300000 }, async () => {
  const { school, branch, invite } = await schoolAndBranch('26050101');
  const member = await memberApplies(chrome.browser, invite, '13900050001', '赵一', '11010820070705001');
  // The secretary's backup reaches a stranger, who restores it without the password and sends as the branch.
  await open(branch.page, `${server.base}data/send/?kind=backup`);
  const backup = await fileText(branch.page);
  const stranger = await strangerRestores(chrome.browser, server.base, backup);
  const forged = await sendText(stranger.page, server.base, 'report');
  assert.match(await refusal(branch.page, forged), /自称来自本手机上的“2026级26050101班团支部”，但不是本手机签名的/);
  await shot(branch.page, 'trust-01-stranger-claims-this-branch');
  const onMember = await refusal(member.page, forged);
  assert.match(onMember, /“2026级26050101班团支部”的这份文件用的签名密钥与本机记下的不同/);
  assert.match(await refusal(school.page, forged), /签名密钥与本机记下的不同/);
  for (const p of [school, branch, member, stranger]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('a forged first invite: the real branch\'s decisions are refused with the way to mend it, and the 校团委\'s 组织目录 mends it', { timeout: 300000 }, async () => {
  const { school, branch, invite } = await schoolAndBranch('26050201');
  // Someone forwards the invite with the branch's key swapped for their own phone's.
  const stranger = await blankPhone(chrome.browser, server.base);
  await open(stranger.page, `${server.base}data/`);
  const strangerKey = await (await stranger.page.waitForFunction(() => JSON.parse(localStorage.getItem('tuan.signing-key') || 'null')?.public, null, { timeout: 20000 })).jsonValue();
  assert.ok(strangerKey, 'the stranger\'s phone has a key');
  const url = new URL(invite);
  assert.ok(url.searchParams.get('ck'), 'the invite carries the 校团委\'s key');
  url.searchParams.set('k', strangerKey);
  const member = await memberApplies(chrome.browser, url.href, '13900050002', '钱二', '11010820070705002');
  await pasteAndTake(branch.page, await sendText(member.page, server.base, 'application'), 'branch/');
  const decisions = await acceptAll(branch.page);
  await member.page.goto(decisions);
  await on(member.page).sync.error.waitFor({ timeout: 20000 });
  const words = await on(member.page).sync.error.innerText();
  assert.match(words, /签名密钥与本机记下的不同/);
  assert.match(words, /邀请链接不是团支书本人发的.*组织目录/s);
  await shot(member.page, 'trust-02-forged-invite-refused');
  // The 校团委's 组织目录 vouches for the branch's real key: the member's phone takes it, then the decisions.
  const directory = await sendText(school.page, server.base, 'directory');
  await open(member.page, `${server.base}data/`);
  await on(member.page).sync.read(directory);
  await on(member.page).sync.preview.waitFor({ timeout: 20000 });
  assert.match(await on(member.page).sync.preview.innerText(), /已由上级团委确认为新密钥/);
  await on(member.page).sync.confirmImport.click();
  await on(member.page).sync.preview.waitFor({ state: 'detached' });
  await member.page.goto(decisions);
  await on(member.page).sync.take();
  await member.page.waitForURL(/\/tuan\/my-org\/$/);
  assert.equal(await on(member.page).myOrg.requestState.first().innerText(), '已通过');
  await shot(member.page, 'trust-03-mended-by-the-directory');
  for (const p of [school, branch, member, stranger]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('an unsigned 完整备份 onto a phone that only opened an invite cannot rename or archive the invite\'s branch: refused, saying what was left out', { timeout: 300000 }, async () => {
  const { school, branch, invite } = await schoolAndBranch('26050301');
  const id = new URL(invite).searchParams.get('id');
  const name = '2026级26050301班团支部';
  // A stranger who opened the same invite writes a backup by hand: the branch renamed and archived, unsigned.
  const stranger = await blankPhone(chrome.browser, server.base);
  await stranger.page.goto(invite);
  await on(stranger.page).apply.inviteRegister.waitFor();
  const file = JSON.parse(await sendText(stranger.page, server.base, 'backup'));
  const held = file.body.orgs.find((o) => String(o.i) === id);
  assert.equal(held?.n, name, 'the stranger\'s backup holds the invite\'s branch');
  held.n = '假冒团支部';
  held.b = { ...held.b, archived: true };
  held.u = file.written;
  delete file.key;
  delete file.sig;
  const body = JSON.stringify(file.body);
  const forged = JSON.stringify({ ...file, digest: createHash('sha256').update(body).digest('hex') });
  // A freshman's phone that has opened the real invite and nothing else reads it.
  const freshman = await blankPhone(chrome.browser, server.base);
  await freshman.page.goto(invite);
  await on(freshman.page).apply.inviteRegister.waitFor();
  await open(freshman.page, `${server.base}data/`);
  await on(freshman.page).sync.read(forged);
  // Nothing in it is the stranger's to change here: refused, saying what was left out.
  await on(freshman.page).sync.error.waitFor({ timeout: 20000 });
  assert.match(await on(freshman.page).sync.error.innerText(), /没有可导入的内容：发送人无权修改的组织信息/);
  await shot(freshman.page, 'trust-04-unsigned-backup-onto-an-invite');
  // The branch is still the invite's: its name, and open to applications.
  await open(freshman.page, `${server.base}apply/?id=${id}`);
  await on(freshman.page).apply.inviteRegister.waitFor();
  const page = await freshman.page.locator('main').innerText();
  assert.match(page, new RegExp(name));
  assert.doesNotMatch(page, /假冒团支部/);
  for (const p of [school, branch, stranger, freshman]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('an invite for a branch that a hand-made backup put under a committee of its own on a blank phone is refused with the way out; cleared, the phone takes it', { timeout: 300000 }, async () => {
  const { school, branch, invite } = await schoolAndBranch('26050601');
  const id = new URL(invite).searchParams.get('id');
  // A stranger who opened the same invite writes a backup by hand: the branch under a 校团委 of its own.
  const stranger = await blankPhone(chrome.browser, server.base);
  await stranger.page.goto(invite);
  await on(stranger.page).apply.inviteRegister.waitFor();
  const file = JSON.parse(await sendText(stranger.page, server.base, 'backup'));
  const held = file.body.orgs.find((o) => String(o.i) === id);
  const root = { i: 77000001, n: '示范大学团委', k: 'School', c: file.written, u: file.written };
  held.pr = root.i;
  file.body.orgs.push(root);
  delete file.key;
  delete file.sig;
  const body = JSON.stringify(file.body);
  const forged = JSON.stringify({ ...file, digest: createHash('sha256').update(body).digest('hex') });
  // A blank phone takes it whole (it has nothing of its own), then the freshman opens the real invite.
  const freshman = await blankPhone(chrome.browser, server.base);
  freshman.page.on('dialog', (d) => d.accept());
  await pasteAndTakeAt(freshman.page, server.base, forged);
  await freshman.page.goto(invite);
  await waitText(freshman.page, '邀请链接与本机已有的组织信息不一致');
  await shot(freshman.page, 'trust-06-invite-disagrees');
  // 清除本机数据, and the invite again: the application form.
  await open(freshman.page, `${server.base}data/`);
  await on(freshman.page).sync.clearDevice.click();
  await freshman.page.waitForLoadState();
  await freshman.page.goto(invite);
  await on(freshman.page).apply.inviteRegister.waitFor();
  for (const p of [school, branch, stranger, freshman]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('a college\'s 组织目录 tells its branch\'s phone the 校团委\'s key (the 校团委\'s own, alone before it, says to import the college\'s first; together, both are taken): a stranger sending as the 校团委 is then refused there', { timeout: 300000 }, async () => {
  const school = await realSchool(chrome.browser, server.base);
  const [collegeCode] = await realCodes(school.page, server.base, 1, '学院/书院团委');
  const college = await blankPhone(chrome.browser, server.base);
  college.page.on('dialog', (d) => d.accept());
  await open(college.page, collegeCode);
  const form = on(college.page).branchRegister;
  await form.name.fill('计算机学院团委');
  await form.secretaryName.fill('王书记');
  await form.secretaryPhone.fill('13900001111');
  await form.username.fill('JSJTW');
  await form.password.fill('abcd1234');
  await form.confirm.fill('abcd1234');
  await form.submit.click();
  await waitText(college.page, '还差一步：把注册信息发给团委');
  await pasteAndTake(school.page, await fileText(college.page));
  const [branchCode] = await realCodes(college.page, server.base, 1, '团支部');
  const branch = await realBranch(chrome.browser, server.base, branchCode, '26050401');
  await pasteAndTake(college.page, await fileText(branch.page));
  // The branch's phone knew the 校团委 by nothing (its code link named the college): the college's 组织目录 tells it.
  const directory = await sendText(college.page, server.base, 'directory');
  // The 校团委's own 组织目录 first: nothing here can tell it from a stranger's yet, and the refusal says which to import first.
  const schoolDirectory = await sendText(school.page, server.base, 'directory');
  assert.match(await refusal(branch.page, schoolDirectory), /请先导入“计算机学院团委”发出的组织目录，再导入这个文件/);
  await shot(branch.page, 'trust-04a-introduction-first');
  // Pasted together, in that order, both are taken.
  await open(branch.page, `${server.base}data/`);
  await on(branch.page).sync.read(`${schoolDirectory}\n${directory}`);
  await on(branch.page).sync.preview.waitFor({ timeout: 20000 });
  await on(branch.page).sync.previewDetails.locator('summary').click();
  await shot(branch.page, 'trust-04-school-key-told');
  const told = await on(branch.page).sync.previewKeys.innerText();
  assert.match(told, /“示范大学团委”的签名密钥：由“计算机学院团委”告知/);
  assert.doesNotMatch(told, /26050401班团支部”的签名密钥/, 'the branch\'s own key is no news on its own phone');
  const signatures = await on(branch.page).sync.previewDetails.innerText();
  assert.doesNotMatch(signatures, /第一次收到“示范大学团委”/, 'a key the college told is not a first meeting');
  await on(branch.page).sync.confirmImport.click();
  await on(branch.page).sync.preview.waitFor({ state: 'detached' });
  // A stranger who restored the 校团委's backup sends its 组织目录 as the 校团委.
  const stranger = await strangerRestores(chrome.browser, server.base, await sendText(school.page, server.base, 'backup'));
  const forged = await sendText(stranger.page, server.base, 'directory');
  assert.match(await refusal(branch.page, forged), /“示范大学团委”的这份文件用的签名密钥与本机记下的不同/);
  await shot(branch.page, 'trust-05-fake-school-refused');
  for (const p of [school, college, branch, stranger]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});
