//! Every error the workflow can produce, as a type, and the one place their Chinese messages live.
//!
//! A message says what is wrong and how to fix it. The UI shows `to_string()` and never writes its own
//! wording for a refusal.

use crate::core::limits::{MIN_PASSWORD_CHARS, PHOTO_MAX_KB, RESET_CODE_VALID_DAYS};
use crate::core::org_kind::OrgKind;

/// A refusal of the workflow core: a field rule, a state rule, or a role rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    // ---- 身份证号 ----
    #[error("身份证号应为18位，您输入了{got}位，请核对后重新输入。")]
    IdLength { got: usize },
    #[error("身份证号前17位应为数字，最后一位为数字或字母X，请检查是否误输入了其他字符。")]
    IdCharacters,
    #[error("身份证号前两位不是有效的省份代码，请核对身份证上的号码。")]
    IdProvince,
    #[error("身份证号第7至14位不是有效的出生日期，请核对身份证上的号码。")]
    IdBirthDate,
    #[error("身份证号校验位不正确，可能有一位输错了，请逐位核对（最后一位如是X请输入X）。")]
    IdCheckCharacter,
    // ---- 手机号, 姓名, 密码 ----
    #[error("手机号格式不正确：请输入11位中国大陆手机号，以1开头（可带+86）。")]
    PhoneInvalid,
    #[error("请填写姓名。")]
    NameEmpty,
    #[error("姓名中不能有数字，请填写身份证上的姓名。")]
    NameHasDigit,
    #[error("姓名过长，请填写身份证上的姓名（不超过30个字）。")]
    NameTooLong,
    #[error("密码至少{MIN_PASSWORD_CHARS}位，请加长密码。")]
    PasswordTooShort,
    #[error("密码需同时包含字母和数字。")]
    PasswordTooSimple,
    #[error("两次输入的密码不一致，请重新输入确认密码。")]
    PasswordMismatch,
    #[error("密码保护强度不足，请刷新页面后重试。")]
    PasswordHashTooWeak,
    // ---- 入团年月, 团员编号, 学号 ----
    #[error("入团年月格式应为“年.月”，例如 2019.05。")]
    JoinMonthFormat,
    #[error("入团年月不能晚于本月，请按入团志愿书或团员证填写。")]
    JoinMonthFuture,
    #[error("按身份证上的出生日期，您在该入团年月只有{age}岁。智慧团建要求入团时已满{min_age}周岁（2017年起13周岁，此前12周岁；团章规定14周岁），请按入团志愿书或团员证核对入团年月。")]
    JoinTooYoung { min_age: u32, age: u32 },
    #[error("{year}年入团需填写团员编号：请按入团志愿书或团员证上的12位团员编号填写，前4位应为{year}。")]
    MemberNumberRequired { year: i32 },
    #[error("团员编号应为12位数字，请按入团志愿书或团员证填写。")]
    MemberNumberFormat,
    #[error("您输入的是8位数字，这可能是旧版团员证编号；请填写入团志愿书上的12位团员编号。")]
    MemberNumberLooksLikeCard,
    #[error("团员编号前4位应与入团年份一致（{year}）。请核对入团年月或团员编号是否填错。")]
    MemberNumberYear { year: i32 },
    #[error("2016年之前入团的团员无需填写团员编号，系统将按入团年份自动生成。")]
    MemberNumberIsGenerated,
    #[error("2016年入团：有团员编号请按编号填写；没有编号请先填写学号，系统将按“2016+学号后8位”生成。")]
    MemberNumber2016NeedsStudentNo,
    #[error("该团员编号已被其他团员使用，请核对入团志愿书或团员证；确认无误请联系团支部。")]
    MemberNumberTaken,
    #[error("高校学生请填写学号。")]
    StudentNoRequired,
    #[error("学号应为4到20位字母或数字。")]
    StudentNoFormat,
    #[error("按“2016+学号后8位”编号需要学号至少有8位数字，请核对学号或填写团员编号。")]
    StudentNoTooShortFor2016,
    // ---- other form fields ----
    #[error("请从列表中选择{field}。")]
    ChoiceInvalid { field: &'static str },
    #[error("请填写原因（至少2个字）。")]
    ReasonRequired,
    #[error("原因不超过200个字，请精简。")]
    ReasonTooLong,
    #[error("身份证照片过大，请重新选择（压缩后应不超过{PHOTO_MAX_KB}KB）。")]
    PhotoTooLarge,
    /// The photo is not a JPEG as the phone compresses it.
    #[error("身份证照片无法读取，请重新拍照或从相册选择一张 JPG/PNG 图片。")]
    PhotoUnreadable,
    /// 我要申诉 without the ID-card photo.
    #[error("请拍摄或选择身份证照片，供团支部核验身份。")]
    PhotoRequired,
    #[error("请填写组织全称（2到50个字），不要用简称。")]
    OrgNameInvalid,
    /// 建立校团委 on a phone that holds accounts or data already.
    #[error("本手机已有账号或数据：校团委请在一部空白的手机上建立（一所学校只建立一次，学院和团支部请用上级发的注册码注册）。")]
    SchoolOnBlankPhone,
    /// A link cut short on its way (a chat that showed or copied only part of it).
    #[error(
        "这个链接不完整（聊天软件只显示或复制了一部分）：请让对方重新发送整条消息，长按消息选“复制”后整条粘贴，或直接点开消息里的链接。"
    )]
    LinkCut,
    /// A name holding characters that show nothing or turn the text's direction.
    #[error("名称中有看不见的字符或改变文字方向的控制字符（常见于从网页或聊天中复制的文字）：请删除后手动输入。")]
    InvisibleCharacters,
    /// 立即注册 with a code this phone has never seen (typed by hand, not opened from its link).
    #[error("本手机还不认识这个注册码：请直接点开团委发来的消息里的链接（链接带着注册码和发放它的团委），注册码会自动填好。只输入注册码，本手机无法核对。")]
    CodeNotLearned,
    /// 申请转入 ticked without the organisation the member comes from.
    #[error("申请转入请填写原团组织全称（如“北京市第八中学团委”）；不是转入的，请取消勾选。")]
    TransferFromMissing,
    /// The demo's link or file on a phone with real data of its own.
    #[error("这是演示数据中的链接或文件（虚构的学校），不能进入本机的真实数据，未导入。请对方在首页点“退出演示”，用真实的账号重新操作后再发给您。")]
    DemoIntoReal,
    /// A real link or file on a phone that is trying the demo.
    #[error("本机正在演示（虚构的学校），不能打开真实的链接或文件：请先在首页点“退出演示”回到空白，再重新打开。")]
    RealIntoDemo,
    /// Something real (建立校团委) asked of the demo's made-up school.
    #[error("演示数据是虚构的学校，不能在其中建立真实的组织：请先在首页点“退出演示”，回到空白后再操作。")]
    NotInDemo,
    /// A new organisation's name is not its full name of its kind.
    #[error("{}", org_name_not_full(*.kind))]
    OrgNameNotFull { kind: OrgKind },
    #[error("支部号应为4到16位数字。")]
    BranchNumberInvalid,
    #[error("用户名应为4到24位字母或数字。")]
    UsernameInvalid,
    /// A full name an organisation this device knows already has.
    #[error("已有同名的团组织（组织ID:{id}）。同一个组织不要重复注册，已注册过的请联系上级组织；新组织请在全称中写明与同名组织的区别（团支部写明年级、专业和班级）。")]
    OrgNameTaken { id: u64 },
    /// 核对名单: a picked file that is not a table's text.
    #[error("无法读取该文件，请从表格中复制姓名和学号两列，粘贴到上面的框中。")]
    ListFileUnreadable,
    /// 作废重复注册 of a branch that repeats no other.
    #[error("该团支部没有与其他团支部重名或同用户名，不能作废。")]
    NotARepeatedRegistration,
    #[error("毕业年份应为本年前后10年内的四位年份。")]
    GraduationYearInvalid,
    #[error("数量应为1到{max}之间的整数。")]
    CountInvalid { max: u32 },
    // ---- identity and accounts ----
    #[error("身份证已注册：该身份证号已有账号。请用原手机号登录；忘记密码可点“忘记密码”；已更换手机号请点“我要申诉”。")]
    IdAlreadyRegistered,
    #[error("该手机号已注册，请直接登录；忘记密码请点“忘记密码”。")]
    PhoneAlreadyRegistered,
    /// 我是团员 not chosen on 创建账号.
    #[error("请选择“我是团员”。非团员请联系所在团组织。")]
    NotAMember,
    #[error("该用户名已被使用，建议改用“{suggestion}”。")]
    UsernameTaken { suggestion: String },
    #[error(
        "本手机上没有这个账号，请核对手机号或用户名。账号只保存在创建它的手机上：在这部手机上还没有账号请点“创建账号”；\
        换了手机的团支部或团委，请在旧手机的“数据与备份”中把完整备份发到新手机恢复。"
    )]
    AccountUnknown,
    #[error("密码不正确，请重试；忘记密码请点“忘记密码”。")]
    WrongPassword,
    #[error("该账号已停用（申诉通过后已并入新账号），请用新手机号登录。")]
    AccountRetired,
    #[error("姓名或身份证号与该手机号的账号不符，请核对；仍无法找回请向团支部索取重置密码验证码。")]
    IdentityMismatch,
    #[error("重置密码验证码不正确或已使用，请核对，或请团支部重新生成。")]
    ResetCodeInvalid,
    #[error("重置密码验证码已过期（有效期{RESET_CODE_VALID_DAYS}天），请团支部重新生成。")]
    ResetCodeExpired,
    // ---- organisations and codes ----
    #[error("找不到该组织，请重新搜索团组织全称或组织ID。")]
    OrgUnknown,
    #[error("只能申请加入团支部，不能加入团委或团总支。请在搜索结果中选择“××团支部”。")]
    NotABranch,
    /// An invite naming a branch this phone knows under another parent (from a file met earlier,
    /// perhaps a stranger's): neither is believed over the other.
    #[error("邀请链接与本机已有的组织信息不一致：请向团支书核对，或在“数据与备份”清除本机数据后重新打开。")]
    InviteDisagrees,
    /// An invite for a branch under one of this phone's own committees that never registered with it.
    #[error("该团支部未在本机的团委注册，不能从邀请链接加入本机：请核对链接的来源。")]
    InviteUnderOwnCommittee,
    #[error("该团支部已归档，不能再加入，请选择现在所在的团支部。")]
    BranchArchived,
    #[error("邀请码不存在，请核对（不区分大小写，横线可省略），或向上级组织索取。")]
    CodeUnknown,
    #[error("该邀请码已被使用，每个邀请码只能注册一个组织。请向上级组织索取新的邀请码。")]
    CodeUsed,
    #[error("该邀请码已过期，请向上级组织索取新的邀请码。")]
    CodeExpired,
    #[error("该邀请码已作废，请向上级组织索取新的邀请码。")]
    CodeVoided,
    #[error("该团支部还有{count}名团员，全部转出后才能归档。")]
    BranchStillHasMembers { count: usize },
    #[error("请先设置团支部的毕业年份，再办理毕业生转出。")]
    GraduationYearNotSet,
    #[error("该团员担任支部团干部，须先辞去职务再转出。")]
    CadreMustResign,
    /// 转出 with nobody ticked.
    #[error("请先勾选要转出的团员。")]
    NobodyChosen,
    /// One of several members chosen for 转出 cannot go: nobody was transferred.
    #[error("{name}：{why}本次勾选的团员都没有转出，请处理后重新办理。")]
    NotTransferred { name: String, why: Box<CoreError> },
    // ---- requests, appeals, problems ----
    #[error("请先完善个人信息（姓名、身份证号等），再申请加入团组织。")]
    ProfileMissing,
    #[error("填写身份证号前，请先阅读并同意《个人信息保护说明》。")]
    ConsentRequired,
    #[error("团支部已通过您的申请，姓名、身份证号和入团年月已锁定；如需更正请联系团支部。")]
    ProfileLocked,
    #[error("您已有一个待审核的申请，请等待团支部处理，或在“我的组织”中撤回后再申请。")]
    PendingRequestExists,
    #[error("您已是该团支部的团员，无需再次申请。")]
    AlreadyInBranch,
    #[error("找不到该申请，可能已被删除，请刷新后重试。")]
    RequestUnknown,
    #[error("该申请已处理（已通过、已退回、已撤回或已失效），不能再操作。")]
    RequestNotPending,
    /// Settling a record that has no open conflict, or keeping a decision it does not hold.
    #[error("这条记录没有待确认的冲突（可能已在别处确认）：请导入最新的同步文件后再看。")]
    NoConflict,
    /// The account came in a sync file or a backup and has no password on this device.
    #[error("这个账号在本机还没有密码（来自同步文件或备份）：刚在本机恢复了自己的备份的，请到“数据与备份”设置新密码；其他团员请点“忘记密码”用姓名和身份证号重设。")]
    NoPasswordOnDevice,
    /// Only a device restored from a backup (no account with a password) may set one this way.
    #[error("只有刚从备份恢复、还没有任何账号设置密码的设备才能这样设置密码；请改用“忘记密码”。")]
    NotARestoredDevice,
    /// The password typed does not open the restored backup's sealed key.
    #[error(
        "密码不对，打不开备份里的本机身份：请输入做这份备份时该账号的登录密码。忘记了请点“忘记原密码”设置新密码（本机将使用新密钥）。"
    )]
    SealedKeyNotOpened,
    /// 交给新手机 for an organisation with no account on this phone.
    #[error("本机没有这个组织的账号：请先导入它的组织注册信息或上报数据。")]
    OrgHasNoAccount,
    /// A 重置码 typed on the phone a committee handed an account to is not of a code's shape.
    #[error("请输入上级团委告诉您的{len}位重置码（分隔符可不输）。")]
    OrgResetCodeShape {
        /// `sync::reset::ORG_RESET_CODE_LEN`
        len: usize,
    },
    /// The browser could not make this phone's key, which the reset code is bound to.
    #[error("本浏览器无法生成签名密钥：请用 https 链接在微信中打开本应用后重试。")]
    NoKeyForReset,
    /// 同一人 asked of two accounts that do not hold the same ID number (or one is retired).
    #[error("这两个账号的身份证号不同（或其中一个已停用），不能当作同一人合并。")]
    NotSamePerson,
    /// This phone's clock is more than a day from the web server's: nothing dated is written.
    #[error("{}", clock_notice(.0))]
    ClockWrong(crate::core::clock::ClockSkew),
    #[error("该团员不在本团支部。")]
    NotAMemberOfBranch,
    #[error("找不到该申诉，请刷新后重试。")]
    AppealUnknown,
    #[error("该申诉已处理，不能再操作。")]
    AppealNotPending,
    #[error("您已有一份待审核的申诉：请把它发给原账号所在团支部的团支书（见本页下方），等待审核。")]
    AppealPendingExists,
    #[error(
        "本手机上没有该身份证号原来的账号（换了手机，或微信清除了本机数据）。请直接完善个人信息，再从团支部的邀请链接申请加入：\
        团支书导入后会看到这是您重新注册的，核对后点“同一人”把原来的记录转到新账号。"
    )]
    NoOldAccountForAppeal,
    #[error("找不到该问题记录，请刷新后重试。")]
    ProblemUnknown,
    /// A hand-over with nothing in it for this actor (no application, no registration, …).
    #[error("没有需要发出的内容：请先完成相应的操作（填写信息、提出申请、完成注册等）。")]
    NothingToSend,
    #[error("志愿者注册须年满14周岁，您现在{age}岁，暂不能注册。")]
    VolunteerTooYoung { age: i32 },
    #[error("未满18周岁注册志愿者，须经监护人同意，请勾选“监护人已同意”。")]
    GuardianConsentRequired,
    #[error("您已注册为志愿者。")]
    AlreadyVolunteer,
    // ---- roles ----
    /// The acting role may not do this (未登录, wrong role, or not its organisation).
    #[error("当前身份无权进行此操作，请切换到相应的账号。")]
    NotAllowed,
    /// A command the member's build does not carry (its pages never send one).
    #[error("此操作需要完整版页面：请刷新页面后重试。")]
    NotInThisBuild,
    #[error("请先登录。")]
    LoginRequired,
    #[error("仅演示数据可直接切换身份。")]
    DemoOnly,
}

/// [`CoreError::OrgNameNotFull`]: what a full name of the kind ends with, and an example.
fn org_name_not_full(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Branch => "团支部名称须为全称并以“团支部”结尾，例如“2025级小学教育1班团支部”。",
        OrgKind::GeneralBranch => "团总支名称须为全称并以“团总支”结尾，例如“计算机学院2025级团总支”。",
        OrgKind::School | OrgKind::College => "团委名称须为全称并以“团委”结尾，例如“计算机学院团委”“示范大学团委”。",
    }
}

/// [`CoreError::ClockWrong`], also the notice at start: this phone's clock, an hour or more from the
/// web server's: what it shows, what it is, and how to set it right; past a day, that nothing is
/// saved until then (`clock::ClockSkew::harmful`).
fn clock_notice(skew: &crate::core::clock::ClockSkew) -> String {
    let (shows, is) = skew.times();
    let way = if skew.ahead() { "快了" } else { "慢了" };
    let then = if skew.harmful() {
        "在此之前本应用不保存任何操作：时间不对的记录会被团支书或团委的手机拒收。"
    } else {
        "否则您提交的记录时间会不准。"
    };
    format!(
        "本机时间比实际{way}{}（本机显示 {shows}，实际是 {is}）。请在手机“设置”→“日期和时间”中打开“自动设置”，然后重新打开本页面；{then}",
        skew.amount()
    )
}

/// Why a saved document could not be read (see `document.rs`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    /// Not JSON, or JSON of the wrong shape.
    #[error("本机保存的数据已损坏，无法读取。原数据已另存为备份，应用已重新开始；如有导出的数据文件，可在“数据与备份”中恢复。")]
    Corrupt,
    /// Written by a newer version of the app.
    #[error(
        "本机数据由更新版本的应用保存（格式版本{version}），当前页面是旧版本。原数据已另存为备份，请关闭页面后重新打开链接以加载新版本。"
    )]
    TooNew { version: u32 },
}

/// Why the state could not be saved; the previously saved copy is untouched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    /// localStorage is full (about 5 MB per site).
    #[error("保存失败：本机存储空间已满，最近的修改没有保存（之前保存的数据完好）。请按下面的提示清理后重新保存，不要关闭本页面。")]
    QuotaExceeded,
    /// localStorage is disabled or unreachable (private mode, settings).
    #[error("保存失败：浏览器禁止了本地存储，修改不会保留。请关闭无痕模式或在系统浏览器中打开，并及时导出数据。")]
    Unavailable,
    /// Unreadable data could not be set aside, so saving is paused to keep it.
    #[error("本机原有数据无法读取，也无法另存备份（存储空间不足）。为保护原数据，本次修改暂不保存；请在“数据与备份”中复制原数据后清除。")]
    BackupFailed,
}

/// What the app tells the user about its storage, besides errors.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageNotice {
    /// Another tab of the app saved a change; it is now shown here.
    #[error("另一个页面修改了数据，已同步到本页；您正在填写的内容不受影响。")]
    SyncedFromOtherTab,
    /// The state was migrated from an older schema version.
    #[error("已将本机数据从旧格式（版本{from}）升级。")]
    Migrated { from: u32 },
    /// The journal of the latest changes was unreadable: set aside, the document loaded without it.
    #[error("本机最近的几项更改无法读取，已另存为备份（见“数据与备份”），现显示此前保存的数据。请检查最近的申请、审核和注册是否还在，缺少的请重新操作。")]
    JournalSetAside,
}

/// Why a file could not be handed out of the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// The .xlsx writer script could not be fetched (offline, or an old cached page).
    #[error("Excel 文件生成失败：请检查网络后重试，或改用上面的 CSV（Excel 和 WPS 都能打开）。")]
    WriterUnavailable,
    /// The browser refused to start the download.
    #[error("浏览器不允许下载：请点“复制”，或点右上角“在浏览器打开”后再下载。")]
    DownloadRefused,
}
