// What every screen must pass to be read and reached by every student (WCAG 2.1 AA), checked the same
// way in both engines (a Playwright page, or a WebKit phone of tests/webkit/driver.mjs):
// - axe-core's WCAG 2.0/2.1 A and AA rules (AXE_TAGS), on the screen as it is shown;
// - every control a touch target of at least 44x44 CSS px (a checkbox's target is its label);
// - every control a keyboard reaches shows that it has the focus (an outline);
// - at 200% text size, nothing wider than the screen, no text cut off, no two controls overlapping.
// `SCREENS_WALKED` is every screen of the app (each title of Route::title in src/route.rs, and the
// states a page shows: tabs, a refusal, a hand-over, an open dialog), reached as its users reach it.
import { readFileSync } from 'node:fs';
import { on, css, SCREENS } from './screens.mjs';
import { isWebKit, open, actAs, until, fileText, syncLink } from './steps.mjs';

/** The rules that must hold: axe-core's tags for WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** The smallest touch target, in CSS px (WCAG 2.5.5, Apple's and Android's guidance). */
export const MIN_TARGET = 44;

const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** Runs `fn(arg)` in the page (self-contained: it is sent as source); returns its result. */
function inPage(page, fn, arg) {
  return isWebKit(page) ? page.run(fn, arg) : page.evaluate(fn, arg);
}

/** axe-core's violations of AXE_TAGS on the page as shown: one line per rule, naming up to three elements. */
export async function axeViolations(page) {
  if (isWebKit(page)) await page.cmd('POST', '/execute/sync', { script: AXE, args: [] });
  else await page.evaluate(AXE);
  await inPage(page, (tags) => {
    window.__axe = null;
    window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      .then((r) => { window.__axe = r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? n.all[0]?.message ?? ''}`).join(' | ')}`); })
      .catch((e) => { window.__axe = [`axe failed: ${e}`]; });
  }, AXE_TAGS);
  await until(page, () => Array.isArray(window.__axe), null, 'axe to finish');
  return inPage(page, () => window.__axe);
}

/** In the page: the visible controls, each with its tap target (a checkbox or radio: its label), and a name. */
function controls() {
  const shown = (e) => e.getClientRects().length > 0 && (e.checkVisibility?.({ visibilityProperty: true }) ?? getComputedStyle(e).visibility !== 'hidden') && !e.closest('.visually-hidden');
  return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(shown)
    .map((e) => {
      const small = e.type === 'checkbox' || e.type === 'radio' || e.type === 'file';
      const target = small && e.closest('label') ? e.closest('label') : e;
      const r = target.getBoundingClientRect();
      const test = e.dataset.test ?? e.closest('[data-test]')?.dataset.test ?? '';
      const name = `<${e.tagName.toLowerCase()}${test ? ` data-test=${test}` : ''}> ${(e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 16)}`;
      return { name, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height, target };
    });
}

/** The controls smaller than MIN_TARGET either way: "name w×h". */
export function smallTargets(page) {
  return inPage(page, ({ src, min }) => {
    // eslint-disable-next-line no-new-func
    const list = new Function(`return (${src})()`)();
    return list.filter((c) => c.w < min - 0.5 || c.h < min - 0.5).map((c) => `${c.name} ${Math.round(c.w)}×${Math.round(c.h)}`);
  }, { src: controls.toString(), min: MIN_TARGET });
}

/** WebDriver's codes of the keys pressed. */
const KEY_CODES = { Tab: '\uE004', Escape: '\uE00C' };

/** Presses the key named (Tab, Escape) on the phone, as its keyboard would. */
async function press(page, key) {
  if (isWebKit(page)) {
    const value = KEY_CODES[key];
    const keys = { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }] };
    // WebKitWebDriver now and then answers a key action with "unknown error" before it reaches the page
    // (seen once in a hundred-odd screens, under load): the keys are released and pressed once more.
    try {
      await page.cmd('POST', '/actions', keys);
    } catch (e) {
      if (!String(e.message).includes('unknown error')) throw e;
      await page.cmd('DELETE', '/actions').catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
      await page.cmd('POST', '/actions', keys);
    }
  } else {
    await page.keyboard.press(key);
  }
}

/** Tab from the top of the page through up to `stops` controls: those that show no outline when focused,
 *  and, while a layer covers the screen (a modal dialog), those behind it. */
export async function focusNotShown(page, stops = 30) {
  await inPage(page, () => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const missing = [];
  let reached = 0;
  await inPage(page, () => { window.__a11yFirst = null; });
  for (let i = 0; i < stops; i++) {
    await press(page, 'Tab');
    const at = await inPage(page, () => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      // Back at the first control: the whole page has been walked.
      if (e === window.__a11yFirst) return { again: true };
      window.__a11yFirst ??= e;
      // A layer over the whole screen (a modal dialog) holds the focus: what is behind it is hidden.
      const layer = document.querySelector('dialog[open], :is(.qr-full, .scanning):not(dialog, [hidden])');
      const behind = !!layer && !layer.contains(e);
      // An invisible control (a file input over its button) shows its focus on what holds it.
      const ring = (x) => { const st = getComputedStyle(x); return (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 1) || st.boxShadow !== 'none'; };
      const hidden = getComputedStyle(e).opacity === '0';
      const shown = hidden ? !!e.parentElement && ring(e.parentElement) : ring(e);
      const test = e.dataset.test ?? '';
      return { name: `<${e.tagName.toLowerCase()}${test ? ` data-test=${test}` : ''}> ${(e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 16)}`, shown, behind, focused: document.hasFocus() };
    });
    if (!at) continue;
    if (at.again) break;
    reached += 1;
    if (!at.focused) missing.push('the window has no keyboard focus: nothing can be seen');
    if (at.behind) missing.push(`${at.name} behind the layer over the screen`);
    else if (!at.shown) missing.push(at.name);
  }
  await inPage(page, () => { document.activeElement?.blur(); window.__a11yFirst = null; });
  if (!reached) missing.push('no control reached by Tab');
  return [...new Set(missing)];
}

/** The width of the smallest phone screen checked, in CSS px. */
export const PHONE_WIDTH = 375;

/** At 200% text size (the user's font size doubled, as WeChat's largest text setting does: the app's
 *  sizes are rem) on a PHONE_WIDTH screen, what does not fit: a page wider than the screen, text cut
 *  off, text off the screen outside a sideways-scrolling region, two controls overlapping. Back to
 *  100% after. Where the window cannot be that narrow (WebKitGTK's MiniBrowser: 447 px), the page
 *  is laid out at that width instead. The page and its sideways-scrolling parts are scrolled back to
 *  their start first (sticky bars and columns lie over what scrolls under them). `whileLarge(page)`
 *  is run at 200% (a screenshot). */
export async function largeTextProblems(page, whileLarge) {
  await inPage(page, (w) => {
    window.scrollTo(0, 0);
    for (const e of document.querySelectorAll('*')) if (e.scrollLeft || e.scrollTop) { e.scrollLeft = 0; e.scrollTop = 0; }
    const s = document.createElement('style');
    s.id = 'a11y-200';
    s.textContent = `html { font-size: 200% !important; }${innerWidth > w ? ` html { width: ${w}px !important; }` : ''}`;
    document.head.append(s);
    // What is fixed to the window (a full-screen QR code) is as narrow as the page, as on the phone.
    if (innerWidth > w) {
      for (const e of document.body.querySelectorAll('*')) {
        if (getComputedStyle(e).position !== 'fixed') continue;
        e.dataset.a11yStyle = e.getAttribute('style') ?? '';
        e.style.setProperty('right', 'auto', 'important');
        e.style.setProperty('width', `${w}px`, 'important');
      }
    }
  }, PHONE_WIDTH);
  // Two frames: the layout has followed.
  await inPage(page, () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
  const found = await inPage(page, (src) => {
    // Back at the top: the browser may have moved the page to keep what was in sight as the text grew.
    window.scrollTo(0, 0);
    // eslint-disable-next-line no-new-func
    const list = new Function(`return (${src})()`)();
    const out = [];
    const width = Math.min(document.documentElement.clientWidth, document.documentElement.getBoundingClientRect().width);
    const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
    const wide = Math.max(document.body.scrollWidth, innerWidth > width ? 0 : document.documentElement.scrollWidth);
    if (wide > width + 1) {
      // Named by the innermost element that reaches past the edge.
      const past = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > width + 1 && !scrolls(e));
      const inner = past.filter((e) => !past.some((o) => o !== e && e.contains(o)));
      out.push(`the page is ${wide}px wide on a ${width}px screen: ${inner.slice(0, 3).map((e) => `${e.tagName.toLowerCase()}${e.dataset.test ? `[data-test=${e.dataset.test}]` : ''}.${e.className}`).join(', ')}`);
    }
    for (const e of document.body.querySelectorAll('*')) {
      if (!e.getClientRects().length || e.closest('.visually-hidden, [aria-hidden=true]')) continue;
      const st = getComputedStyle(e);
      const ownText = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const clips = (st.overflowX === 'hidden' || st.overflowX === 'clip' || st.textOverflow === 'ellipsis') && ownText;
      if (clips && e.scrollWidth > e.clientWidth + 1) out.push(`text cut off: ${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}"`);
      if (ownText && !scrolls(e)) {
        const r = e.getBoundingClientRect();
        if (r.right > width + 1 || r.left < -1) out.push(`text off the screen: ${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}"`);
      }
    }
    // The width of `text` on one line in the font of the computed style `st`.
    const oneLine = (text, st) => {
      const probe = document.createElement('span');
      probe.textContent = text;
      probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font:${st.font};letter-spacing:${st.letterSpacing}`;
      document.body.append(probe);
      const width = probe.getBoundingClientRect().width;
      probe.remove();
      return width;
    };
    // A closed select shows its chosen option on one line: cut off when wider than the box.
    for (const sel of document.querySelectorAll('select')) {
      const text = sel.selectedOptions[0]?.text ?? '';
      if (!sel.getClientRects().length || !text) continue;
      const st = getComputedStyle(sel);
      const need = oneLine(text, st) + parseFloat(st.paddingLeft) + parseFloat(st.paddingRight);
      if (need > sel.clientWidth + 1) out.push(`text cut off: the select ${sel.dataset.test ?? ''} shows "${text}" (${Math.round(need)}px) in ${sel.clientWidth}px`);
    }
    // An empty field's placeholder is on one line too: cut off when wider than the field.
    for (const input of document.querySelectorAll('input[placeholder]')) {
      const text = input.placeholder;
      if (!input.getClientRects().length || !text || input.value) continue;
      const need = oneLine(text, getComputedStyle(input, '::placeholder'));
      const box = getComputedStyle(input);
      const room = input.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
      if (need > room + 1) out.push(`text cut off: the placeholder of ${input.dataset.test ?? input.id} "${text}" (${Math.round(need)}px) in ${Math.round(room)}px`);
    }
    // Overlaps, but not of a control with its own label or with a control it holds, nor between parts of
    // a layer drawn over the page (a fixed dialog) and the page under it.
    const layer = (e) => e.closest('dialog, .scanning, .qr-full, [role=dialog]');
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i], b = list[j];
        if (a.target.contains(b.target) || b.target.contains(a.target) || layer(a.target) !== layer(b.target)) continue;
        const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (w > 1 && h > 1) out.push(`controls overlap: ${a.name} and ${b.name}`);
      }
    }
    return [...new Set(out)];
  }, controls.toString());
  if (whileLarge) await whileLarge(page);
  await inPage(page, () => {
    document.getElementById('a11y-200')?.remove();
    for (const e of document.querySelectorAll('[data-a11y-style]')) {
      e.setAttribute('style', e.dataset.a11yStyle);
      delete e.dataset.a11yStyle;
    }
  });
  return found;
}

/** Everything the screen shown fails, as lines naming `screen` (empty when it passes); `whileLarge`
 *  as for largeTextProblems. */
export async function screenProblems(page, screen, whileLarge) {
  const problems = [
    ...(await axeViolations(page)).map((v) => `axe ${v}`),
    ...(await smallTargets(page)).map((t) => `target under ${MIN_TARGET}px: ${t}`),
    ...(await focusNotShown(page)).map((t) => `focus not shown: ${t}`),
    ...(await largeTextProblems(page, whileLarge)).map((t) => `200% text: ${t}`),
  ];
  return problems.map((p) => `${screen}: ${p}`);
}

/** Waits until the app is up at the page opened and the screen titled `title` shows. */
async function shows(page, title) {
  await until(page, (t) => window.tuan?.up === true && document.querySelector('.topbar-title')?.textContent === t, title, `the screen ${title}`);
}

/** The demo's accounts the walk acts as (their rows on 演示：切换身份). */
const MEMBER = '王子涵';
const BRANCH = 'TZB25110103';
const COLLEGE = 'JSJTW';
const SCHOOL = '示范大学团委';

const invite = (() => {
  const name = (s) => `~${Buffer.from(s).toString('base64url')}`;
  return `join/?id=1999901&name=${name('2025级新专业1班团支部')}&cid=1999900&college=${name('新学院团委')}`;
})();

/** Taps `opener` and waits for the full-screen layer it opens. */
async function openLayer(opener, layer) {
  await opener.click();
  await layer.waitFor();
}

/** Escape on the open layer `layerCss`: it closes, and the keyboard's focus is back on the control
 *  whose data-test is `openerTest`. */
async function escapeBackTo(page, layerCss, openerTest) {
  await press(page, 'Escape');
  await until(page, ([sel, t]) => !document.querySelector(`${sel}[open]`) && document.activeElement?.dataset.test === t,
    [layerCss, openerTest], `${layerCss} closed, the focus on ${openerTest}`);
}

/** Every screen and state, in the order walked: [who (null: a blank phone; or a demo account), path,
 *  the title shown, a name, and what to do there first]. A blank phone's screens come first. */
export const SCREENS_WALKED = [
  [null, '', '北京共青团', 'home-blank'],
  [null, 'register/', '创建账号', 'register'],
  [null, 'register/', '创建账号', 'register-refused', async (p) => { await on(p).register.next.click(); await until(p, () => document.querySelector('.field-error:not(:empty), .error-bar'), null, 'a refusal'); }],
  [null, 'me/', '我的', 'me-login'],
  [null, 'forgot/', '忘记密码', 'forgot'],
  [null, 'committee/new/', '建立校团委', 'found-school'],
  [null, 'branch/register/?code=ABCD-EFGH', '立即注册', 'branch-register'],
  // 行业类别's options open.
  [null, 'branch/register/?code=ABCD-EFGH', '立即注册', 'branch-register-industry', async (p) => {
    await on(p).branchRegister.industryChosen.click();
    await on(p).branchRegister.industryOption.filter({ hasText: '党政机关' }).waitFor();
  }],
  [null, invite, '申请加入', 'invite'],
  [null, 'import/#d=jxyz', '导入同步文件', 'import-unreadable'],
  [null, 'data/', '数据与备份', 'data-blank'],
  [null, '#/no-such-page', '页面不存在', 'not-found'],
  ['demo', 'demo/', '演示：切换身份', 'demo'],
  [MEMBER, '', '北京共青团', 'home-member'],
  [MEMBER, 'me/', '我的', 'me-member'],
  [MEMBER, 'profile/', '完善个人信息', 'profile'],
  [MEMBER, `find/?q=${encodeURIComponent('计算机')}`, '找组织', 'find'],
  [MEMBER, 'apply/?id=1100101', '申请加入', 'apply'],
  [MEMBER, 'my-org/', '我的组织', 'my-org'],
  [MEMBER, 'my-org/send/', '发给团支书', 'send-application', async (p) => { kept.application = await syncLink(p); }],
  [MEMBER, 'my-org/send/', '发给团支书', 'send-application-qr', (p) => openLayer(on(p).handover.showQr, on(p).handover.syncQr)],
  // Escape closes the full-screen QR code, and the keyboard is back where it was.
  [MEMBER, 'my-org/send/', '发给团支书', 'send-application-qr-closed', async (p) => {
    await openLayer(on(p).handover.showQr, on(p).handover.syncQr);
    await escapeBackTo(p, css.handover.syncQr, SCREENS.handover.showQr);
  }],
  [MEMBER, 'my-data/', '我的数据', 'my-data'],
  [MEMBER, 'appeal/', '我要申诉', 'appeal'],
  [MEMBER, 'volunteer/', '志愿北京', 'volunteer'],
  [BRANCH, 'branch/', '我的团员', 'branch-join'],
  [BRANCH, 'branch/', '我的团员', 'branch-invite', async (p) => { await on(p).members.showInvite.click(); await on(p).members.inviteLink.waitFor(); }],
  [BRANCH, 'branch/', '我的团员', 'branch-return', async (p) => {
    await on(p).members.return.first().click();
    await on(p).members.returnReason.waitFor();
  }],
  [BRANCH, 'branch/', '我的团员', 'branch-members', (p) => on(p).members.tabMembers.click()],
  [BRANCH, 'branch/', '我的团员', 'branch-graduates', (p) => on(p).members.tabGraduates.click()],
  [BRANCH, 'branch/', '我的团员', 'branch-reconcile', (p) => on(p).members.tabReconcile.click()],
  // 核对名单's result (a newcomer missing, a line twice) with the form to record a problem open.
  [BRANCH, 'branch/', '我的团员', 'branch-reconcile-result', async (p) => {
    await on(p).members.tabReconcile.click();
    await on(p).reconcile.classList.fill('姓名,学号\n钱新生,1120250777\n钱新生,1120250777\n');
    await on(p).reconcile.reconcile.click();
    await on(p).reconcile.result.waitFor();
    await on(p).reconcile.recordProblem.first().click();
    await on(p).reconcile.problemNote.waitFor();
  }],
  [BRANCH, 'branch/', '我的团员', 'branch-appeals', (p) => on(p).members.tabAppeals.click()],
  [BRANCH, 'data/', '数据与备份', 'data'],
  // 扫码导入 over the whole screen (with or without a camera: its message then says why).
  [BRANCH, 'data/', '数据与备份', 'data-scanning', (p) => openLayer(on(p).sync.scan, on(p).sync.scanning)],
  // Escape closes the scanner, and the keyboard is back on 扫码导入.
  [BRANCH, 'data/', '数据与备份', 'data-scanning-closed', async (p) => {
    await openLayer(on(p).sync.scan, on(p).sync.scanning);
    await escapeBackTo(p, css.sync.scanning, SCREENS.sync.scan);
  }],
  [BRANCH, 'data/send/?kind=backup', '发送', 'send-backup', (p) => fileText(p)],
  // A file read that holds nothing new here: its refusal, where the user is looking.
  [BRANCH, 'data/', '数据与备份', 'data-refusal', async (p) => {
    await on(p).sync.read(kept.application);
    await on(p).sync.error.waitFor();
  }],
  [COLLEGE, 'committee/', '下级团组织管理', 'committee'],
  [COLLEGE, 'committee/codes/', '组织注册码', 'codes'],
  [COLLEGE, 'committee/handover/?org=1100101', '交给新手机', 'hand-over'],
  [COLLEGE, 'committee/stats/', '统计', 'stats-college'],
  [SCHOOL, 'committee/stats/', '统计', 'stats-school'],
  [SCHOOL, 'start/', '北京共青团', 'start'],
  // A new account on this phone: the privacy notice it must agree to first.
  [SCHOOL, 'register/', '创建账号', 'register-consent', async (p) => {
    const s = on(p).register;
    await s.phone.fill('13700000001');
    await s.password.fill('abcd1234');
    await s.confirm.fill('abcd1234');
    await s.next.click();
    await on(p).profile.consent.waitFor();
  }],
];

/** What one step of the walk keeps for a later one (a file's text). */
const kept = {};

/** Walks SCREENS_WALKED on `page` (a blank phone at first), checking each screen with `check(page,
 *  name)` (which returns its problems); returns every problem found and the titles seen. */
export async function walkEveryScreen(page, base, check) {
  const problems = [];
  const titles = new Set();
  let acting = null;
  for (const [who, path, title, name, first] of SCREENS_WALKED) {
    if (who !== acting) {
      // The demo on this phone, blank until now (使用演示数据, as the home page's cell offers it).
      if (acting === null) {
        await open(page, `${base}demo/start/`);
        await shows(page, '演示：切换身份');
      }
      if (who !== 'demo') await actAs(page, base, who);
      acting = who;
    }
    try {
      await open(page, `${base}${path}`);
      await shows(page, title);
      if (first) await first(page);
    } catch (e) {
      throw new Error(`reaching ${name} (${path}): ${e.message}`);
    }
    titles.add(title);
    problems.push(...(await check(page, name)));
  }
  return { problems, titles };
}

/** The screens that only move on to another (使用演示数据 loads the demo and opens 演示：切换身份). */
export const PASSING_THROUGH = ['使用演示数据'];

/** Every title Route::title gives (src/route.rs), for the walk to cover. */
export function routeTitles() {
  const src = readFileSync(new URL('../../src/route.rs', import.meta.url), 'utf8');
  const body = src.slice(src.indexOf('pub fn title'));
  return new Set([...body.slice(0, body.indexOf('\n    }\n')).matchAll(/=> "([^"]+)"/g)].map((m) => m[1]));
}

