// The app's screens as page objects, one per screen: each names the elements a test touches (by the
// data-test the screen gives them) and holds the steps the tests take on it, so a test reads like the
// app (`on(page).register.phone`, `on(page).register.create(phoneNo)`) and a screen's markup is named in
// one place. Shared by the Chromium tests (Playwright pages and locators) and the WebKit tests (a
// phone of tests/webkit/driver.mjs, or its CSS selectors, `css`): `on` takes either engine's page.

/** Each screen: element name → its data-test (or, for a family of elements, a function of their kind → data-test). */
export const SCREENS = {
  /** 首页 (index.html and pages/common/home.rs) */
  home: {
    demoBanner: 'demo-banner', firstRun: 'first-run', home: 'home', leaveDemo: 'leave-demo', startEmpty: 'start-empty',
    useDemo: 'use-demo',
  },
  /** 建立校团委 (pages/committee/found.rs) */
  found: {
    confirm: 'confirm', form: 'found-school-form', goCodes: 'go-codes', name: 'school-name', password: 'password',
    submit: 'found-school-submit', username: 'username',
  },
  /** the 404 page (scripts/routes.mjs) */
  notFound: {
    home: 'home', home404: 'home-404',
  },
  /** 正在加载此页面 (pages/common/full_build.rs) */
  fullBuild: {
    loadFullAnyway: 'load-full-anyway', loadingFull: 'loading-full',
  },
  /** the frame of every page: notices and save errors (app.rs) */
  app: {
    notice: 'notice', saveError: 'save-error', longPaste: 'long-paste', cleanStorage: 'clean-storage', cleanStorageGo: 'clean-storage-go',
  },
  /** form widgets (widgets/form.rs) */
  form: {
    errorBar: 'error-bar',
  },
  /** 演示数据: choose an account (pages/common/demo.rs) */
  demo: {
    account: 'demo-account',
  },
  /** 我的 (pages/common/me.rs) */
  me: {
    login: 'login', loginForm: 'login-form', loginSubmit: 'login-submit', logout: 'logout', overview: 'me-overview',
    password: 'password',
  },
  /** 创建账号 (pages/member/register.rs) */
  register: {
    confirm: 'confirm', next: 'next', password: 'password', phone: 'phone', strength: 'strength',
  },
  /** 完善个人信息 (pages/member/profile.rs) */
  profile: {
    consent: 'consent', consentAgree: 'consent-agree', derived: 'derived', education: 'education', volunteer: 'volunteer',
    form: 'profile-form', goFind: 'go-find', goInvited: 'go-invited', goVolunteer: 'go-volunteer',
    idNumber: 'id-number', joinMonth: 'join-month', memberNumber: 'member-number',
    memberNumberGuide: 'member-number-guide', name: 'name', saveProfile: 'save-profile', studentNo: 'student-no',
  },
  /** 找组织 (pages/member/find.rs) */
  find: {
    hit: 'find-hit', hitDisabled: 'find-hit-disabled', query: 'find-query', results: 'find-results',
  },
  /** 申请加入 (pages/member/apply.rs) */
  apply: {
    confirmText: 'apply-confirm-text', goMyOrg: 'go-my-org', inviteRegister: 'invite-register',
    submit: 'apply-submit',
  },
  /** the member's hand-over (pages/member/handover.rs) */
  memberHandover: {
    goMyOrg: 'go-my-org', handoverTo: 'handover-to', toText: 'to-text',
  },
  /** 我的组织 (pages/member/my_org.rs) */
  myOrg: {
    myRequest: 'my-request', reapply: 'reapply', requestHanded: 'request-handed', requestState: 'request-state',
    sendApplication: 'send-application', withdraw: 'withdraw', withdrawReason: 'withdraw-reason',
    withdrawReasonConfirm: 'withdraw-reason-confirm',
  },
  /** 志愿服务 (pages/member/volunteer.rs) */
  volunteer: {
    nativePlaceCity: 'native-place-city', nativePlaceProvince: 'native-place-province',
    residenceDistrict: 'residence-district', serviceAreaCity: 'service-area-city',
    serviceAreaDistrict: 'service-area-district', serviceAreaProvince: 'service-area-province',
    submit: 'volunteer-submit',
  },
  /** 我要申诉 (pages/member/appeal.rs) */
  appeal: {
    idNumber: 'id-number', myAppeal: 'my-appeal', photo: 'photo', photoPreview: 'photo-preview',
    photoSize: 'photo-size', reason: 'reason', submit: 'appeal-submit',
  },
  /** 忘记密码 (pages/member/forgot.rs) */
  forgot: {
    byCode: 'by-code', confirm: 'confirm', idNumber: 'id-number', name: 'name', password: 'password', phone: 'phone',
    resetCode: 'reset-code', resetSubmit: 'reset-submit',
  },
  /** 我的数据 (pages/member/my_data.rs) */
  myData: {
    deleteMine: 'delete-mine', exportMine: 'export-mine', myData: 'my-data',
  },
  /** a hand-over: link, QR code, text, file (pages/common/channels.rs) */
  handover: {
    closeQr: 'close-qr', copyLink: 'copy-link', copySync: 'copy-sync', handover: 'handover', showQr: 'show-qr',
    state: 'handover-state', note: 'handover-note', signAgain: 'sign-again',
    syncLink: 'sync-link', syncQr: 'sync-qr', syncText: 'sync-text',
  },
  /** 发给… (pages/common/send.rs) */
  send: {
    handoverTo: 'handover-to',
  },
  /** receiving files and the preview (pages/common/sync.rs) */
  sync: {
    /** The button that opens the hand-over of a kind of file (backup, report, …). */
    send: (kind) => `send-${kind}`,
    claimPassword: 'claim-password', claimPw: 'claim-pw', claimPw2: 'claim-pw2', confirmImport: 'confirm-import',
    claimOldPw: 'claim-old-pw', claimForgot: 'claim-forgot', claimIdentity: 'claim-identity',
    /** On a phone a committee handed an organisation's account to: the 重置码 and its note. */
    claimHanded: 'claim-handed', claimResetCode: 'claim-reset-code',
    /** Under that phone's 组织注册信息: the code typed again. */
    retypeCode: 'retype-reset-code', retypeSubmit: 'retype-reset-submit',
    /** 完整备份's first step on a phone with a logged-in account: the password that seals its identity. */
    backupSeal: 'backup-seal', backupPassword: 'backup-password', backupSealSubmit: 'backup-seal-submit',
    backupUnsealed: 'backup-unsealed', backupUnsealedNote: 'backup-unsealed-note',
    error: 'sync-error', file: 'sync-file', newKey: 'new-key', paste: 'sync-paste', preview: 'sync-preview',
    previewAdded: 'preview-added', previewAnotherDevice: 'preview-another-device', previewChanged: 'preview-changed',
    previewConflicts: 'preview-conflicts', previewIgnored: 'preview-ignored', previewKeys: 'preview-keys',
    previewDetails: 'preview-details', previewSignature: 'preview-signature', previewSummary: 'preview-summary',
    readSync: 'read-sync', scan: 'scan', scanDone: 'scan-done', scanning: 'scanning',
    sendBackup: 'send-backup', sendKind: 'send-kind', sendReport: 'send-report', trustKey: 'trust-key',
    undoImport: 'undo-import',
    /** 清除本机数据 (it asks first). */
    clearDevice: 'clear-device',
  },
  /** 数据与备份 (pages/common/data.rs) */
  data: {
    backup: 'backup',
  },
  /** export tables (widgets/export.rs) */
  export: {
    box: 'export-box', downloadCsv: 'download-csv', downloadXlsx: 'download-xlsx',
    wechatNoDownload: 'wechat-no-download',
  },
  /** QR codes (widgets/qr.rs) */
  qr: {
    qr: 'qr',
  },
  /** 我的团员: queue, roster, invite (pages/branch/members.rs) */
  members: {
    accept: 'accept', acceptSelected: 'accept-selected', copyInvite: 'copy-invite', exportRoster: 'export-roster',
    invite: 'invite', inviteLink: 'invite-link', member: 'member', memberWarning: 'member-warning',
    queueMessage: 'queue-message', receive: 'receive', request: 'request', requestId: 'request-id',
    requestSelect: 'request-select', samePerson: 'same-person',
    requestList: 'request-list', requestWarning: 'request-warning', resetCode: 'reset-code', return: 'return',
    returnReason: 'return-reason', returnReasonConfirm: 'return-reason-confirm', reveal: 'reveal',
    selectAll: 'select-all', showInvite: 'show-invite', showMore: 'show-more', tabAppeals: 'tab-appeals',
    tabGraduates: 'tab-graduates', tabJoin: 'tab-join', tabMembers: 'tab-members', tabReconcile: 'tab-reconcile',
  },
  /** 立即注册 (pages/branch/register.rs) */
  branchRegister: {
    code: 'code', confirm: 'confirm', goBranch: 'go-branch', goCodes: 'go-codes', graduationYear: 'graduation-year',
    /** 行业类别 (a ChoiceField): the row showing the choice, which opens the options, and each option. */
    industry: 'industry', industryChosen: 'industry-chosen', industryOption: 'industry-option',
    name: 'branch-name',
    number: 'branch-number', password: 'password', secretaryName: 'secretary-name',
    secretaryPhone: 'secretary-phone', submit: 'branch-register-submit', useSuggestion: 'use-suggestion',
    username: 'username',
  },
  /** the branch's 未发出 reminders (pages/branch/dues.rs) */
  dues: {
    due: 'due', dueSend: 'due-send',
  },
  /** 申诉 decisions (pages/branch/appeals.rs) */
  appeals: {
    appeal: 'appeal', conflict: 'appeal-conflict', keepAppealRejected: 'keep-appeal-rejected',
  },
  /** 核对名单 (pages/branch/reconcile.rs) */
  reconcile: {
    classList: 'class-list', duplicate: 'duplicate', missing: 'missing', notOnList: 'not-on-list',
    problem: 'problem', problemNote: 'problem-note', problemSave: 'problem-save', reconcile: 'reconcile',
    recordProblem: 'record-problem', reportProblems: 'report-problems', result: 'reconcile-result',
    progress: 'reconcile-progress', tooLong: 'reconcile-too-long',
  },
  /** 毕业转出 (pages/branch/graduates.rs) */
  graduates: {
    archive: 'archive', confirmOut: 'confirm-out', destination: 'destination', graduate: 'graduate',
    graduationYear: 'graduation-year', message: 'graduates-message', outgoing: 'outgoing', resign: 'resign',
    target: 'target', transferOut: 'transfer-out',
  },
  /** 下级团组织 (pages/committee/overview.rs) */
  overview: {
    branchRow: 'branch-row', handOver: 'hand-over',
  },
  /** 交给新手机 (pages/committee/handover.rs) */
  handOver: {
    handoverTo: 'handover-to', issue: 'issue-org-reset', code: 'org-reset-code',
  },
  /** 组织注册码 (pages/committee/codes.rs) */
  codes: {
    code: 'code', conflict: 'code-conflict', conflicts: 'code-conflicts', copyCode: 'copy-code', copyFresh: 'copy-fresh',
    count: 'code-count', freshCodes: 'fresh-codes', generate: 'generate', kind: 'code-kind', message: 'code-message',
    showQr: 'show-qr', void: 'void',
  },
  /** 重复注册 (pages/committee/clashes.rs) */
  clashes: {
    branchClash: 'branch-clash', branchClashes: 'branch-clashes', voidRegistration: 'void-registration',
    registrationFacts: 'registration-facts',
  },
  /** 统计 (pages/committee/stats.rs) */
  stats: {
    collegeTable: 'college-table', duplicates: 'duplicates', emptyBranches: 'empty-branches',
    exportStats: 'export-stats', rateChart: 'rate-chart', reportedProblem: 'reported-problem', resolve: 'resolve',
    resolveNote: 'resolve-note', row: 'stats-row', table: 'stats-table',
  },
};

/** The CSS selector of every element, for the WebKit driver: `css.register.phone` is `[data-test=phone]`. */
const selector = (test) => (typeof test === 'function' ? (...args) => `[data-test=${test(...args)}]` : `[data-test=${test}]`);
export const css = Object.fromEntries(
  Object.entries(SCREENS).map(([screen, els]) => [screen, Object.fromEntries(Object.entries(els).map(([name, test]) => [name, selector(test)]))]),
);

/** The title each page's top bar shows (`Route::title` in src/route.rs), for the screens that are a page of
 *  their own: their elements are looked for only under that title, so a test cannot reach one screen's
 *  elements through another screen's object and have it work by chance (`on(page).forgot.password` on
 *  创建账号 waits for 忘记密码, and fails). The parts shown on several pages (the frame, forms, hand-overs,
 *  receiving files, 申诉 also shown to a committee) have none; 我的团员's tabs have its title. Such a
 *  locator is found from the page's frame, so within another locator's `has` use the element's own
 *  selector (`page.locator('.field-invalid', { has: page.locator(css.members.returnReason) })`). */
export const TITLES = {
  found: '建立校团委', me: '我的', register: '创建账号', profile: '完善个人信息', find: '找组织', apply: '申请加入',
  myOrg: '我的组织', volunteer: '志愿北京', appeal: '我要申诉', forgot: '忘记密码', myData: '我的数据',
  members: '我的团员', branchRegister: '立即注册', overview: '下级团组织管理', handOver: '交给新手机',
  codes: '组织注册码', stats: '统计', demo: '演示：切换身份', graduates: '我的团员', reconcile: '我的团员',
};

/** A valid GB 11643 ID number from its first 17 digits. */
export function withCheck(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** Each screen's actions: the steps the tests take on it, each an async function of the page (either
 *  engine's, or a part of it) and the data, reached as `on(page).screen.action(data…)`. They use only
 *  what both engines' elements offer (below: fill, click, selectOption, waitFor, inputValue, count,
 *  allInnerTexts, filter by text, or, first, locator, getByRole('button')). */
export const ACTIONS = {
  register: {
    /** 创建账号: phone, password twice, 下一步, then 同意 on the privacy notice (on 完善个人信息). */
    async create(page, phoneNo, password = 'abcd1234') {
      const s = on(page).register;
      await s.phone.fill(phoneNo);
      await s.password.fill(password);
      await s.confirm.fill(password);
      await s.next.click();
      await on(page).profile.consentAgree.click();
      await on(page).profile.form.waitFor();
    },
  },
  profile: {
    /** 完善个人信息: a valid profile joined in `month` (unsaved unless `save`). Returns the ID number. */
    async fillIn(page, { name, first17, month = '2021-05', save = true }) {
      const s = on(page).profile;
      const id = withCheck(first17);
      await s.name.fill(name);
      await s.idNumber.fill(id);
      await s.joinMonth.fill(month);
      await s.memberNumber.fill(`${month.slice(0, 4)}${first17.slice(-8)}`);
      await s.education.selectOption('本科在读');
      await s.studentNo.fill(`1120${first17.slice(-6)}`);
      if (save) {
        await s.saveProfile.click();
        await s.goFind.waitFor();
      }
      return id;
    },
  },
  me: {
    /** 我的's login: the phone or username, the password, 登录 (what follows is the test's to wait for). */
    async logIn(page, login, password) {
      const s = on(page).me;
      await s.login.fill(login);
      await s.password.fill(password);
      await s.loginSubmit.click();
    },
  },
  find: {
    /** 找组织: the words typed, until a hit naming `name` shows; returns that hit. */
    async search(page, query, name) {
      const s = on(page).find;
      await s.query.fill(query);
      const hit = s.hit.filter({ hasText: name });
      await hit.waitFor();
      return hit;
    },
  },
  apply: {
    /** 申请加入: 确认申请, until its result (去我的组织) shows. */
    async send(page) {
      await on(page).apply.submit.click();
      await on(page).apply.goMyOrg.waitFor();
    },
    /** A branch's invite opened on a phone with no account: 注册并申请, 创建账号, 完善个人信息 (saved),
     *  back to 申请加入 and 确认申请; ends on its result. Returns the ID number. */
    async joinAsNew(page, { phoneNo, name, first17, password = 'abcd1234', month }) {
      await on(page).apply.inviteRegister.click();
      await on(page).register.create(phoneNo, password);
      const id = await on(page).profile.fillIn({ name, first17, month });
      await on(page).profile.goInvited.click();
      await on(page).apply.send();
      return id;
    },
  },
  members: {
    /** 我的团员's queue: 接收 on the request of `name`. */
    async acceptRequest(page, name) {
      await on(on(page).members.request.filter({ hasText: name })).members.accept.click();
    },
  },
  sync: {
    /** Receiving a file: its text pasted, then 读取 (the preview or a refusal follows). */
    async read(page, text) {
      await on(page).sync.paste.fill(text);
      await on(page).sync.readSync.click();
    },
    /** A restored account's password set on this phone (twice, then its button), until 我的 shows it logged in. */
    async claimAs(page, password) {
      const s = on(page).sync;
      await s.claimPw.fill(password);
      await s.claimPw2.fill(password);
      await s.claimPassword.getByRole('button').click();
      await on(page).me.overview.waitFor({ timeout: 20000 });
    },
    /** The preview of what was handed over, then 确认导入; nothing refused, no key to confirm. */
    async take(page) {
      const s = on(page).sync;
      await s.preview.or(s.error).first().waitFor({ timeout: 20000 });
      const refused = await s.error.allInnerTexts();
      if (refused.length) throw new Error(`refused: ${refused.join(' ')}`);
      if (await s.newKey.count()) throw new Error('a key to confirm (确认新密钥)');
      await s.confirmImport.click();
      await s.preview.waitFor({ state: 'detached' });
    },
  },
  branchRegister: {
    /** 立即注册 (opened from a code's link): the branch's details and its password twice, then 注册. */
    async submitWith(page, { name, number, username, secretaryName, secretaryPhone, password }) {
      const s = on(page).branchRegister;
      await s.name.fill(name);
      await s.number.fill(number);
      await s.secretaryName.fill(secretaryName);
      await s.secretaryPhone.fill(secretaryPhone);
      await s.username.fill(username);
      await s.password.fill(password);
      await s.confirm.fill(password);
      await s.submit.click();
    },
  },
  found: {
    /** 建立校团委's form: the school's name, its username and password twice, then 建立. */
    async submitWith(page, { name = '示范大学团委', username = 'XTW2026', password = 'abcd1234' } = {}) {
      const s = on(page).found;
      await s.name.fill(name);
      await s.username.fill(username);
      await s.password.fill(password);
      await s.confirm.fill(password);
      await s.submit.click();
    },
  },
  codes: {
    /** 组织注册码: `n` codes for `kind` (the label of 注册码用于, unchanged if none); the message of each. */
    async make(page, n, kind) {
      const s = on(page).codes;
      if (kind) await s.kind.selectOption(kind);
      await s.count.fill(String(n));
      await s.generate.click();
      return (await s.freshCodes.locator('textarea').inputValue()).trim().split('\n');
    },
  },
};

for (const [screen, actions] of Object.entries(ACTIONS)) {
  for (const name of Object.keys(actions)) {
    if (name in SCREENS[screen]) throw new Error(`the ${screen} screen has both an element and an action named ${name}`);
  }
}

/** Whether `scope` is a phone of the WebKit driver (tests/webkit/driver.mjs) rather than a Playwright page or locator. */
const isWebKit = (scope) => typeof scope.tap === 'function' && typeof scope.run === 'function';
/** Whether `scope` is a Playwright page (rather than a locator of a part of one). */
const isPage = (scope) => typeof scope.goto === 'function';

/** The screens within `scope`: a Playwright page, a locator of a part of it, or a WebKit phone (or a row
 *  of one, from `filter`). `on(page).register.phone` is the locator of 创建账号's 手机号 field (for a
 *  WebKit phone, an object offering the same calls); `on(page).register.create(phoneNo)` takes that
 *  screen's step. A screen, element or action that does not exist throws, naming it. On a page, the
 *  elements of a screen with a title (`TITLES`) are looked for only while the page shows that title. */
export function on(scope) {
  return new Proxy({}, {
    get(_, screen) {
      const els = css[screen];
      if (!els) throw new Error(`no screen named ${String(screen)} in tests/e2e/screens.mjs`);
      const actions = ACTIONS[screen] ?? {};
      return new Proxy({}, {
        get(_, name) {
          if (name in actions) return (...args) => actions[name](scope, ...args);
          if (!(name in els)) throw new Error(`the ${String(screen)} screen has no element ${String(name)} in tests/e2e/screens.mjs`);
          const sel = els[name];
          const find = (s) => element(scope, screen, s);
          return typeof sel === 'function' ? (...args) => find(sel(...args)) : find(sel);
        },
      });
    },
  });
}

/** A part of the page by a CSS selector of the test's own (`part(page, `${css.dues.due}[data-kind=decisions]`)`), in the
 *  scope's engine: a Playwright locator, or a WebKit element; `on(part)` reaches the screens within it. */
export function part(scope, selector) {
  return isWebKit(scope) ? webkitElement(scope, selector) : scope.locator(selector);
}

/** One element (by its CSS selector) of `screen` within `scope`, in the scope's engine. */
function element(scope, screen, sel) {
  const title = TITLES[screen];
  if (scope.webkitRow) return webkitElement(scope.phone, sel, title, scope);
  if (scope.webkitPart) return webkitElement(scope.phone, `${scope.selector} ${sel}`, title);
  if (isWebKit(scope)) return webkitElement(scope, sel, title);
  if (!title || !isPage(scope)) return scope.locator(sel);
  // The page's frame (app.rs) while its top bar shows the screen's title.
  const exact = new RegExp(`^${title}$`);
  return scope.locator('body > div.app').filter({ has: scope.locator('.topbar-title', { hasText: exact }) }).locator(sel);
}

/** An element on a WebKit phone, with the calls of a Playwright locator the actions use, each as the
 *  WebKit tests take it (tap, type, choose, waitFor of driver.mjs). Within a `row` (a `filter` by
 *  text), a tap is a click on the element inside the first row holding that text. */
function webkitElement(p, sel, title, row) {
  const onScreen = () => title && p.until((t) => document.querySelector('.topbar-title')?.textContent === t, `the screen titled ${title}`, 20000, title);
  const el = {
    webkitPart: !row, phone: p, selector: sel,
    async fill(value) { await onScreen(); await p.type(sel, value); },
    async click() {
      await onScreen();
      if (!row) return p.tap(sel);
      await p.until((r, t) => [...document.querySelectorAll(r)].some((e) => e.textContent.includes(t)), `${row.sel} ${row.text}`, 20000, row.sel, row.text);
      return p.run((r, t, s) => [...document.querySelectorAll(r)].find((e) => e.textContent.includes(t)).querySelector(s).click(), row.sel, row.text, sel);
    },
    async selectOption(value) { await onScreen(); await p.choose(sel, value); },
    async waitFor({ state = 'visible', timeout = 20000 } = {}) {
      await onScreen();
      if (state === 'detached') return p.until((s) => !document.querySelector(s), `${sel} gone`, timeout, sel);
      return p.waitFor(sel);
    },
    async inputValue() { await el.waitFor(); return p.value(sel); },
    async innerText() { await el.waitFor(); return p.text(sel); },
    count() { return p.run((s) => document.querySelectorAll(s).length, sel); },
    allInnerTexts() { return p.run((s) => [...document.querySelectorAll(s)].map((e) => e.innerText), sel); },
    locator(inner) { return webkitElement(p, `${sel} ${inner}`, title, row); },
    /** Only the role the actions use: the one button within. */
    getByRole(role) {
      if (role !== 'button') throw new Error(`getByRole(${role}) is not offered for WebKit`);
      return webkitElement(p, `${sel} button`, title, row);
    },
    or(other) { return webkitElement(p, `${sel}, ${other.selector}`, title, row); },
    first() { return el; },
    /** The elements holding `hasText`: a scope for `on` (a row), and tapped as the first of them. */
    filter({ hasText }) {
      return {
        webkitRow: true, phone: p, sel, text: hasText,
        click: async () => { await onScreen(); await p.tap(sel, hasText); },
        first() { return this; },
        waitFor: async () => { await onScreen(); await p.waitFor(sel, hasText); },
      };
    },
  };
  return el;
}
