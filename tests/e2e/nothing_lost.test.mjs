// Nothing lost to a stale view: 确认导入 applies the file to the data as it is at that moment, so a
// decision made while a preview was open stays (from blank phones: a real school, a branch, two
// freshmen).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, shot, open, memberApplies, syncLink, inviteLink, realSchool, realCodes, realBranch } from './helpers.mjs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

/** The state of each named applicant's latest request on this phone, as saved. */
const states = (page) => page.evaluate(() => {
  const s = window.__savedDoc().state;
  const name = (id) => s.accounts[id]?.role.Member?.profile?.name;
  return Object.fromEntries(Object.values(s.requests).map((r) => [name(r.applicant), typeof r.state === 'string' ? r.state : Object.keys(r.state)[0]]));
});

test('an acceptance made while a preview is open is kept by 确认导入', async () => {
  const school = await realSchool(chrome.browser, server.base);
  const [code] = await realCodes(school.page, server.base, 1, '团支部');
  const branch = await realBranch(chrome.browser, server.base, code, '26050101');
  await on(branch.page).branchRegister.goBranch.click();
  await on(branch.page).members.showInvite.click();
  const invite = await inviteLink(branch.page);
  const first = await memberApplies(chrome.browser, invite, '13700000011', '孙先到', '11010820070601011');
  const second = await memberApplies(chrome.browser, invite, '13700000012', '周后来', '11010820070602022');
  const linkOf = (m) => syncLink(m.page.locator(`${css.handover.handover}[data-kind=application]`));
  // The first application in, waiting in the queue.
  await on(branch.page).members.receive.click();
  await on(branch.page).sync.read(await linkOf(first));
  await on(branch.page).sync.take();
  // The second one's preview open; meanwhile the secretary accepts the first, below it.
  await open(branch.page, `${server.base}branch/`);
  await on(branch.page).members.receive.click();
  await on(branch.page).sync.read(await linkOf(second));
  await on(branch.page).sync.preview.waitFor();
  await on(branch.page).members.acceptRequest('孙先到');
  await branch.page.waitForFunction(() => Object.values(window.__savedDoc().state.requests).some((r) => r.state.Accepted));
  await shot(branch.page, 'lost-01-preview-open-after-accepting');
  await on(branch.page).sync.confirmImport.click();
  await on(branch.page).sync.preview.waitFor({ state: 'detached' });
  assert.deepEqual(await states(branch.page), { 孙先到: 'Accepted', 周后来: 'Pending' });
  // A preview that no longer matches the data is made again, and says so: here another tab of the
  // same phone took the same file while this tab's preview was open.
  const third = await memberApplies(chrome.browser, invite, '13700000013', '吴第三', '11010820070603033');
  const link = await linkOf(third);
  await on(branch.page).members.receive.click();
  await on(branch.page).sync.read(link);
  await on(branch.page).sync.preview.waitFor();
  const tab = await branch.ctx.newPage();
  await open(tab, `${server.base}data/`);
  await on(tab).sync.read(link);
  await on(tab).sync.take();
  // This tab takes the other tab's change (its queue shows the third applicant).
  await on(branch.page).members.request.filter({ hasText: '吴第三' }).waitFor();
  await on(branch.page).sync.confirmImport.click();
  await on(branch.page).sync.error.getByText('这些内容本机现在都已有了').waitFor();
  assert.equal(await on(branch.page).sync.preview.count(), 0, 'nothing left to take');
  assert.deepEqual(await states(branch.page), { 孙先到: 'Accepted', 周后来: 'Pending', 吴第三: 'Pending' });
  await tab.close();
  await third.ctx.close();
  for (const p of [school, branch, first, second]) {
    assert.deepEqual(p.errors, []);
    await p.ctx.close();
  }
});

test('two tabs of one phone accepting at the same moment both keep their acceptances, run after run', async () => {
  const school = await realSchool(chrome.browser, server.base);
  const [code] = await realCodes(school.page, server.base, 1, '团支部');
  const branch = await realBranch(chrome.browser, server.base, code, '26060101');
  await on(branch.page).branchRegister.goBranch.click();
  await on(branch.page).members.showInvite.click();
  const invite = await inviteLink(branch.page);
  const other = await branch.ctx.newPage();
  for (const run of [1, 2, 3]) {
    const names = [`甲${'一二三'[run - 1]}`, `乙${'一二三'[run - 1]}`];
    const people = [];
    for (const [i, name] of names.entries()) {
      people.push(await memberApplies(chrome.browser, invite, `1370000${run}${i}00`, name, `1101082007061${run}${i}01`));
    }
    const links = await Promise.all(people.map((m) => syncLink(m.page.locator(`${css.handover.handover}[data-kind=application]`))));
    await open(branch.page, `${server.base}branch/`);
    await on(branch.page).members.receive.click();
    await on(branch.page).sync.read(links.join('\n'));
    await on(branch.page).sync.take();
    // Both tabs on 我的团员, each accepting one of the two at the same moment.
    await open(other, `${server.base}branch/`);
    const row = (page, name) => on(on(page).members.request.filter({ hasText: name })).members.accept;
    await Promise.all([row(branch.page, names[0]).waitFor(), row(other, names[1]).waitFor()]);
    await Promise.all([row(branch.page, names[0]).click(), row(other, names[1]).click()]);
    await branch.page.waitForFunction((want) => {
      const s = window.__savedDoc().state;
      const accepted = Object.values(s.requests).filter((r) => r.state.Accepted).map((r) => s.accounts[r.applicant].role.Member.profile.name);
      return want.every((n) => accepted.includes(n));
    }, names, { timeout: 10000 }).catch(async () => assert.fail(`run ${run}: ${JSON.stringify(await states(branch.page))}`));
    // Each tab shows both decisions too.
    for (const page of [branch.page, other]) {
      for (const name of names) await on(page).members.request.filter({ hasText: name }).waitFor({ state: 'detached' });
    }
    for (const m of people) await m.ctx.close();
  }
  assert.deepEqual([...school.errors, ...branch.errors], []);
  await school.ctx.close();
  await branch.ctx.close();
});
