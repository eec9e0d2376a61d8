// The app in WebKit, the iPhone's engine: the flows of every role that matter on an iPhone, each on its own phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, skewedServer, fillWithSetAside, insecureHost } from '../e2e/helpers.mjs';
import { webkitPhone, WIDTH, HEIGHT } from './driver.mjs';
import { css, on, part } from '../e2e/screens.mjs';
import * as steps from '../e2e/steps.mjs';
import { syncLink, fileText, inviteLink, branchInvite, registerBranch, codeLinks, waitText } from '../e2e/steps.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

test('WebKit: first load, the demo, and 找组织 by name, 组织ID and pinyin initials', async () => {
  const p = await webkitPhone();
  const asked = server.requests.length;
  const wasm = (build) => server.requests.slice(asked).filter((r) => new RegExp(`/${build}-[0-9a-f]+_bg\\.wasm$`).test(r)).length;
  try {
    await p.go(server.base);
    await p.ready();
    await p.waitFor(css.home.firstRun);
    await p.shot('01-first-run');
    // One download of the member's wasm: WebKit does not hand a preloaded response to fetch().
    assert.equal(wasm('tuan'), 1, server.requests.join(' '));
    await p.tap(css.home.useDemo);
    await p.waitFor('body', '点选一个身份即可直接进入');
    assert.equal(wasm('tuan-full'), 1, server.requests.join(' '));
    await p.shot('02-demo');
    await p.go(`${server.base}find/?q=${encodeURIComponent('计算机科学')}`);
    await p.waitFor(css.find.hit, '2025级计算机科学与技术1班团支部');
    await p.go(`${server.base}find/?q=1100101`);
    await p.waitFor(css.find.hit, '2025级计算机科学与技术1班团支部');
    // Initials from the shipped table, the same as in Chromium (ICU 72's collation gave nothing).
    for (const [q, name] of [['jsj', '2025级计算机科学与技术1班团支部'], ['rxsy', '睿信书院'], ['jgsy', '精工书院'], ['kjx', '2025级会计学1班团支部'], ['hjx', '2025级会计学1班团支部']]) {
      await p.go(`${server.base}find/?q=${q}`);
      await p.waitFor(css.find.hit, name);
    }
    await p.shot('03-find-initials');
    assert.deepEqual(await p.errors(), []);
  } finally {
    await p.close();
  }
});

/** A fresh phone loads the demo school from the first-run screen (steps.mjs, shared with Chromium). */
const openDemo = (p) => steps.openDemo(p, server.base);

/** In the demo, acts as the account whose row contains `text`. */
const actAs = (p, text) => steps.actAs(p, server.base, text);

/** The link of the hand-over on screen (`scope`, its CSS selector), once the browser has compressed it. */
const handoverLink = (p, scope = css.handover.handover) => syncLink(part(p, scope));

test('WebKit: a new member from 创建账号 to 申请加入, handed over by link; accepted; the decision back by text; 志愿服务', async () => {
  const sec = await webkitPhone();
  const mem = await webkitPhone();
  try {
    // The secretary's phone (the demo school): the branch's invite link.
    await openDemo(sec);
    await actAs(sec, 'TZB25110103');
    await sec.go(`${server.base}branch/`);
    await sec.tap(css.members.showInvite);
    await sec.waitFor(css.members.inviteLink);
    // It carries the phone's key, made the first time the page opens.
    const invite = await inviteLink(sec);
    // The freshman's phone, which has never seen the school.
    await mem.go(invite);
    await mem.ready();
    await mem.tap(css.apply.inviteRegister);
    await on(mem).register.create('13700009301');
    // With the keyboard open the screen is short: a focused field stays between the top bar and the bottom.
    await mem.cmd('POST', '/window/rect', { width: WIDTH, height: 420 });
    for (const f of [css.profile.name, css.profile.joinMonth, css.profile.studentNo]) {
      await mem.run((f) => document.querySelector(f).focus(), f);
      await mem.until((f) => {
        const r = document.querySelector(f).getBoundingClientRect();
        const bar = document.querySelector('.topbar').getBoundingClientRect().bottom;
        return r.top >= bar && r.bottom <= (window.visualViewport?.height ?? innerHeight);
      }, `${f} in view`, 3000, f);
    }
    await mem.shot('10-focused-field-short-screen');
    await mem.cmd('POST', '/window/rect', { width: WIDTH, height: HEIGHT });
    // 入团年月 as an iPhone's decimal pad types it (no "-" on it).
    await on(mem).profile.fillIn({ name: '果园', first17: '11010820070909511', month: '2021.05', save: false });
    await mem.shot('11-profile');
    await mem.tap(css.profile.saveProfile);
    await mem.tap(css.profile.goInvited);
    await mem.tap(css.apply.submit);
    await mem.waitFor(css.apply.goMyOrg);
    const link = await handoverLink(mem);
    await mem.shot('12-applied-handover');
    // By link to the secretary: taken in and accepted (the full build's page started again first).
    await sec.go(`${server.base}branch/`);
    await sec.ready();
    await sec.tap(css.members.receive);
    await sec.type(css.sync.paste, link);
    await sec.tap(css.sync.readSync);
    // Signed by the freshman's phone through WebKit's WebCrypto, checked by the secretary's.
    await sec.waitFor(css.sync.previewSignature, '签名已验证：第一次收到“果园”的文件');
    await sec.tap(css.sync.confirmImport);
    await sec.waitFor(css.members.request, '果园');
    await on(sec).members.acceptRequest('果园');
    await sec.waitFor(css.members.queueMessage, '已接收');
    await sec.shot('13-accepted');
    await sec.tap(`${css.dues.due}[data-kind=decisions] ${css.dues.dueSend}`);
    await sec.waitFor(css.handover.syncText);
    await sec.until((sel) => document.querySelector(sel).value.length > 20, 'the decisions text', 20000, css.handover.syncText);
    const text = await sec.value(css.handover.syncText);
    assert.match(JSON.parse(text).sig, /^[A-Za-z0-9_-]{86}$/);
    // The decision back as pasted text, on 数据与备份; changed on the way, it is refused.
    await mem.go(`${server.base}data/`);
    await mem.ready();
    await mem.type(css.sync.paste, text.replace(/"from_name":"[^"]*"/, '"from_name":"校团委"'));
    await mem.tap(css.sync.readSync);
    await mem.waitFor(css.sync.error, '签名校验不通过');
    await mem.type(css.sync.paste, text);
    await mem.tap(css.sync.readSync);
    // The branch's key came with the invite link: the decision is signed by the same key.
    await mem.waitFor(css.sync.previewSignature, '与本机记下的');
    await mem.tap(css.sync.confirmImport);
    await mem.go(`${server.base}my-org/`);
    await mem.waitFor(css.myOrg.requestState, '已通过');
    await mem.shot('14-accepted-on-member-phone');
    // 志愿服务 with its region pickers (Beijing first).
    await mem.go(`${server.base}volunteer/`);
    await mem.waitFor(css.volunteer.serviceAreaDistrict);
    assert.equal(await mem.value(css.volunteer.serviceAreaProvince), '北京市');
    await mem.choose(css.volunteer.serviceAreaDistrict, '海淀区');
    await mem.choose(css.volunteer.nativePlaceProvince, '河北省');
    await mem.choose(css.volunteer.nativePlaceCity, '石家庄市');
    await mem.choose(css.volunteer.residenceDistrict, '朝阳区');
    await mem.tap('label', '社区服务');
    await mem.shot('15-volunteer-form');
    await mem.tap(css.volunteer.submit);
    await mem.waitFor('body', '已注册为志愿者');
    assert.deepEqual([...await sec.errors(), ...await mem.errors()], []);
  } finally {
    await sec.close();
    await mem.close();
  }
});

test('WebKit: 统计 on a committee\'s phone; corrupted storage set aside once', async () => {
  const p = await webkitPhone();
  try {
    await openDemo(p);
    await actAs(p, 'JGSYTW');
    await p.go(`${server.base}committee/stats/`);
    await p.waitFor(css.stats.row, '2025级小学教育1班团支部');
    await p.waitFor(css.stats.rateChart);
    await p.shot('20-stats');
    // Corrupted saved data: the message once, the data set aside, then a clean start.
    await p.run(() => { localStorage.setItem('tuan.state', '{"format":"tuan-state","version":3,"state":{"orgs":'); localStorage.removeItem('tuan.journal'); });
    // (Opening the home page loads the app again: its own path, not only a new fragment.)
    await p.go(`${server.base}`);
    await p.ready();
    await p.waitFor(css.app.notice, '已损坏');
    await p.shot('21-corrupt-recovered');
    const backups = () => p.run(() => Object.keys(localStorage).filter((k) => k.startsWith('tuan.backup.')).length);
    assert.equal(await backups(), 1);
    await p.run(() => location.reload());
    await p.ready();
    await p.waitFor(css.home.firstRun);
    assert.equal(await p.run((sel) => document.querySelectorAll(sel).length, css.app.notice), 0);
    assert.equal(await backups(), 1);
  } finally {
    await p.close();
  }
});

test('WebKit: 找组织 by the words typed; 立即注册 shows every problem at once, the first in view and focused, and offers the bit suffix; every tab of 我的团员 in sight', async () => {
  const p = await webkitPhone();
  try {
    await openDemo(p);
    await p.go(`${server.base}find/?q=${encodeURIComponent('计算机1班')}`);
    await p.waitFor(css.find.hit, '2025级计算机科学与技术1班团支部');
    assert.equal(await p.run((sel) => [...document.querySelectorAll(sel)].filter((h) => h.textContent.includes('2班')).length, css.find.hit), 0);
    // A code link, opened after logging out, as a new secretary would.
    await actAs(p, 'JSJTW');
    await p.go(`${server.base}committee/codes/`);
    await p.type(css.codes.count, '1');
    await p.tap(css.codes.generate);
    await p.waitFor(`${css.codes.freshCodes} textarea`);
    const link = (await p.value(`${css.codes.freshCodes} textarea`)).trim().split('立即注册：')[1].trim();
    await p.go(`${server.base}me/`);
    await p.tap(css.me.logout);
    await p.go(link);
    await p.tap(css.branchRegister.submit);
    await p.until((sel) => document.activeElement?.matches(sel), 'the first wrong field focused', 20000, css.branchRegister.name);
    await p.until((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return r.top >= document.querySelector('.topbar').getBoundingClientRect().bottom && r.bottom <= innerHeight;
    }, 'the first wrong field in view', 3000, css.branchRegister.name);
    assert.ok(await p.run(() => document.querySelectorAll('.field-invalid').length) >= 5);
    await p.shot('30-register-all-errors');
    await p.type(css.branchRegister.name, '2025级计算机科学与技术1班团支部');
    await p.type(css.branchRegister.number, '25070101');
    await p.type(css.branchRegister.username, 'TZB25070101');
    await p.tap(css.branchRegister.submit);
    await p.waitFor('.field-invalid', '已有同名的团组织');
    // The app brings the first wrong field back into view 50 ms and 400 ms after focusing it (for the
    // keyboard); a person reads the message before tapping, and a tap sooner lands where the button was.
    await p.until((sel) => document.activeElement?.matches(sel), 'the first wrong field focused', 20000, css.branchRegister.name);
    await new Promise((r) => setTimeout(r, 600));
    await p.tap(css.branchRegister.useSuggestion);
    await p.until((sel) => document.querySelector(sel)?.value === 'TZB25070101bit', 'the suggested username', 20000, css.branchRegister.username);
    // Every tab of 我的团员 within the window.
    await actAs(p, 'TZB25110103');
    await p.go(`${server.base}branch/`);
    await p.waitFor('[role=tablist]');
    await p.run(() => scrollTo(0, 0));
    const outside = await p.run(() => [...document.querySelectorAll('[role=tab]')].filter((t) => t.getBoundingClientRect().right > innerWidth + 0.5).map((t) => t.textContent));
    assert.deepEqual(outside, []);
    assert.deepEqual(await p.errors(), []);
  } finally {
    await p.close();
  }
});

test('WebKit: pages at their own paths reload on a plain static server; a tap and back move between them; old links open', async () => {
  const p = await webkitPhone();
  try {
    await openDemo(p);
    await actAs(p, 'TZB25110103');
    // Pages of both builds, opened from a link and reloaded (python3 -m http.server: no rewrites).
    for (const [path, title] of [['branch/', '我的团员'], ['committee/stats/', '统计'], [`find/?q=${encodeURIComponent('计算机')}`, '找组织'], ['me/', '我的'], ['data/send/?kind=backup', '发送']]) {
      await p.go(server.base + path);
      await p.ready();
      await p.until((t) => document.title.startsWith(t), title, 20000, title);
      await p.run(() => location.reload());
      await p.ready();
      await p.until((t, sel) => document.title.startsWith(t) && !document.querySelector(sel), `${title} reloaded`, 20000, title, css.fullBuild.loadingFull);
    }
    // A tap moves to the page's own path; back returns.
    await p.go(`${server.base}find/?q=${encodeURIComponent('计算机')}`);
    await p.tap(css.find.hit, '2025级计算机科学与技术1班团支部');
    await p.until(() => /\/tuan\/apply\/\?id=\d+$/.test(location.href), 'the apply page');
    await p.run(() => history.back());
    await p.until(() => location.pathname.endsWith('/tuan/find/'), 'back at 找组织');
    // Links of the form handed out before.
    await p.go(`${server.base}#/committee/stats`);
    await p.until(() => location.pathname.endsWith('/tuan/committee/stats/') && document.title.startsWith('统计'), 'an old link to 统计');
    await p.go(`${server.base}#/join?id=1999901&name=${encodeURIComponent('2025级新专业1班团支部')}&cid=1999900&college=${encodeURIComponent('新学院团委')}`);
    // It keeps the invite's address (a forwarded page opens as it did); this phone is trying the
    // demo, which refuses a real invite and says how to leave it.
    await p.until(() => /\/tuan\/join\/\?id=1999901&/.test(location.href), 'an old invite link');
    await p.waitFor('body', '退出演示');
    await p.shot('30-old-invite-link');
    assert.deepEqual(await p.errors(), []);
  } finally {
    await p.close();
  }
});

test('WebKit: a document stored compressed, as gloo-storage stores it (a JSON string) and bare as before, is read, and the error screen copies it', async () => {
  const p = await webkitPhone();
  try {
    await openDemo(p);
    // The demo's document, compressed by the page's own deflate, in both stored forms.
    await p.run(() => {
      window.__packed = null;
      const json = localStorage.getItem('tuan.state');
      window.tuan.zip.deflate(json).then((bytes) => {
        let bin = '';
        for (const b of bytes) bin += String.fromCharCode(b);
        window.__packed = 'z' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      });
    });
    const packed = await p.until(() => window.__packed, 'the compressed document');
    for (const stored of [JSON.stringify(packed), packed]) {
      await p.run((s) => { localStorage.setItem('tuan.state', s); localStorage.removeItem('tuan.journal'); }, stored);
      await p.go(`${server.base}find/?q=${encodeURIComponent('计算机科学')}`);
      await p.ready();
      await p.waitFor(css.find.hit, '2025级计算机科学与技术1班团支部');
      assert.equal(await p.run((sel) => document.querySelectorAll(sel).length, css.app.notice), 0);
    }
    assert.deepEqual(await p.errors(), []);
    // The error screen's copy is the app's own reading of the compressed document, without password hashes.
    await p.run(() => window.tuan.fatal('panicked at src/example.rs:1:1'));
    const copy = await p.until(() => { const v = document.getElementById('fatal-data')?.value; return v && v.startsWith('{') && v; }, 'the copy of the data');
    assert.ok(copy.includes('"tuan-state"') && copy.includes('2025级计算机科学与技术1班团支部') && !copy.includes('"password"'), 'the document, without password hashes');
  } finally {
    await p.close();
  }
});

/** Opens 数据与备份 and the file of `kind`; its text once signed (a signed text, uncompressed here). */
async function sendText(p, kind) {
  const text = await steps.sendText(p, server.base, kind);
  assert.ok(text.startsWith('{'), `the signed text: ${text.slice(0, 40)}`);
  return text;
}

/** Pastes a file's text on 数据与备份 (set at once: typing 30 KB would take minutes) and reads it. */
async function paste(p, text) {
  await p.go(`${server.base}data/`);
  await p.ready();
  await p.waitFor(css.sync.paste);
  await p.run((t, sel) => {
    const box = document.querySelector(sel);
    box.value = t;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, text, css.sync.paste);
  await p.tap(css.sync.readSync);
}

test('WebKit: a branch\'s new phone is refused until the committee above confirms its key, and the committee\'s directory carries it on', async () => {
  const [sec, com, sec2, other] = [await webkitPhone(), await webkitPhone(), await webkitPhone(), await webkitPhone()];
  try {
    await openDemo(sec);
    await actAs(sec, 'TZB25110103');
    await sec.go(`${server.base}branch/`);
    await sec.tap(css.members.showInvite);
    const invite = await inviteLink(sec);
    // Another phone keeps the branch's key from its invite link.
    await other.go(invite);
    await other.ready();
    await other.waitFor(css.apply.inviteRegister);
    // The committee meets the branch's phone through its report.
    await openDemo(com);
    await actAs(com, 'JGSYTW');
    await paste(com, await sendText(sec, 'report'));
    await com.waitFor(css.sync.previewSignature, '第一次收到');
    await com.tap(css.sync.confirmImport);
    // The other phone meets the committee through its 组织目录 (the demo's invite carries no
    // college key: no phone trying the demo is the college's own).
    await paste(other, await sendText(com, 'directory'));
    await other.waitFor(css.sync.previewSignature, '第一次收到');
    await other.tap(css.sync.confirmImport);
    await other.until((sel) => !document.querySelector(sel), 'the preview closed', 20000, css.sync.preview);
    // The secretary's new phone: restored from the backup, its password set.
    await sec2.go(server.base);
    await sec2.ready();
    await paste(sec2, await sendText(sec, 'backup'));
    await sec2.tap(css.sync.confirmImport);
    await on(sec2).sync.claimAs('newpass88');
    const report = await sendText(sec2, 'report');
    const newKey = JSON.parse(report).key;
    // Refused on the committee's phone, which may confirm the new key.
    await paste(com, report);
    await com.waitFor(css.sync.error, '签名密钥与本机记下的不同');
    await com.waitFor(css.sync.newKey, '2025级小学教育1班团支部');
    await com.shot('40-committee-new-key');
    await com.run(() => { window.confirm = () => true; });
    await com.tap(css.sync.trustKey);
    await com.until((sel) => !document.querySelector(sel), 'the new key confirmed', 20000, css.sync.newKey);
    // The committee's directory vouches for it; the other phone takes it.
    const directory = await sendText(com, 'directory');
    await paste(other, directory);
    await other.waitFor(css.sync.previewKeys, '已由上级团委确认为新密钥');
    await other.shot('41-directory-new-key');
    await other.tap(css.sync.confirmImport);
    await other.until((k) => JSON.stringify(JSON.parse(localStorage.getItem('tuan.journal') || localStorage.getItem('tuan.state'))).includes(k), 'the new key kept', 20000, newKey);
    assert.deepEqual([...await sec.errors(), ...await com.errors(), ...await sec2.errors(), ...await other.errors()], []);
  } finally {
    for (const p of [sec, com, sec2, other]) await p.close();
  }
});

test('WebKit over plain http (no WebCrypto): files go unsigned, and a phone takes from one only what an unsigned file may', async () => {
  const plain = await startServer('tuan', insecureHost());
  const [a, b] = [await webkitPhone(), await webkitPhone()];
  try {
    await a.go(plain.base);
    await a.ready();
    assert.equal(String(await a.run(() => [isSecureContext, typeof crypto.subtle])), 'false,undefined');
    await a.tap(css.home.useDemo);
    await a.waitFor('body', '点选一个身份即可直接进入');
    await steps.actAs(a, plain.base, 'TZB25110103');
    await a.go(`${plain.base}data/`);
    await a.ready();
    await a.waitFor('body', '本机签名密钥指纹');
    assert.match(await a.run(() => document.querySelector('main').innerText), /本机签名密钥指纹\s*无/);
    await a.tap(css.sync.sendReport);
    await a.until((sel) => document.querySelector(sel)?.value.startsWith('{'), 'the report', 20000, css.handover.syncText);
    const report = JSON.parse(await a.value(css.handover.syncText));
    assert.ok(!('sig' in report) && !('key' in report), 'unsigned');
    // On a phone over https, an unsigned report is refused, and says why.
    await openDemo(b);
    await actAs(b, 'JGSYTW');
    await paste(b, JSON.stringify(report));
    await b.waitFor(css.sync.error, '没有签名');
    await b.shot('42-unsigned-report-refused');
    assert.deepEqual([...await a.errors(), ...await b.errors()], []);
  } finally {
    await a.close();
    await b.close();
    plain.stop();
  }
});

/** 建立校团委 on this phone at `base` (its own page), until `expect` shows. */
const foundSchool = steps.foundSchool;

/** On a blank phone: 从空白开始, 建立校团委, then codes of `kind` (the label of 注册码用于); the codes' links. */
async function schoolWithCodes(p, kind, n) {
  await p.go(server.base);
  await p.ready();
  await p.tap(css.home.startEmpty);
  await p.tap('a', '建立校团委');
  await on(p).found.form.waitFor();
  await on(p).found.submitWith();
  await waitText(p, '校团委已建立');
  await p.tap(css.found.goCodes);
  return codeLinks(p, n, kind);
}

/** The text of the file on screen, once signed. */
const fileOnScreen = fileText;

/** Pastes a text on 数据与备份 (or 我的团员's 收申请, `where` = 'branch/') and takes it: the preview,
 *  nothing refused, no 确认新密钥, 确认导入. */
const pasteAndTake = (p, text, where = 'data/') => steps.pasteAndTakeAt(p, server.base, text, where);

test('WebKit: a school from blank phones: its branch\'s first hand-over taken by link in WeChat\'s shape and by text with one key; a forwarded invite; a blank phone\'s 找组织; a stranger claiming the school refused', async () => {
  const school = await webkitPhone();
  const branch = await webkitPhone();
  const fresh = await webkitPhone();
  try {
    const [code] = await schoolWithCodes(school, '团支部', 1);
    // The branch registers from the link; the result's link and text, asked for at once, carry one key.
    await registerBranch(branch, code, '26030101');
    const link = await handoverLink(branch, `${css.handover.handover}[data-kind=registration]`);
    const text = await fileOnScreen(branch);
    const stored = await branch.run(() => JSON.parse(localStorage.getItem('tuan.signing-key')).public);
    assert.equal(JSON.parse(text).key, stored, 'the text carries the one key');
    await branch.shot('40-registered');
    // The school takes the link as WeChat hands it on (its parameters before #, in a chat line).
    const shaped = link.replace('/import/#d=', '/import?from=singlemessage&isappinstalled=0#d=');
    await pasteAndTake(school, `王书记 10:01\n${shaped}`);
    // The text changes nothing more: the same registration, the same key.
    await school.go(`${server.base}data/`);
    await school.ready();
    await school.type(css.sync.paste, text);
    await school.tap(css.sync.readSync);
    await school.waitFor(css.sync.error, '本机都已有');
    // A blank phone's 找组织 says how to get the invite.
    await fresh.go(`${server.base}find/?q=${encodeURIComponent('26030101')}`);
    await fresh.ready();
    await fresh.waitFor('body', '本手机还不认识任何团支部');
    // The invite, forwarded with WeChat's parameters, opens there on the application.
    const invite = await branchInvite(branch);
    await fresh.go(`${invite}&from=singlemessage&isappinstalled=0`);
    await fresh.ready();
    await fresh.waitFor('body', '2026级26030101班团支部');
    assert.match(await fresh.run(() => location.href), /\/tuan\/join\/\?id=/);
    await fresh.shot('41-forwarded-invite');
    // Someone restores the school's backup on their own phone and sends a directory as the school:
    // the school's phone keeps its own key for its own committee, and refuses it.
    await school.go(`${server.base}data/send/?kind=backup`);
    await school.ready();
    const backup = await fileOnScreen(school);
    await steps.restoreAs(fresh, server.base, backup, 'stranger88');
    await fresh.go(`${server.base}data/send/?kind=directory`);
    await fresh.ready();
    const forged = await fileOnScreen(fresh);
    await school.go(`${server.base}data/`);
    await school.ready();
    await school.type(css.sync.paste, forged);
    await school.tap(css.sync.readSync);
    await school.waitFor(css.sync.error, '自称来自本手机上的“示范大学团委”');
    for (const p of [school, branch, fresh]) assert.deepEqual(await p.errors(), []);
  } finally {
    await school.close();
    await branch.close();
    await fresh.close();
  }
});

test('WebKit: a branch\'s first hand-over by QR code and by file, each taken by its committee without 确认新密钥', async () => {
  const school = await webkitPhone();
  const byQr = await webkitPhone();
  const byFile = await webkitPhone();
  try {
    const [qrCode, fileCode] = await schoolWithCodes(school, '团支部', 2);
    // By QR code: shown on the whole screen, and the link it holds opened by the committee's phone.
    await registerBranch(byQr, qrCode, '26040101');
    await byQr.tap(`${css.handover.handover}[data-kind=registration] ${css.handover.showQr}`);
    await byQr.waitFor(`${css.handover.syncQr} img`);
    await byQr.until((sel) => document.querySelector(sel)?.complete && document.querySelector(sel).naturalWidth > 0, 'the QR image', 20000, `${css.handover.syncQr} img`);
    const pixels = await byQr.run((sel) => {
      const img = document.querySelector(sel);
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return { w: c.width, h: c.height, data: Array.from(ctx.getImageData(0, 0, c.width, c.height).data) };
    }, `${css.handover.syncQr} img`);
    const { default: jsQR } = await import('../e2e/node_modules/jsqr/dist/jsQR.js');
    const scanned = jsQR(Uint8ClampedArray.from(pixels.data), pixels.w, pixels.h)?.data;
    assert.match(scanned ?? '', /\/tuan\/import\/#d=/);
    await byQr.shot('42-qr-in-person');
    await school.go(scanned);
    await school.ready();
    await school.waitFor(`${css.sync.preview}, ${css.sync.error}`);
    assert.equal(await school.text(css.sync.error), null, 'no refusal');
    assert.equal(await school.run((sel) => document.querySelectorAll(sel).length, css.sync.newKey), 0, 'no 确认新密钥');
    await school.tap(css.sync.confirmImport);
    await school.until((sel) => !document.querySelector(sel), 'the preview closed', 20000, css.sync.preview);
    // By file: the registration's text saved as a file and picked on the committee's phone.
    await registerBranch(byFile, fileCode, '26040102');
    const path = join(mkdtempSync(join(tmpdir(), 'tuan-wk-')), 'registration.json');
    writeFileSync(path, await fileOnScreen(byFile));
    await school.go(`${server.base}data/`);
    await school.ready();
    const input = await school.run((sel) => document.querySelector(sel), css.sync.file);
    await school.cmd('POST', `/element/${Object.values(input)[0]}/value`, { text: path });
    await school.waitFor(`${css.sync.preview}, ${css.sync.error}`);
    assert.equal(await school.text(css.sync.error), null, 'no refusal');
    await school.tap(css.sync.confirmImport);
    await school.until((sel) => !document.querySelector(sel), 'the preview closed', 20000, css.sync.preview);
    const names = await school.run(() => {
      const doc = JSON.parse(localStorage.getItem('tuan.state'));
      const journal = JSON.parse(localStorage.getItem('tuan.journal') || 'null');
      return Object.values({ ...doc.state.orgs, ...(journal?.state?.orgs ?? {}) }).map((o) => o.n);
    });
    for (const n of ['26040101', '26040102']) assert.ok(names.includes(`2026级${n}班团支部`), `${n}: ${names}`);
    for (const p of [school, byQr, byFile]) assert.deepEqual(await p.errors(), []);
  } finally {
    await school.close();
    await byQr.close();
    await byFile.close();
  }
});

test('WebKit: a branch\'s phone wiped and restored from its own 完整备份 keeps its identity (sealed under its password): the committee knows its report as the branch\'s own', async () => {
  const school = await webkitPhone();
  const branch = await webkitPhone();
  const restored = await webkitPhone();
  try {
    const [code] = await schoolWithCodes(school, '团支部', 1);
    await registerBranch(branch, code, '26050101');
    await pasteAndTake(school, await fileOnScreen(branch));
    const key = await branch.run(() => JSON.parse(localStorage.getItem('tuan.signing-key')).public);
    await branch.go(`${server.base}data/send/?kind=backup`);
    await branch.ready();
    await branch.type(css.sync.backupPassword, 'abcd1234');
    await branch.tap(css.sync.backupSealSubmit);
    await branch.waitFor(css.handover.syncText);
    const backup = await fileOnScreen(branch);
    assert.ok(JSON.parse(backup).body.sealed_key, 'the identity travels sealed');
    // The wiped phone: a blank one restores the backup and opens its identity with the password.
    await pasteAndTake(restored, backup);
    await restored.waitFor(css.sync.claimIdentity);
    await restored.type(css.sync.claimOldPw, 'abcd1234');
    await restored.tap(`${css.sync.claimPassword} button[type=submit]`);
    await restored.waitFor(css.me.overview);
    assert.equal(await restored.run(() => JSON.parse(localStorage.getItem('tuan.signing-key')).public), key, 'the same key');
    await restored.shot('43-restored-identity');
    // Its report is the branch's own to the committee, which met its key at the registration: the
    // signature passes (nothing in it is new to the committee), with no 确认新密钥.
    const report = await sendText(restored, 'report');
    await school.go(`${server.base}data/`);
    await school.ready();
    await school.type(css.sync.paste, report);
    await school.tap(css.sync.readSync);
    await school.waitFor(css.sync.error, '本机都已有');
    assert.equal(await school.run((sel) => document.querySelectorAll(sel).length, css.sync.newKey), 0, 'no 确认新密钥');
    for (const p of [school, branch, restored]) assert.deepEqual(await p.errors(), []);
  } finally {
    await school.close();
    await branch.close();
    await restored.close();
  }
});

test('WebKit: a phone a year ahead of the web server\'s clock is told so on its first page and saves nothing; set right, what it dated ahead is dated now', async () => {
  const skewed = await skewedServer(server);
  const p = await webkitPhone();
  try {
    skewed.state.phoneAhead = 365 * 86400000;
    await p.go(skewed.base);
    await p.ready();
    await p.waitFor(css.app.notice, '本机时间比实际快了约 365 天');
    await p.shot('44-clock-named');
    // 建立校团委 is refused with the same words, and nothing is stored.
    await foundSchool(p, skewed.base, '不保存任何操作');
    assert.equal(await p.run(() => localStorage.getItem('tuan.state')), null, 'nothing stored');
    // The clock right: the school is founded; its records dated a year ahead (as a wrong clock
    // would have) are dated now at the next start, and the phone says so.
    skewed.state.phoneAhead = 0;
    await foundSchool(p, skewed.base);
    await p.until(() => !!localStorage.getItem('tuan.state'), 'the school saved');
    await p.run(() => {
      const doc = JSON.parse(localStorage.getItem('tuan.state'));
      for (const o of Object.values(doc.state.orgs)) o.c += 365 * 86400000;
      localStorage.setItem('tuan.state', JSON.stringify(doc));
      localStorage.removeItem('tuan.journal');
    });
    await p.go(skewed.base);
    await p.ready();
    await p.waitFor(css.app.notice, '本机时间已经正确');
    const created = await p.run(() => Object.values(JSON.parse(localStorage.getItem('tuan.state')).state.orgs).map((o) => o.c));
    assert.ok(created.every((c) => c <= Date.now() + 60000), `dated now: ${created}`);
    assert.deepEqual(await p.errors(), []);
  } finally {
    await p.close();
    skewed.stop();
  }
});

test('WebKit: storage full: the 校团委 founded but not saved says so, no file goes out unsigned, and 清理 saves both', async () => {
  const p = await webkitPhone();
  try {
    await p.go(server.base);
    await p.ready();
    await p.run(fillWithSetAside);
    await foundSchool(p, server.base);
    await p.waitFor(css.app.cleanStorage, '另存了');
    // Within the page (a reload would lose what is not saved): the directory's hand-over waits for the key.
    await p.run((u) => { history.pushState(null, '', u); dispatchEvent(new PopStateEvent('popstate')); }, `${server.base}data/send/?kind=directory`);
    await p.waitFor(css.handover.note, '保存不了本机的签名密钥');
    await p.shot('45-storage-full');
    await p.run(() => { window.confirm = () => true; });
    await p.tap(css.app.cleanStorageGo);
    await p.until((sel) => !document.querySelector(sel), 'saved', 20000, css.app.saveError);
    await p.tap(css.handover.signAgain);
    await p.until((sel) => document.querySelector(sel)?.value.includes('#d='), 'the signed link', 20000, css.handover.syncLink);
    assert.ok(await p.run(() => !!localStorage.getItem('tuan.signing-key') && !!localStorage.getItem('tuan.state')), 'key and state kept');
    assert.deepEqual(await p.errors(), []);
  } finally {
    await p.close();
  }
});

test('WebKit: a 2 MB list pasted into 核对名单 is kept out of the text box and read piece by piece; the long list is named and cut', async () => {
  const school = await webkitPhone();
  const branch = await webkitPhone();
  try {
    const [code] = await schoolWithCodes(school, '团支部', 1);
    await registerBranch(branch, code, '26060101');
    await branch.tap(css.branchRegister.goBranch);
    await branch.tap(css.members.tabReconcile);
    await branch.waitFor(css.reconcile.classList);
    await branch.run((sel) => {
      let text = '';
      for (let i = 0; text.length < 2_000_000; i++) text += `${i}\t张三\t112${String(i).padStart(7, '0')}\n`;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const el = document.querySelector(sel);
      el.focus();
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, css.reconcile.classList);
    await branch.waitFor(css.app.longPaste, '已粘贴很长的内容');
    await branch.waitFor(css.reconcile.tooLong, '比一个班多得多');
    assert.equal(await branch.run((sel) => document.querySelectorAll(sel).length, css.reconcile.missing), 200);
    await branch.shot('46-long-list');
    for (const p of [school, branch]) assert.deepEqual(await p.errors(), []);
  } finally {
    await school.close();
    await branch.close();
  }
});

test('WebKit: after one visit the app opens with the web server gone (where WebKit runs service workers)', async () => {
  const own = await startServer();
  const p = await webkitPhone();
  try {
    await p.go(own.base);
    await p.ready();
    const supported = await p.run(() => !!navigator.serviceWorker);
    assert.ok(supported, 'this WebKit runs service workers');
    await p.until(() => {
      if (!window.__kept) {
        window.__kept = 'pending';
        caches.open('tuan-offline-1').then((c) => c.match(new URL(window.tuan.assets.wasm, document.baseURI).href))
          .then((hit) => { window.__kept = hit ? 'yes' : undefined; }, () => { window.__kept = undefined; });
      }
      return window.__kept === 'yes';
    }, 'the member\'s build kept', 20000);
    own.stop();
    await p.go(`${own.base}find/`);
    await p.ready();
    await p.go(own.base);
    await p.ready();
    await p.waitFor(css.home.startEmpty);
    await p.shot('47-offline');
  } finally {
    await p.close();
    own.stop();
  }
});

/** A freshman on this blank phone: the invite, 创建账号, 完善个人信息, 申请加入; the application's link. */
async function freshmanApplies(p, invite, phoneNo, name, first17) {
  await p.go(invite);
  await p.ready();
  await on(p).apply.joinAsNew({ phoneNo, name, first17 });
  return handoverLink(p);
}

/** On 我的团员: takes a pasted link or text (收申请). */
const receive = (p, text) => pasteAndTake(p, text, 'branch/');

test('WebKit: a freshman wiped before the decision registers again; the secretary merges the same person (同一人) and the decision reaches the new phone', async () => {
  const school = await webkitPhone();
  const branch = await webkitPhone();
  const wiped = await webkitPhone();
  const again = await webkitPhone();
  try {
    const [code] = await schoolWithCodes(school, '团支部', 1);
    await registerBranch(branch, code, '26070101');
    const invite = await branchInvite(branch);
    await receive(branch, await freshmanApplies(wiped, invite, '13900070101', '周全', '11010820070707071'));
    // Wiped: the same person registers again on a blank phone, with the same number and ID number.
    await wiped.close();
    await receive(branch, await freshmanApplies(again, invite, '13900070101', '周全', '11010820070707071'));
    await branch.go(`${server.base}branch/`);
    await branch.ready();
    await branch.waitFor(css.members.samePerson);
    await branch.shot('48-same-person');
    await branch.run(() => { window.confirm = () => true; });
    await branch.tap(css.members.samePerson);
    await branch.until((row) => [...document.querySelectorAll(row)].filter((r) => r.textContent.includes('周全')).length === 1, 'one request left', 20000, css.members.request);
    await takeDecisions(again, await acceptAndLink(branch, '周全'), '已通过');
    for (const p of [school, branch, again]) assert.deepEqual(await p.errors(), []);
  } finally {
    await school.close();
    await branch.close();
    await again.close();
  }
});

/** Run in a page: whether the stored document and its journal hold exactly `n` accepted requests. */
function acceptedInStorage(n) {
  const doc = JSON.parse(localStorage.getItem('tuan.state'));
  const journal = JSON.parse(localStorage.getItem('tuan.journal') || 'null');
  const requests = { ...doc.state.requests, ...(journal?.state?.requests ?? {}) };
  return Object.values(requests).filter((r) => r.s && r.s.Accepted).length === n;
}

test('WebKit: an acceptance made while a preview is open is kept by 确认导入; two tabs of one phone accepting at once both keep their acceptance', async () => {
  const school = await webkitPhone();
  const branch = await webkitPhone();
  const applicants = [];
  try {
    const [code] = await schoolWithCodes(school, '团支部', 1);
    await registerBranch(branch, code, '26080101');
    const invite = await branchInvite(branch);
    const links = [];
    for (const [i, name] of ['甲一', '乙二', '丙三'].entries()) {
      const p = await webkitPhone();
      applicants.push(p);
      links.push(await freshmanApplies(p, invite, `1390008010${i}`, name, `1101082007080808${i}`));
    }
    await receive(branch, links[0]);
    await receive(branch, links[1]);
    // The third's preview open; meanwhile the first is accepted below it; 确认导入 keeps the acceptance.
    await branch.go(`${server.base}branch/`);
    await branch.ready();
    await branch.tap(css.members.receive);
    await branch.type(css.sync.paste, links[2]);
    await branch.tap(css.sync.readSync);
    await branch.waitFor(css.sync.preview);
    const accept = (name) => branch.run((row, btn, n) => [...document.querySelectorAll(row)].find((r) => r.textContent.includes(n)).querySelector(btn).click(), css.members.request, css.members.accept, name);
    await accept('甲一');
    await branch.waitFor(css.members.queueMessage, '已接收');
    await branch.tap(css.sync.confirmImport);
    await branch.until((sel) => !document.querySelector(sel), 'the preview closed', 20000, css.sync.preview);
    assert.equal(await branch.run(acceptedInStorage, 1), true, 'the acceptance made under the preview is kept');
    // A second tab of the same phone (another window of one WebKit profile): each accepts one at once.
    const first = (await branch.cmd('GET', '/window'));
    const { handle } = await branch.cmd('POST', '/window/new', { type: 'tab' });
    await branch.cmd('POST', '/window', { handle });
    await branch.go(`${server.base}branch/`);
    await branch.ready();
    await branch.waitFor(css.members.request, '丙三');
    await branch.cmd('POST', '/window', { handle: first });
    await branch.go(`${server.base}branch/`);
    await branch.ready();
    await accept('乙二');
    await branch.cmd('POST', '/window', { handle });
    await accept('丙三');
    await branch.until(acceptedInStorage, 'all three acceptances kept in storage', 20000, 3);
    for (const p of [school, branch]) assert.deepEqual(await p.errors(), []);
  } finally {
    for (const p of [school, branch, ...applicants]) await p.close();
  }
});

/** On 我的团员: accepts the request of `name`, then the decisions' link. */
async function acceptAndLink(branch, name) {
  await branch.go(`${server.base}branch/`);
  await branch.ready();
  await on(branch).members.acceptRequest(name);
  await branch.tap(`${css.dues.due}[data-kind=decisions] ${css.dues.dueSend}`);
  return handoverLink(branch, `${css.handover.handover}[data-kind=decisions]`);
}

/** A link of decisions opened on a member's phone and taken with no 确认新密钥, until the request reads `state`. */
async function takeDecisions(p, link, state) {
  await p.go(link);
  await p.ready();
  await p.waitFor(css.sync.preview);
  assert.equal(await p.run((sel) => document.querySelectorAll(sel).length, css.sync.newKey), 0, 'no 确认新密钥');
  await p.tap(css.sync.confirmImport);
  await p.waitFor(css.myOrg.requestState, state);
}

test('WebKit: a branch\'s phone wiped without a backup: the 校团委 hands its account to a new phone with a 重置码, the members come back and the new phone\'s decisions are taken', async () => {
  const [school, branch, a, b, fresh] = [await webkitPhone(), await webkitPhone(), await webkitPhone(), await webkitPhone(), await webkitPhone()];
  try {
    const [code] = await schoolWithCodes(school, '团支部', 1);
    await registerBranch(branch, code, '26080101');
    await pasteAndTake(school, await fileOnScreen(branch));
    const invite = await branchInvite(branch);
    // 李明 accepted and reported; 王芳 accepted after the report; then the phone is wiped.
    await receive(branch, await freshmanApplies(a, invite, '13900080101', '李明', '11010820070708081'));
    await takeDecisions(a, await acceptAndLink(branch, '李明'), '已通过');
    await pasteAndTake(school, await sendText(branch, 'report'));
    await receive(branch, await freshmanApplies(b, invite, '13900080102', '王芳', '11010820070708082'));
    await takeDecisions(b, await acceptAndLink(branch, '王芳'), '已通过');
    await branch.close();
    // The 校团委: 交给新手机 on the branch's row, a 重置码, and its copy of the branch by link.
    await school.go(`${server.base}committee/`);
    await school.ready();
    await school.tap(css.overview.handOver);
    await school.run(() => { window.confirm = () => true; });
    await school.tap(css.handOver.issue);
    await school.waitFor(css.handOver.code);
    const resetCode = (await school.text(css.handOver.code)).trim();
    const recovery = await handoverLink(school);
    // The new phone: the link, the code and a new password; its registration goes back.
    await fresh.go(recovery);
    await fresh.ready();
    await fresh.waitFor(css.sync.preview);
    await fresh.tap(css.sync.confirmImport);
    await fresh.waitFor(css.sync.claimHanded);
    await fresh.type(css.sync.claimResetCode, resetCode);
    await fresh.type(css.sync.claimPw, 'newpass88');
    await fresh.type(css.sync.claimPw2, 'newpass88');
    await fresh.tap(`${css.sync.claimPassword} button[type=submit]`);
    await fresh.waitFor(css.send.handoverTo, '重置码的证明');
    await fresh.shot('50-handed-over');
    await paste(school, await fileOnScreen(fresh));
    await school.waitFor(css.sync.previewKeys, '换了新手机');
    await school.tap(css.sync.confirmImport);
    await school.until((sel) => !document.querySelector(sel), 'the preview closed', 20000, css.sync.preview);
    // 王芳 sends her application again (the 校团委 never heard of her); the new phone decides, and
    // her phone takes it once the 校团委's 组织目录 vouches for the new key.
    await b.go(`${server.base}my-org/send/`);
    await b.ready();
    await receive(fresh, await handoverLink(b));
    const decisions = await acceptAndLink(fresh, '王芳');
    await pasteAndTake(b, await sendText(school, 'directory'));
    await takeDecisions(b, decisions, '已通过');
    // 李明 is back on the new phone from the 校团委's copy; one branch at the 校团委, two members.
    await fresh.go(`${server.base}branch/`);
    await fresh.ready();
    await fresh.tap(css.members.tabMembers);
    await fresh.waitFor(css.members.member, '李明');
    await pasteAndTake(school, await sendText(fresh, 'report'));
    await school.go(`${server.base}committee/`);
    await school.ready();
    await school.waitFor(css.overview.branchRow, '团员2');
    assert.equal(await school.run((sel) => document.querySelectorAll(sel).length, css.overview.branchRow), 1, 'no twin');
    for (const p of [school, a, b, fresh]) assert.deepEqual(await p.errors(), []);
  } finally {
    for (const p of [school, a, b, fresh]) await p.close();
  }
});

test('WebKit: a small payload that would inflate past 40 MB is stopped as it inflates and named too large', async () => {
  const { deflateRawSync } = await import('node:zlib');
  const bomb = `z${deflateRawSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 }).toString('base64url')}`;
  const p = await webkitPhone();
  try {
    await paste(p, bomb);
    await p.waitFor(css.sync.error, '超过 40 MB 的上限');
    assert.deepEqual(await p.errors(), []);
  } finally {
    await p.close();
  }
});

test('WebKit: a forged first invite is refused the real branch\'s decisions with the way to mend it, and the 校团委\'s 组织目录 mends it; a stranger with the branch\'s backup is refused by the branch as itself', async () => {
  const [school, branch, member, stranger] = [await webkitPhone(), await webkitPhone(), await webkitPhone(), await webkitPhone()];
  try {
    const [code] = await schoolWithCodes(school, '团支部', 1);
    await registerBranch(branch, code, '26090101');
    await pasteAndTake(school, await fileOnScreen(branch));
    const invite = new URL(await branchInvite(branch));
    assert.ok(invite.searchParams.get('ck'), 'the invite carries the 校团委\'s key');
    // The invite forwarded with the branch's key swapped for a stranger's phone's.
    await stranger.go(`${server.base}data/`);
    await stranger.ready();
    const key = await stranger.until(() => JSON.parse(localStorage.getItem('tuan.signing-key') || 'null')?.public, 'the stranger\'s key');
    invite.searchParams.set('k', key);
    await receive(branch, await freshmanApplies(member, invite.href, '13900090101', '孙四', '11010820070709091'));
    const decisions = await acceptAndLink(branch, '孙四');
    await member.go(decisions);
    await member.ready();
    await member.waitFor(css.sync.error, '邀请链接不是团支书本人发的');
    assert.match(await member.text(css.sync.error), /签名密钥与本机记下的不同.*组织目录/s);
    await member.shot('51-forged-invite-refused');
    await paste(member, await sendText(school, 'directory'));
    await member.waitFor(css.sync.previewKeys, '已由上级团委确认为新密钥');
    await member.tap(css.sync.confirmImport);
    await member.until((sel) => !document.querySelector(sel), 'the preview closed', 20000, css.sync.preview);
    await takeDecisions(member, decisions, '已通过');
    // The secretary's backup restored on the stranger's phone with a password of its own: its report
    // claims the branch, and the branch's phone refuses it by name.
    await steps.restoreAs(stranger, server.base, await sendText(branch, 'backup'), 'stranger88');
    await paste(branch, await sendText(stranger, 'report'));
    await branch.waitFor(css.sync.error, '自称来自本手机上的“2026级26090101班团支部”');
    for (const p of [school, branch, member, stranger]) assert.deepEqual(await p.errors(), []);
  } finally {
    for (const p of [school, branch, member, stranger]) await p.close();
  }
});
