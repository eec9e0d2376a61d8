// The secretary's and committee's work beyond approvals: 核对名单 (nobody duplicated, nobody missing),
// problem records reported to the college and resolved there, and the statistics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, shot, openDemo, actAs, watchErrors, decodeQr, readZip, open } from './helpers.mjs';
import { readFileSync } from 'node:fs';
import { on, css } from './screens.mjs';

let server, chrome;
before(async () => { server = await startServer(); chrome = await launch(); });
after(async () => { await chrome?.close(); server?.stop(); });

/** As the branch secretary `login` of the demo: 核对名单 with `list`; returns the result's locator. */
async function reconcileAs(page, login, list) {
  await actAs(page, server.base, login);
  await open(page, `${server.base}branch/`);
  await on(page).members.tabReconcile.click();
  await on(page).reconcile.classList.fill(list);
  await on(page).reconcile.reconcile.click();
  return on(page).reconcile.result;
}

test('核对名单: one missing, one pending, one not on the list, one duplicate; a problem reported and resolved', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  // The class list as a spreadsheet would give it: every member but one, a pending applicant, a
  // newcomer who never applied, and one 学号 twice.
  const { list, leftOut } = await page.evaluate(() => {
    const s = window.__savedDoc().state;
    const branch = Object.values(s.orgs).find((o) => o.name === '2025级会计学1班团支部').id;
    const accounts = Object.values(s.accounts).filter((a) => a.role.Member?.profile);
    const members = accounts.filter((a) => a.role.Member.branch === branch);
    const pendingIds = Object.values(s.requests).filter((r) => r.branch === branch && r.state === 'Pending').map((r) => r.applicant);
    const pending = accounts.find((a) => pendingIds.includes(a.id));
    const line = (a) => `${a.role.Member.profile.name}\t${a.role.Member.profile.student_no}`;
    const rows = members.slice(1).map(line);
    rows.push(line(pending), '钱新生\t1120250777', line(members[1]));
    return { list: `姓名\t学号\n${rows.join('\n')}\n`, leftOut: members[0].role.Member.profile.name };
  });
  const result = await reconcileAs(page, 'TZB25080101', list);
  await result.waitFor();
  assert.ok(await on(page).reconcile.missing.filter({ hasText: '钱新生' }).getByText('未申请').count() === 1);
  assert.ok(await on(page).reconcile.missing.getByText('待审核').count() === 1);
  assert.ok(await on(page).reconcile.notOnList.filter({ hasText: leftOut }).count() === 1);
  assert.match(await on(page).reconcile.duplicate.first().innerText(), /出现了两次/);
  await shot(page, 'branch-20-reconcile');
  // Record the newcomer as 无法注册 and report it to the college.
  const row = on(page).reconcile.missing.filter({ hasText: '钱新生' });
  await on(row).reconcile.recordProblem.click();
  await on(row).reconcile.problemSave.click();
  await row.getByText('请填写原因').waitFor();
  await on(row).reconcile.problemNote.fill('提示身份证已注册，本人未注册过');
  await on(row).reconcile.problemSave.click();
  const problem = on(page).reconcile.problem.filter({ hasText: '钱新生' });
  await problem.getByText('未上报').waitFor();
  // 上报 ends on its hand-over: nothing is 已上报 until the report has left the phone.
  await on(page).reconcile.reportProblems.click();
  const report = page.locator(`${css.handover.handover}[data-kind=report]`);
  await report.waitFor();
  assert.match(await on(report).handover.state.innerText(), /未发出/);
  assert.match(await problem.innerText(), /未上报/);
  await shot(page, 'branch-21-report-handover');
  await on(page).handover.copySync.click();
  await on(report).handover.state.getByText(/已发出/).waitFor();
  await problem.getByText(/已上报/).waitFor();
  await shot(page, 'branch-22-problems-reported');
  // The 校团委 sees it with another college's, each row with its own form: typing in one leaves the
  // other be, and no two fields share an id. It marks it resolved.
  await actAs(page, server.base, '示范大学团委');
  await open(page, `${server.base}committee/stats/`);
  const reported = on(page).stats.reportedProblem.filter({ hasText: '钱新生' });
  const other = on(page).stats.reportedProblem.filter({ hasText: '钱多多' });
  await reported.waitFor();
  await on(other).stats.resolveNote.fill('另一行');
  await on(reported).stats.resolveNote.fill('已协助申诉');
  assert.equal(await on(other).stats.resolveNote.inputValue(), '另一行');
  assert.equal(await on(reported).stats.resolveNote.inputValue(), '已协助申诉');
  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'every id once');
  await on(reported).stats.resolve.click();
  await reported.getByText('已解决：已协助申诉').waitFor();
  assert.equal(await on(other).stats.resolveNote.inputValue(), '另一行', 'the other row keeps what was typed');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('统计: per branch and college, sortable, the rate chart, the branches without members', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  await actAs(page, server.base, 'RXSYTW');
  await open(page, `${server.base}committee/`);
  await page.getByRole('link', { name: /统计/ }).click();
  await on(page).stats.table.waitFor();
  assert.equal(await on(page).stats.row.count(), 3, 'a college sees its own branches');
  assert.match(await on(page).stats.emptyBranches.innerText(), /2025级睿信书院2班团支部/);
  assert.equal(await page.locator(`${css.stats.rateChart} .chart-row`).count(), 3);
  // Sort by 团员, then reverse.
  const members = async () => (await page.locator(`${css.stats.row} td:nth-child(2)`).allInnerTexts()).map(Number);
  await page.getByRole('button', { name: '团员' }).click();
  const desc = await members();
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  await page.getByRole('button', { name: /团员/ }).first().click();
  const asc = await members();
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  // On a phone: 注册率 beside the name, on the first screen; the colleges' table headed 学院/书院; the
  // chart's labels whole, so 1班 and 2班 can be told apart.
  const rateCell = page.locator(`${css.stats.row} td:nth-child(3)`).first();
  const box = await rateCell.boundingBox();
  assert.ok(box.x + box.width <= 375, `注册率 ends at ${box.x + box.width} px`);
  assert.match(await rateCell.innerText(), /^(\d+\.\d%|—)$/);
  assert.equal(await page.locator(`${css.stats.collegeTable} th`).first().innerText(), '学院/书院');
  const label = page.locator(`${css.stats.rateChart} .chart-label`).first();
  assert.ok(await label.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the chart label is not cut');
  await shot(page, 'committee-10-stats');
  // The school sees every branch, and the college totals add up to the school's.
  await actAs(page, server.base, '示范大学团委');
  await open(page, `${server.base}committee/stats/`);
  assert.equal(await on(page).stats.row.count(), 12);
  const totalRow = page.locator(`${css.stats.collegeTable} tr`, { hasText: '合计' });
  const total = Number((await totalRow.locator('td:nth-child(2)').innerText()));
  const sum = (await members()).reduce((a, b) => a + b, 0);
  assert.equal(total, sum);
  await ctx.close();
});

test('the secretary reveals an ID to check it; roster, statistics and code QR exports', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25070101');
  await open(page, `${server.base}branch/`);
  const first = on(page).members.request.first();
  assert.match(await on(first).members.requestId.innerText(), /^\d{3}\*{11}[\dX]{4}$/);
  await on(first).members.reveal.click();
  assert.match(await on(first).members.requestId.innerText(), /^\d{17}[\dX]$/);
  await on(page).members.tabMembers.click();
  await on(page).members.exportRoster.click();
  const roster = await page.locator(`${css.export.box} textarea`).inputValue();
  assert.ok(roster.startsWith('\ufeff姓名,性别,身份证号,学号'), roster.slice(0, 40));
  assert.ok(!/\d{17}[\dX]/.test(roster), 'ID numbers are masked in the roster');
  // Inside WeChat no file can be downloaded: the box says how to get a spreadsheet instead.
  await on(page).export.wechatNoDownload.waitFor();
  assert.equal(await on(page).export.downloadXlsx.count(), 0);
  await shot(page, 'branch-30-roster-export');
  // A committee's statistics export, and a registration code as a QR code.
  await actAs(page, server.base, 'JGSYTW');
  await open(page, `${server.base}committee/stats/`);
  await on(page).stats.exportStats.click();
  const stats = await page.locator(`${css.export.box} textarea`).first().inputValue();
  assert.equal(stats.trim().split('\n').length, 4, 'a header and the college\'s 3 branches');
  await open(page, `${server.base}committee/codes/`);
  const unused = on(page).codes.code.filter({ hasText: '未使用' }).first();
  const code = await unused.locator('.code').innerText();
  await on(unused).codes.showQr.click();
  const decoded = await decodeQr(on(unused).qr.qr);
  assert.ok(decoded.startsWith(server.base) && decoded.includes(`branch/register/?code=${code}&by=1300001&`), decoded);
  // Each code has its own message to copy for one secretary: the code, until when, and its link;
  // no link that would open the registration on the committee's own phone.
  const message = await on(unused).codes.message.inputValue();
  assert.ok(message.includes(code) && message.includes(decoded) && /前有效/.test(message), message);
  await on(unused).codes.copyCode.click();
  await unused.getByText(/已复制|请长按/).waitFor();
  assert.equal(await unused.getByRole('link', { name: '注册链接' }).count(), 0);
  await ctx.close();
});

test('outside WeChat, the statistics and the roster download as CSV and as .xlsx, whose writer is not in the first load', async () => {
  const ctx = await chrome.browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await openDemo(page, server.base);
  await actAs(page, server.base, 'JGSYTW');
  await open(page, `${server.base}committee/stats/`);
  await on(page).stats.exportStats.click();
  assert.ok(!fetched.some((u) => u.includes('xlsx')), 'the .xlsx writer is fetched only when asked for');
  const [csv] = await Promise.all([page.waitForEvent('download'), on(page).export.downloadCsv.click()]);
  assert.equal(csv.suggestedFilename(), '统计.csv');
  const csvText = readFileSync(await csv.path(), 'utf8');
  assert.ok(csvText.startsWith('\ufeff学院/书院,团支部,团员'), csvText.slice(0, 30));
  const [xlsx] = await Promise.all([page.waitForEvent('download'), on(page).export.downloadXlsx.click()]);
  assert.equal(xlsx.suggestedFilename(), '统计.xlsx');
  assert.ok(fetched.some((u) => u.endsWith('/xlsx-1.js')));
  const files = readZip(readFileSync(await xlsx.path()));
  for (const part of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']) {
    assert.ok(part in files, `${part} is in the .xlsx`);
    const wellFormed = await page.evaluate((x) => !new DOMParser().parseFromString(x, 'application/xml').querySelector('parsererror'), files[part]);
    assert.ok(wellFormed, `${part} is well-formed XML`);
  }
  assert.match(files['xl/workbook.xml'], /<sheet name="统计"/);
  const sheet = files['xl/worksheets/sheet1.xml'];
  assert.equal((sheet.match(/<row /g) || []).length, 4, 'a header and the college\'s 3 branches');
  // Branch names are text; member counts are numbers.
  assert.match(sheet, /<c r="B2" t="inlineStr"><is><t xml:space="preserve">[^<]*团支部<\/t>/);
  assert.match(sheet, /<c r="C2"><v>\d+<\/v><\/c>/);
  await shot(page, 'committee-22-stats-downloads');
  // A secretary's roster as .xlsx, with masked ID numbers.
  await actAs(page, server.base, 'TZB25070101');
  await open(page, `${server.base}branch/`);
  await on(page).members.tabMembers.click();
  await on(page).members.exportRoster.click();
  const [roster] = await Promise.all([page.waitForEvent('download'), on(page).export.downloadXlsx.click()]);
  assert.equal(roster.suggestedFilename(), '团员名单.xlsx');
  const rosterSheet = readZip(readFileSync(await roster.path()))['xl/worksheets/sheet1.xml'];
  assert.match(rosterSheet, /\d{3}\*{11}[\dX]{4}/);
  assert.ok(!/\d{17}[\dX]/.test(rosterSheet), 'ID numbers are masked in the .xlsx');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('毕业转出: a cadre resigns first, all transfer out, the branch is archived', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  page.on('dialog', (d) => d.accept());
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB22121301');
  await open(page, `${server.base}branch/`);
  await on(page).members.tabGraduates.click();
  assert.equal(await on(page).graduates.graduationYear.inputValue(), '2026');
  const rows = on(page).graduates.graduate;
  const n = await rows.count();
  assert.ok(n >= 3);
  for (let i = 0; i < n; i++) await rows.nth(i).locator('input[type=checkbox]').check();
  await on(page).graduates.destination.selectOption('升学');
  await on(page).graduates.target.fill('某大学2026级研究生团支部');
  await on(page).graduates.transferOut.click();
  // All or none: the cadre is named with the reason, and nobody goes; the ticks stay.
  await on(page).form.errorBar.getByText('须先辞去职务').waitFor();
  await on(page).form.errorBar.getByText('都没有转出').waitFor();
  assert.equal(await on(page).graduates.outgoing.count(), 0);
  await on(page).graduates.resign.click();
  await on(page).graduates.transferOut.click();
  await on(page).graduates.message.getByText(`已在本机办理${n}人的转出`).waitFor();
  assert.equal(await on(page).graduates.outgoing.count(), n);
  await shot(page, 'branch-40-graduates');
  // The receiving side accepted: confirm each; then the empty branch is archived.
  while (await on(page).graduates.confirmOut.count() > 0) {
    await on(page).graduates.confirmOut.first().click();
  }
  assert.equal(await on(page).graduates.graduate.count(), 0);
  await on(page).graduates.archive.click();
  await on(page).graduates.archive.getByText('已归档').waitFor();
  await page.goto(`${server.base}find/?q=${encodeURIComponent('毕业班')}`);
  await on(page).find.hitDisabled.filter({ hasText: '2022级睿信书院毕业班团支部' }).getByText('已归档').waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('two members apply: the secretary accepts one and returns the other with a reason the member sees', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  for (const [phoneNo, name, first17] of [['13500000001', '甲同学', '11010820070701331'], ['13500000002', '乙同学', '11010820070701351']]) {
    await page.goto(`${server.base}me/`);
    await page.locator(`${css.me.logout}, ${css.me.loginForm}`).first().waitFor();
    if (await on(page).me.logout.count()) await on(page).me.logout.click();
    await page.goto(`${server.base}register/`);
    await on(page).register.create(phoneNo);
    await on(page).profile.fillIn({ name, first17 });
    await page.goto(`${server.base}find/?q=${encodeURIComponent('2025级睿信书院2班')}`);
    await on(page).find.hit.first().click();
    await on(page).apply.send();
  }
  await actAs(page, server.base, 'TZB25120102');
  await open(page, `${server.base}branch/`);
  await on(page).members.acceptRequest('甲同学');
  const other = on(page).members.request.filter({ hasText: '乙同学' });
  await on(other).members.return.click();
  await on(other).members.returnReasonConfirm.click();
  // Said under the reason, where the secretary is looking.
  await other.locator('.field-invalid .field-error').getByText('请填写原因').waitFor();
  await on(other).members.returnReason.fill('本支部是2班，请选择您所在的1班团支部');
  await on(other).members.returnReasonConfirm.click();
  await on(page).members.queueMessage.getByText('已退回').waitFor();
  await shot(page, 'branch-50-returned');
  // The member sees the reason on 我的组织.
  await page.goto(`${server.base}me/`);
  await on(page).me.logout.click();
  await on(page).me.logIn('13500000002', 'abcd1234');
  await on(page).me.overview.waitFor();
  await page.goto(`${server.base}my-org/`);
  const req = on(page).myOrg.myRequest.first();
  assert.equal(await on(req).myOrg.requestState.innerText(), '已退回');
  assert.match(await req.innerText(), /退回原因：本支部是2班，请选择您所在的1班团支部/);
  await ctx.close();
});

test('accept many at once, and a class list picked as a CSV file', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  await openDemo(page, server.base);
  await actAs(page, server.base, 'TZB25070101');
  await open(page, `${server.base}branch/`);
  const n = await on(page).members.request.count();
  assert.ok(n >= 2);
  await on(page).members.selectAll.click();
  await on(page).members.acceptSelected.getByText(`接收所选（${n}）`).waitFor();
  await on(page).members.acceptSelected.click();
  await on(page).members.queueMessage.getByText(`已接收${n}人`).waitFor();
  assert.equal(await on(page).members.request.count(), 0);
  // A CSV file (as saved by Excel: BOM, comma-separated) is read and reconciled at once.
  await on(page).members.tabReconcile.click();
  const csv = '\ufeff姓名,学号\r\n无名氏,1120250888\r\n';
  await page.setInputFiles('input[type=file]', { name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await on(page).reconcile.missing.filter({ hasText: '无名氏' }).waitFor();
  assert.match(await on(page).reconcile.classList.inputValue(), /无名氏,1120250888/);
  await ctx.close();
});

test('核对名单 reads lists as people copy them (序号 and header, spaces, full-width digits) and keeps them across tabs', async () => {
  const ctx = await phone(chrome.browser);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await openDemo(page, server.base);
  const people = await page.evaluate(() => {
    const s = window.__savedDoc().state;
    const branch = Object.values(s.orgs).find((o) => o.name === '2025级会计学1班团支部').id;
    return Object.values(s.accounts).filter((a) => a.role.Member?.branch === branch && a.role.Member.profile?.student_no)
      .map((a) => [a.role.Member.profile.name, a.role.Member.profile.student_no]);
  });
  const full = (t) => t.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  // As from WPS with 序号 and a header row; one line typed with full-width digits and spaces.
  const list = ['序号 姓名 学号', ...people.map(([n, no], i) => (i === 0 ? full(`${i + 1}　${n}　${no}`) : `${i + 1} ${n} ${no}`))].join('\n');
  const result = await reconcileAs(page, 'TZB25080101', list);
  await result.getByText(`名单上已加入：${people.length}人`).waitFor();
  assert.equal(await on(page).reconcile.missing.count(), 0, 'nobody missing: 序号 and the header are not people');
  await shot(page, 'branch-23-reconcile-wps-list');
  // Another tab and back: the list and its result are still there.
  await on(page).members.tabJoin.click();
  await on(page).members.tabReconcile.click();
  await result.getByText(`名单上已加入：${people.length}人`).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});
