//! Every error the workflow can produce, as a type, and the one place their Chinese messages live.
//!
//! A message says what is wrong and how to fix it. The UI shows `to_string()` and never writes its own
//! wording for a refusal.

use std::fmt;

/// A refusal of the workflow core: a field rule, a state rule, or a role rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoreError {
    // ---- 身份证号 ----
    IdLength {
        got: usize,
    },
    IdCharacters,
    IdProvince,
    IdBirthDate,
    IdCheckCharacter,
    // ---- 手机号, 姓名, 密码 ----
    PhoneInvalid,
    NameEmpty,
    NameHasDigit,
    NameTooLong,
    PasswordTooShort,
    PasswordTooSimple,
    PasswordMismatch,
    PasswordHashTooWeak,
    // ---- 入团年月, 团员编号, 学号 ----
    JoinMonthFormat,
    JoinMonthFuture,
    JoinTooYoung {
        min_age: u32,
        age: u32,
    },
    MemberNumberRequired {
        year: i32,
    },
    MemberNumberFormat,
    MemberNumberLooksLikeCard,
    MemberNumberYear {
        year: i32,
    },
    MemberNumberIsGenerated,
    MemberNumber2016NeedsStudentNo,
    MemberNumberTaken,
    StudentNoRequired,
    StudentNoFormat,
    StudentNoTooShortFor2016,
    // ---- other form fields ----
    ChoiceInvalid {
        field: &'static str,
    },
    ReasonRequired,
    ReasonTooLong,
    PhotoTooLarge,
    /// The photo is not a JPEG as the phone compresses it.
    PhotoUnreadable,
    /// 我要申诉 without the ID-card photo.
    PhotoRequired,
    OrgNameInvalid,
    /// A new organisation's name is not its full name of its kind.
    /// 建立校团委 on a phone that holds accounts or data already.
    SchoolOnBlankPhone,
    /// A link cut short on its way (a chat that showed or copied only part of it).
    LinkCut,
    /// A name holding characters that show nothing or turn the text's direction.
    InvisibleCharacters,
    /// 立即注册 with a code this phone has never seen (typed by hand, not opened from its link).
    CodeNotLearned,
    /// 申请转入 ticked without the organisation the member comes from.
    TransferFromMissing,
    /// The demo's link or file on a phone with real data of its own.
    DemoIntoReal,
    /// A real link or file on a phone that is trying the demo.
    RealIntoDemo,
    /// Something real (建立校团委) asked of the demo's made-up school.
    NotInDemo,
    OrgNameNotFull {
        kind: crate::core::model::OrgKind,
    },
    BranchNumberInvalid,
    UsernameInvalid,
    /// A full name an organisation this device knows already has.
    OrgNameTaken {
        id: u64,
    },
    /// 作废重复注册 of a branch that repeats no other.
    NotARepeatedRegistration,
    GraduationYearInvalid,
    CountInvalid {
        max: u32,
    },
    // ---- identity and accounts ----
    IdAlreadyRegistered,
    PhoneAlreadyRegistered,
    /// 我是团员 not chosen on 创建账号.
    NotAMember,
    UsernameTaken {
        suggestion: String,
    },
    AccountUnknown,
    WrongPassword,
    AccountRetired,
    IdentityMismatch,
    ResetCodeInvalid,
    ResetCodeExpired,
    // ---- organisations and codes ----
    OrgUnknown,
    NotABranch,
    BranchArchived,
    CodeUnknown,
    CodeUsed,
    CodeExpired,
    CodeVoided,
    BranchStillHasMembers {
        count: usize,
    },
    GraduationYearNotSet,
    CadreMustResign,
    // ---- requests, appeals, problems ----
    ProfileMissing,
    ConsentRequired,
    ProfileLocked,
    PendingRequestExists,
    AlreadyInBranch,
    RequestUnknown,
    RequestNotPending,
    /// Settling a record that has no open conflict, or keeping a decision it does not hold.
    NoConflict,
    /// The account came in a sync file or a backup and has no password on this device.
    NoPasswordOnDevice,
    /// Only a device restored from a backup (no account with a password) may set one this way.
    NotARestoredDevice,
    /// The password typed does not open the restored backup's sealed key.
    SealedKeyNotOpened,
    /// 交给新手机 for an organisation with no account on this phone.
    OrgHasNoAccount,
    /// A 重置码 typed on the phone a committee handed an account to is not of a code's shape.
    OrgResetCodeShape,
    /// The browser could not make this phone's key, which the reset code is bound to.
    NoKeyForReset,
    /// 同一人 asked of two accounts that do not hold the same ID number (or one is retired).
    NotSamePerson,
    /// This phone's clock is more than a day from the web server's: nothing dated is written.
    ClockWrong(crate::core::clock::ClockSkew),
    NotAMemberOfBranch,
    AppealUnknown,
    AppealNotPending,
    AppealPendingExists,
    NoOldAccountForAppeal,
    ProblemUnknown,
    /// A hand-over with nothing in it for this actor (no application, no registration, …).
    NothingToSend,
    VolunteerTooYoung {
        age: i32,
    },
    GuardianConsentRequired,
    AlreadyVolunteer,
    // ---- roles ----
    /// The acting role may not do this (未登录, wrong role, or not its organisation).
    NotAllowed,
    /// A command the member's build does not carry (its pages never send one).
    NotInThisBuild,
    LoginRequired,
    DemoOnly,
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CoreError::*;
        match self {
            IdLength { got } => write!(f, "身份证号应为18位，您输入了{got}位，请核对后重新输入。"),
            IdCharacters => f.write_str("身份证号前17位应为数字，最后一位为数字或字母X，请检查是否误输入了其他字符。"),
            IdProvince => f.write_str("身份证号前两位不是有效的省份代码，请核对身份证上的号码。"),
            IdBirthDate => f.write_str("身份证号第7至14位不是有效的出生日期，请核对身份证上的号码。"),
            IdCheckCharacter => f.write_str("身份证号校验位不正确，可能有一位输错了，请逐位核对（最后一位如是X请输入X）。"),
            PhoneInvalid => f.write_str("手机号格式不正确：请输入11位中国大陆手机号，以1开头（可带+86）。"),
            NameEmpty => f.write_str("请填写姓名。"),
            NameHasDigit => f.write_str("姓名中不能有数字，请填写身份证上的姓名。"),
            NameTooLong => f.write_str("姓名过长，请填写身份证上的姓名（不超过30个字）。"),
            PasswordTooShort => f.write_str("密码至少8位，请加长密码。"),
            PasswordTooSimple => f.write_str("密码需同时包含字母和数字。"),
            PasswordMismatch => f.write_str("两次输入的密码不一致，请重新输入确认密码。"),
            PasswordHashTooWeak => f.write_str("密码保护强度不足，请刷新页面后重试。"),
            JoinMonthFormat => f.write_str("入团年月格式应为“年-月”，例如 2019-05。"),
            JoinMonthFuture => f.write_str("入团年月不能晚于本月，请按入团志愿书或团员证填写。"),
            JoinTooYoung { min_age, age } => write!(
                f,
                "按身份证上的出生日期，您在该入团年月只有{age}岁。智慧团建要求入团时已满{min_age}周岁（2017年起13周岁，此前12周岁；团章规定14周岁），请按入团志愿书或团员证核对入团年月。"
            ),
            MemberNumberRequired { year } => write!(
                f,
                "{year}年入团需填写团员编号：请按入团志愿书或团员证上的12位团员编号填写，前4位应为{year}。"
            ),
            MemberNumberFormat => f.write_str("团员编号应为12位数字，请按入团志愿书或团员证填写。"),
            MemberNumberLooksLikeCard => f.write_str("您输入的是8位数字，这可能是旧版团员证编号；请填写入团志愿书上的12位团员编号。"),
            MemberNumberYear { year } => write!(
                f,
                "团员编号前4位应与入团年份一致（{year}）。请核对入团年月或团员编号是否填错。"
            ),
            MemberNumberIsGenerated => f.write_str("2016年之前入团的团员无需填写团员编号，系统将按入团年份自动生成。"),
            MemberNumber2016NeedsStudentNo => f.write_str("2016年入团：有团员编号请按编号填写；没有编号请先填写学号，系统将按“2016+学号后8位”生成。"),
            MemberNumberTaken => f.write_str("该团员编号已被其他团员使用，请核对入团志愿书或团员证；确认无误请联系团支部。"),
            StudentNoRequired => f.write_str("高校学生请填写学号。"),
            StudentNoFormat => f.write_str("学号应为4到20位字母或数字。"),
            StudentNoTooShortFor2016 => f.write_str("按“2016+学号后8位”编号需要学号至少有8位数字，请核对学号或填写团员编号。"),
            ChoiceInvalid { field } => write!(f, "请从列表中选择{field}。"),
            ReasonRequired => f.write_str("请填写原因（至少2个字）。"),
            ReasonTooLong => f.write_str("原因不超过200个字，请精简。"),
            PhotoTooLarge => f.write_str("身份证照片过大，请重新选择（压缩后应不超过200KB）。"),
            PhotoUnreadable => f.write_str("身份证照片无法读取，请重新拍照或从相册选择一张 JPG/PNG 图片。"),
            PhotoRequired => f.write_str("请拍摄或选择身份证照片，供团支部核验身份。"),
            OrgNameInvalid => f.write_str("请填写组织全称（2到50个字），例如“2025级小学教育1班团支部”，不要用简称。"),
            SchoolOnBlankPhone => f.write_str("本手机已有账号或数据：校团委请在一部空白的手机上建立（一所学校只建立一次，学院和团支部请用上级发的注册码注册）。"),
            LinkCut => f.write_str(
                "这个链接不完整（聊天软件只显示或复制了一部分）：请让对方重新发送整条消息，长按消息选“复制”后整条粘贴，或直接点开消息里的链接。",
            ),
            InvisibleCharacters => f.write_str(
                "名称中有看不见的字符或改变文字方向的控制字符（常见于从网页或聊天中复制的文字）：请删除后手动输入。",
            ),
            CodeNotLearned => f.write_str(
                "本手机还不认识这个注册码：请直接点开团委发来的消息里的链接（链接带着注册码和发放它的团委），注册码会自动填好。只输入注册码，本手机无法核对。",
            ),
            TransferFromMissing => f.write_str("申请转入请填写原团组织全称（如“北京市第八中学团委”）；不是转入的，请取消勾选。"),
            DemoIntoReal => f.write_str(
                "这是演示数据中的链接或文件（虚构的学校），不能进入本机的真实数据，未导入。请对方在首页点“退出演示”，用真实的账号重新操作后再发给您。",
            ),
            RealIntoDemo => f.write_str("本机正在演示（虚构的学校），不能打开真实的链接或文件：请先在首页点“退出演示”回到空白，再重新打开。"),
            NotInDemo => f.write_str("演示数据是虚构的学校，不能在其中建立真实的组织：请先在首页点“退出演示”，回到空白后再操作。"),
            OrgNameNotFull { kind: crate::core::model::OrgKind::Branch } => {
                f.write_str("团支部名称须为全称并以“团支部”结尾，例如“2025级小学教育1班团支部”。")
            }
            OrgNameNotFull { kind: crate::core::model::OrgKind::GeneralBranch } => {
                f.write_str("团总支名称须为全称并以“团总支”结尾，例如“计算机学院2025级团总支”。")
            }
            OrgNameNotFull { .. } => f.write_str("团委名称须为全称并以“团委”结尾，例如“计算机学院团委”“示范大学团委”。"),
            BranchNumberInvalid => f.write_str("支部号应为4到16位数字。"),
            NotARepeatedRegistration => f.write_str("该团支部没有与其他团支部重名或同用户名，不能作废。"),
            OrgNameTaken { id } => write!(f, "已有同名的团组织（组织ID:{id}）。同一个团支部不要重复注册，已注册过的请联系学院/书院团委；新团支部请在全称中写明年级、专业和班级。"),
            UsernameInvalid => f.write_str("用户名应为4到24位字母或数字，建议为“TZB+支部号”。"),
            GraduationYearInvalid => f.write_str("毕业年份应为本年前后10年内的四位年份。"),
            CountInvalid { max } => write!(f, "数量应为1到{max}之间的整数。"),
            IdAlreadyRegistered => f.write_str("身份证已注册：该身份证号已有账号。请用原手机号登录；忘记密码可点“忘记密码”；已更换手机号请点“我要申诉”。"),
            PhoneAlreadyRegistered => f.write_str("该手机号已注册，请直接登录；忘记密码请点“忘记密码”。"),
            NotAMember => f.write_str("请选择“我是团员”。非团员请联系所在团组织。"),
            UsernameTaken { suggestion } => write!(f, "该用户名已被使用，建议改用“{suggestion}”。"),
            AccountUnknown => f.write_str(
                "本手机上没有这个账号，请核对手机号或用户名。账号只保存在创建它的手机上：在这部手机上还没有账号请点“创建账号”；\
                换了手机的团支部或团委，请在旧手机的“数据与备份”中把完整备份发到新手机恢复。",
            ),
            WrongPassword => f.write_str("密码不正确，请重试；忘记密码请点“忘记密码”。"),
            AccountRetired => f.write_str("该账号已停用（申诉通过后已并入新账号），请用新手机号登录。"),
            IdentityMismatch => f.write_str("姓名或身份证号与该手机号的账号不符，请核对；仍无法找回请向团支部索取重置密码验证码。"),
            ResetCodeInvalid => f.write_str("重置密码验证码不正确或已使用，请核对，或请团支部重新生成。"),
            ResetCodeExpired => f.write_str("重置密码验证码已过期（有效期2天），请团支部重新生成。"),
            OrgUnknown => f.write_str("找不到该组织，请重新搜索团组织全称或组织ID。"),
            NotABranch => f.write_str("只能申请加入团支部，不能加入团委或团总支。请在搜索结果中选择“××团支部”。"),
            BranchArchived => f.write_str("该团支部已归档，不能再加入，请选择现在所在的团支部。"),
            CodeUnknown => f.write_str("邀请码不存在，请核对（不区分大小写，横线可省略），或向学院/书院团委索取。"),
            CodeUsed => f.write_str("该邀请码已被使用，每个邀请码只能注册一个团支部。请向学院/书院团委索取新的邀请码。"),
            CodeExpired => f.write_str("该邀请码已过期，请向学院/书院团委索取新的邀请码。"),
            CodeVoided => f.write_str("该邀请码已作废，请向学院/书院团委索取新的邀请码。"),
            BranchStillHasMembers { count } => write!(f, "该团支部还有{count}名团员，全部转出后才能归档。"),
            GraduationYearNotSet => f.write_str("请先设置团支部的毕业年份，再办理毕业生转出。"),
            CadreMustResign => f.write_str("该团员担任支部团干部，须先辞去职务再转出。"),
            ProfileMissing => f.write_str("请先完善个人信息（姓名、身份证号等），再申请加入团组织。"),
            ConsentRequired => f.write_str("填写身份证号前，请先阅读并同意《个人信息保护说明》。"),
            ProfileLocked => f.write_str("团支部已通过您的申请，姓名、身份证号和入团年月已锁定；如需更正请联系团支部。"),
            PendingRequestExists => f.write_str("您已有一个待审核的申请，请等待团支部处理，或在“我的组织”中撤回后再申请。"),
            AlreadyInBranch => f.write_str("您已是该团支部的团员，无需再次申请。"),
            RequestUnknown => f.write_str("找不到该申请，可能已被删除，请刷新后重试。"),
            RequestNotPending => f.write_str("该申请已处理（已通过、已退回、已撤回或已失效），不能再操作。"),
            NoPasswordOnDevice => f.write_str("这个账号在本机还没有密码（来自同步文件或备份）：刚在本机恢复了自己的备份的，请到“数据与备份”设置新密码；其他团员请点“忘记密码”用姓名和身份证号重设。"),
            ClockWrong(skew) => f.write_str(&crate::core::notices::clock_notice(skew)),
            NotSamePerson => f.write_str("这两个账号的身份证号不同（或其中一个已停用），不能当作同一人合并。"),
            SealedKeyNotOpened => f.write_str("密码不对，打不开备份里的本机身份：请输入做这份备份时该账号的登录密码。忘记了请点“忘记原密码”设置新密码（本机将使用新密钥）。"),
            OrgHasNoAccount => f.write_str("本机没有这个组织的账号：请先导入它的组织注册信息或上报数据。"),
            OrgResetCodeShape => write!(
                f,
                "请输入上级团委告诉您的{}位重置码（分隔符可不输）。",
                crate::core::sync::reset::ORG_RESET_CODE_LEN
            ),
            NoKeyForReset => f.write_str("本浏览器无法生成签名密钥：请用 https 链接在微信中打开本应用后重试。"),
            NotARestoredDevice => f.write_str("只有刚从备份恢复、还没有任何账号设置密码的设备才能这样设置密码；请改用“忘记密码”。"),
            NoConflict => f.write_str("这条记录没有待确认的冲突（可能已在别处确认）：请导入最新的同步文件后再看。"),
            NotAMemberOfBranch => f.write_str("该团员不在本团支部。"),
            AppealUnknown => f.write_str("找不到该申诉，请刷新后重试。"),
            AppealNotPending => f.write_str("该申诉已处理，不能再操作。"),
            AppealPendingExists => f.write_str("您已有一份待审核的申诉：请把它发给原账号所在团支部的团支书（见本页下方），等待审核。"),
            NoOldAccountForAppeal => f.write_str(
                "本手机上没有该身份证号原来的账号（换了手机，或微信清除了本机数据）。请直接完善个人信息，再从团支部的邀请链接申请加入：\
                团支书导入后会看到这是您重新注册的，核对后点“同一人”把原来的记录转到新账号。",
            ),
            ProblemUnknown => f.write_str("找不到该问题记录，请刷新后重试。"),
            NothingToSend => f.write_str("没有需要发出的内容：请先完成相应的操作（填写信息、提出申请、完成注册等）。"),
            VolunteerTooYoung { age } => write!(f, "志愿者注册须年满14周岁，您现在{age}岁，暂不能注册。"),
            GuardianConsentRequired => f.write_str("未满18周岁注册志愿者，须经监护人同意，请勾选“监护人已同意”。"),
            AlreadyVolunteer => f.write_str("您已注册为志愿者。"),
            NotAllowed => f.write_str("当前身份无权进行此操作，请切换到相应的账号。"),
            NotInThisBuild => f.write_str("此操作需要完整版页面：请刷新页面后重试。"),
            LoginRequired => f.write_str("请先登录。"),
            DemoOnly => f.write_str("仅演示数据可直接切换身份。"),
        }
    }
}

impl std::error::Error for CoreError {}

/// Why a saved document could not be read (see `document.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocError {
    /// Not JSON, or JSON of the wrong shape.
    Corrupt,
    /// Written by a newer version of the app.
    TooNew { version: u32 },
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocError::Corrupt => f.write_str(
                "本机保存的数据已损坏，无法读取。原数据已另存为备份，应用已重新开始；如有导出的数据文件，可在“数据与备份”中恢复。",
            ),
            DocError::TooNew { version } => write!(
                f,
                "本机数据由更新版本的应用保存（格式版本{version}），当前页面是旧版本。原数据已另存为备份，请关闭页面后重新打开链接以加载新版本。"
            ),
        }
    }
}

/// Why the state could not be saved; the previously saved copy is untouched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// localStorage is full (about 5 MB per site).
    QuotaExceeded,
    /// localStorage is disabled or unreachable (private mode, settings).
    Unavailable,
    /// Unreadable data could not be set aside, so saving is paused to keep it.
    BackupFailed,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::QuotaExceeded => f.write_str(
                "保存失败：本机存储空间已满，最近的修改没有保存（之前保存的数据完好）。请按下面的提示清理后重新保存，不要关闭本页面。",
            ),
            SaveError::Unavailable => f.write_str(
                "保存失败：浏览器禁止了本地存储，修改不会保留。请关闭无痕模式或在系统浏览器中打开，并及时导出数据。",
            ),
            SaveError::BackupFailed => f.write_str(
                "本机原有数据无法读取，也无法另存备份（存储空间不足）。为保护原数据，本次修改暂不保存；请在“数据与备份”中复制原数据后清除。",
            ),
        }
    }
}

/// What the app tells the user about its storage, besides errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageNotice {
    /// Another tab of the app saved a change; it is now shown here.
    SyncedFromOtherTab,
    /// The state was migrated from an older schema version.
    Migrated { from: u32 },
    /// The journal of the latest changes was unreadable: set aside, the document loaded without it.
    JournalSetAside,
}

impl fmt::Display for StorageNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageNotice::SyncedFromOtherTab => f.write_str("另一个页面修改了数据，已同步到本页；您正在填写的内容不受影响。"),
            StorageNotice::Migrated { from } => write!(f, "已将本机数据从旧格式（版本{from}）升级。"),
            StorageNotice::JournalSetAside => f.write_str("本机最近的几项更改无法读取，已另存为备份（见“数据与备份”），现显示此前保存的数据。请检查最近的申请、审核和注册是否还在，缺少的请重新操作。"),
        }
    }
}

/// Why a file could not be handed out of the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileError {
    /// The .xlsx writer script could not be fetched (offline, or an old cached page).
    WriterUnavailable,
    /// The browser refused to start the download.
    DownloadRefused,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::WriterUnavailable => {
                f.write_str("Excel 文件生成失败：请检查网络后重试，或改用上面的 CSV（Excel 和 WPS 都能打开）。")
            }
            FileError::DownloadRefused => f.write_str("浏览器不允许下载：请点“复制”，或点右上角“在浏览器打开”后再下载。"),
        }
    }
}

/// Why a sync file was refused. Nothing of a refused file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    /// Over the size limit, refused before parsing.
    /// Larger than `limit` (a file as read, or as it inflates).
    TooLarge { bytes: usize, limit: usize },
    /// Empty, not JSON, or JSON of something else.
    NotSyncFile,
    /// Written by a newer version of the app.
    TooNew { version: u32 },
    /// Cut off, or changed after it was written (the digest does not match).
    Damaged,
    /// A record breaks the rules (a wrong ID number, an impossible date…).
    Invalid { what: String },
    /// 审核结果 opened on a phone with no member account (a wiped phone): nothing here to update.
    DecisionsWithoutAccount { from: String },
    /// A record dated more than a day after this phone's clock (`clock::AHEAD_LIMIT`): one of the
    /// two clocks is wrong.
    ClockAhead { days: i64 },
    /// A file of a kind this screen does not take (a backup where a hand-over is expected, or back).
    WrongKind { kind: &'static str },
    /// The file changes nothing here.
    NothingNew,
    /// Everything new in the file was refused (the first reason).
    NothingAccepted { why: &'static str },
    /// A link's payload could not be read (cut off by the chat app, or compressed by a newer browser).
    BadLink,
    /// A pasted chat holds something that cannot be read as text (a file, a picture, a link card).
    Unreadable { what: Placeholder },
    /// A member's file whose sender is, on this device, a branch's or a committee's account.
    SenderIsAnotherAccount,
    /// The signature is not the key's over the file: changed on the way, or forged.
    BadSignature,
    /// Signed by another key than the one this device keeps for the sender: forged, or the sender
    /// has a new phone (`key`: the file's, which the committee above may vouch for).
    KeyChanged { from: crate::core::sync::Sender, name: String, key: crate::core::sync::seal::PublicKey },
    /// An organisation's new phone claims a 重置码 of this committee's that it does not prove (a code
    /// mistyped, expired, used or replaced); `name` as this phone knows it.
    ResetCodeWrong { name: String },
    /// Not signed, from a sender whose key this device keeps.
    UnsignedFromKnown,
    /// The demo's file on a phone with real data, or a real one on a phone trying the demo.
    Demo(CoreError),
    /// Names as its sender an account or organisation this phone holds, but is not signed by this
    /// phone's key (`name`: as this phone knows it).
    ClaimsThisPhone { name: String },
    /// Not signed, and more than an unsigned file may do (`sync::seal::unsigned_may`).
    Unsigned,
}

/// What a copied WeChat message that carries no text of its own stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholder {
    /// `[文件]`: a file sent in the chat.
    File,
    /// `[图片]`: a picture (a QR code, say).
    Picture,
    /// `[链接]`: a link shown as a card.
    LinkCard,
    /// A branch's invite link (`join/?…`), not a hand-over.
    Invite,
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::TooLarge { bytes, limit } => write!(
                f,
                "文件太大（{} KB 以上），超过 {} MB 的上限：请确认选的是本应用导出的同步文件。",
                bytes / 1024,
                limit / (1024 * 1024)
            ),
            SyncError::NotSyncFile => f.write_str("这不是本应用的同步文件：请粘贴对方从结果页或“数据与备份”发来的完整链接或文本。"),
            SyncError::TooNew { version } => write!(f, "这个同步文件来自更新版本的应用（格式版本{version}）：请刷新页面或更新应用后再导入。"),
            SyncError::Damaged => f.write_str("同步文件不完整或被改动过（校验不符）：请让对方重新导出，复制时要包括全部内容。"),
            SyncError::DecisionsWithoutAccount { from } => write!(
                f,
                "这是“{from}”发回的审核结果，但本手机上没有您的账号（可能是微信清除了本机数据）。有完整备份的，请在“数据与备份”中恢复；\
                没有备份的，请点“创建账号”用原手机号重新注册，填写原来的身份证号，再从团支部的邀请链接申请加入：\
                团支书会看到这是您重新注册的，核对后把原来的记录转到新账号。"
            ),
            SyncError::ClockAhead { days } => write!(
                f,
                "文件里有比本机时间晚约 {days} 天的记录：发送人手机的时间不对（也可能是本机的）。请双方在手机“设置”→“日期和时间”中打开“自动设置”；\
                发送人重新打开本应用后，应用会把这些记录改回正确的时间，再发送一次即可。"
            ),
            SyncError::Invalid { what } => write!(f, "同步文件中有不符合规则的内容（{what}），已全部拒绝：请让对方检查后重新导出。"),
            SyncError::WrongKind { kind } => write!(f, "这是一份“{kind}”，请到对应的位置导入。"),
            SyncError::NothingNew => f.write_str("这个文件里的内容本机都已有，无需导入。"),
            SyncError::BadSignature => f.write_str("签名校验不通过：文件在途中被改动过，或是伪造的，未导入。请让对方在自己的手机上重新发送。"),
            SyncError::KeyChanged { from: crate::core::sync::Sender::Member(_), name, .. } => write!(
                f,
                "“{name}”的这份文件用的签名密钥与本机记下的不同，未导入：可能是别人冒名，也可能是对方换了手机。\
                换了手机的团员，请在新手机上新建账号后点“我要申诉”找回团籍，团支部审核通过即可（在新手机上恢复旧手机的备份不能代替这一步）。"),
            SyncError::KeyChanged { name, .. } => write!(
                f,
                "“{name}”的这份文件用的签名密钥与本机记下的不同，未导入：可能是别人冒名，也可能是对方换了手机，\
                或者本机当初打开的邀请链接不是团支书本人发的。请导入上级团委发来的最新组织目录：\
                上级团委确认过的密钥会替换本机记下的，再导入这份文件。对方换了手机时，上级团委先当面或电话核对指纹，\
                在收到该文件时点“确认新密钥”，再发出组织目录。"
            ),
            SyncError::ResetCodeWrong { name } => write!(
                f,
                "“{name}”新手机发来的组织注册信息里的重置码不对（输错、已过期、已使用或已重新生成），未导入：\
                请让对方核对重置码后在“发送”页重新输入，再发一次；或在“交给新手机”重新生成重置码并告诉对方。"
            ),
            SyncError::ClaimsThisPhone { name } => write!(
                f,
                "这份文件自称来自本手机上的“{name}”，但不是本手机签名的，未导入：可能是别人冒名。本机自己的数据不需要从文件导入；\
                若是从本机发出的文件，它已在本机上。"
            ),
            SyncError::Demo(e) => e.fmt(f),
            SyncError::UnsignedFromKnown => f.write_str("这份文件没有签名，而本机已记下发送人的签名密钥，未导入：请让对方用 https 开头的链接打开本应用后重新发送。"),
            SyncError::Unsigned => f.write_str("这份文件没有签名（对方的网页不是用 https 打开的），未签名的文件只能递交新的申请，或恢复到空白的手机，未导入：请让对方用 https 开头的链接打开本应用后重新发送。"),
            SyncError::SenderIsAnotherAccount => f.write_str("发送人的编号与本机的团支部或团委账号相同，文件可能被伪造，未导入：请让发送人在自己的手机上重新发送，并当面核对。"),
            SyncError::NothingAccepted { why } => write!(f, "没有可导入的内容：{why}。请确认文件来自正确的人，或让对方重新导出。"),
            SyncError::BadLink => f.write_str("链接不完整或无法读取：请复制完整链接后重新打开，或改用文本方式导入。"),
            SyncError::Unreadable { what: Placeholder::File } => f.write_str("聊天记录里的“[文件]”复制不出内容：请在微信里打开该文件，用“选择文件”导入，或请对方改发链接。"),
            SyncError::Unreadable { what: Placeholder::Picture } => f.write_str("聊天记录里的“[图片]”复制不出内容：二维码请用“扫码导入”，或在微信里长按识别后打开。"),
            SyncError::Unreadable { what: Placeholder::LinkCard } => f.write_str("聊天记录里的“[链接]”卡片复制不出网址：请对方把链接以文字发送，或长按卡片“复制链接”。"),
            SyncError::Unreadable { what: Placeholder::Invite } => f.write_str("这是团支部的邀请链接，不是申请，已略过：团员用它申请后，会从结果页把申请发给您。"),
        }
    }
}
