// The app's screens as page objects, one per screen: each names the elements a test touches (by the
// data-test the screen gives them), so a test reads like the app (`on(page).register.phone`) and a
// screen's markup is named in one place. Shared by the Chromium tests (Playwright locators, `on`)
// and the WebKit tests (CSS selectors for WebDriver, `css`).

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

/** The screens within `scope` (a Playwright page, or a locator of a part of it): `on(page).register.phone` is the
 *  locator of 创建账号's 手机号 field. A screen or element that does not exist throws, naming it. */
export function on(scope) {
  return new Proxy({}, {
    get(_, screen) {
      const els = css[screen];
      if (!els) throw new Error(`no screen named ${String(screen)} in tests/e2e/screens.mjs`);
      return new Proxy({}, {
        get(_, name) {
          if (!(name in els)) throw new Error(`the ${String(screen)} screen has no element ${String(name)} in tests/e2e/screens.mjs`);
          const sel = els[name];
          return typeof sel === 'function' ? (...args) => scope.locator(sel(...args)) : scope.locator(sel);
        },
      });
    },
  });
}
