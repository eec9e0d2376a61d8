//! User-facing Chinese text that is not a refusal: the notices and prompts the shell shows around the workflow.

/// Inside WeChat's browser, where no file can be downloaded: how to get a spreadsheet anyway.
pub const WECHAT_NO_DOWNLOAD: &str = "微信中无法下载文件：请点“复制”，粘贴到“文件传输助手”，在电脑上另存为 .csv 后用 Excel 或 WPS 打开；\
    需要 .xlsx 时，请在电脑或手机浏览器中打开本应用（先用“数据与备份”把数据带过去）再导出。";

/// While the member's build loads the full build for a secretary's, committee's or rarely used page.
pub const FULL_BUILD_LOADING: &str = "正在加载此页面……";
/// The same, when this device could not save the latest changes: the reload would lose them.
pub const FULL_BUILD_UNSAVED: &str = "打开此页面需要重新加载应用，但本机没能保存最近的更改（见上方提示），重新加载后这些更改会丢失。如不需要保留，点“仍然打开”；否则点“返回”。";
/// The member's build could not ask for the full build (the tab refused the flag).
pub const FULL_BUILD_FAILED: &str = "本浏览器不允许切换到此页面所需的完整版应用。请刷新页面重试，或在系统浏览器中打开本页面。";

/// The reminder after an important change that has not been copied off the device.
pub const BACKUP_DUE: &str = "本机有新的审核、注册或导入还没有备份。微信可能清除本机数据，请保存一份完整备份。";

/// A hand-over on a phone whose storage is too full to keep its new signing key: nothing goes out
/// unsigned (its receiver could not tell it is from this phone).
pub const KEY_NOT_STORED: &str = "本机存储空间已满，保存不了本机的签名密钥，所以还没有生成文件（没有签名的文件，对方无法确认来自您）。\
    请按页面顶部的提示清理，然后点“重试”。";

/// When the browser would not copy a text box's content: how to copy it by hand.
pub const COPY_BY_HAND: &str = "请长按文本框，全选后复制。";

/// 找组织 on a phone that knows no 团支部 yet: no word can find one until it learns some.
pub const FIND_KNOWS_NO_BRANCH: &str =
    "本手机还不认识任何团支部，搜索不到。请向团支书要本班的邀请链接或二维码（团支书在“我的团员”里点“邀请团员”），\
    在微信里点开链接或长按识别二维码，即可直接申请加入。";
/// A branch this phone does not know (an old `apply` address forwarded, say): how to get its invite.
pub const BRANCH_UNKNOWN: &str =
    "本手机还不认识这个团支部（转发的页面不带团支部的信息）。请向团支书要本班的邀请链接或二维码，点开后即可申请加入。";
/// The banner of a phone trying the demo.
pub const DEMO_BANNER: &str = "正在演示：这里是一所虚构的学校，数据不会进入任何真实的学校。用完请点“退出演示”回到空白。";
/// What 退出演示 asks before it clears the demo.
pub const DEMO_LEAVE_CONFIRM: &str = "退出演示？本机的演示数据将全部清除，回到空白（真实的数据不受影响：演示中没有真实数据）。";

/// The message a hand-over's link is copied as: who sends what and what to do with it, then the
/// link on its own line (so a chat shows it as a link, and the app reads it back from the message).
pub fn link_message(kind: crate::core::sync::Kind, from: &str, link: &str) -> String {
    use crate::core::sync::Kind;
    let what = match kind {
        Kind::Application => format!("{from}的申请与个人信息（含身份证号，只发给团支书）：团支书点开链接导入后即可审核。"),
        Kind::Decisions => format!("{from}的审核结果：申请人点开链接，只会更新自己的申请。"),
        Kind::Registration => format!("{from}的组织注册信息：请上级团委点开链接导入。"),
        Kind::Report => format!("{from}的上报数据：请上级团委点开链接导入。"),
        Kind::Directory => format!("{from}的组织目录：点开链接导入，即可按全称找到各团支部。"),
        Kind::Backup => "本机的完整备份（不含密码）：换手机或数据被清除时，在新手机上点开链接恢复。".to_string(),
        Kind::Recovery => format!("{from}的恢复资料（含个人信息）：团支书在新手机上点开导入，再输入重置码。"),
    };
    format!("{what}\n{link}")
}

/// The message a branch's invite is copied as, for the class chat.
pub fn invite_message(branch: &str, link: &str) -> String {
    format!("{branch}的邀请：同学们点开链接，创建账号后即可申请加入本团支部（已有账号的直接登录申请）。\n{link}")
}

/// 确认导入 on a preview made before this phone's data changed (an acceptance in the meantime, say):
/// the file is planned again against the data as it is now, and shown again.
pub const STALE_PREVIEW: &str = "本机数据在预览之后有了变化（例如刚审核了申请）：已按现在的数据重新生成预览，请核对后再点“确认导入”。";

/// 确认导入 when, planned again, nothing of the files is new any more (taken meanwhile, in another
/// tab of this phone say).
pub const NOTHING_LEFT_TO_TAKE: &str = "这些内容本机现在都已有了（可能已在另一个窗口导入），无需再导入。";

/// The message a committee pastes to one secretary: the code, what it registers, until when, and
/// the link that opens 立即注册 with it filled in.
pub fn code_message(code: &str, kind: crate::core::model::OrgKind, by_name: &str, until: i64, link: &str) -> String {
    format!(
        "{by_name}发给您的组织注册码：{}（{}前有效，只能注册一个{}）。点开链接立即注册：{link}",
        crate::core::entropy::grouped_code(code),
        crate::core::date::format_day(until),
        kind.code_label()
    )
}

/// 完整备份, before it is made: the password that keeps this phone's identity (本机身份) in it.
pub const BACKUP_SEAL: &str = "输入本账号的登录密码：备份里会带上用这个密码加密的本机身份（签名密钥）。数据被清除后在新手机上恢复时，\
    输入同一密码，本机仍是原来的身份，团员和上级团委无需重新确认；别人拿到备份，不知道密码也不能以您的名义发文件。";
/// 完整备份 made without the identity: what that costs.
pub const BACKUP_UNSEALED: &str =
    "这份备份不带本机身份：恢复后本机将使用新的签名密钥，需上级团委确认新密钥后，团员和上级才会接受本机发出的文件。";
/// A restored backup that carries its identity: the owner types the password it was sealed with.
pub const RESTORE_IDENTITY: &str =
    "这份备份带有原手机的身份。请输入备份时该账号的登录密码：恢复后本机仍是原来的身份，发出的文件照常被接受。";
/// Choosing a new password instead: what that costs.
pub const RESTORE_NEW_KEY: &str = "不用原密码：本机将使用新的签名密钥，需上级团委确认新密钥（“下级团组织管理”→“确认新密钥”）并重新发送组织目录后，团员和上级才会接受本机发出的文件。";

/// 交给新手机, before the code is made: what it is for and what follows.
pub const HANDOVER_INTRO: &str =
    "团支书的手机数据被清除、又没有完整备份时，用这里把该组织的账号交给其新手机：生成重置码，当面或电话告诉团支书本人，\
再把“恢复资料”（本机最近一次收到的该组织上报数据）发给其新手机。团支书在新手机上点开恢复资料、输入重置码并设置新密码后，把“组织注册信息”发回给您；\
您导入后，本机只认新手机的签名。不要让团支书重新注册，以免出现两个同名组织。";
/// 交给新手机: confirming a new code.
pub const HANDOVER_CONFIRM: &str = "生成新的重置码？之前为该组织生成、还没用过的重置码将作废。";
/// 交给新手机, after the code: how the members come to trust the new phone.
pub const HANDOVER_AFTER: &str =
    "收到并导入他发回的组织注册信息后，请把本组织的“组织目录”发到该团支部的班级群：团员导入后，就会接受新手机发出的审核结果。\
该组织最近一次上报之后的申请和审核，请团员把各自的申请重新发给团支书的新手机。";
/// On the phone a committee handed an organisation's account to: what the code and password do.
pub fn handover_claim(by: &str) -> String {
    format!("“{by}”把本组织的账号交给了这台手机。请输入“{by}”告诉您的重置码，并设置新密码；然后把“组织注册信息”发回给“{by}”，对方导入后即确认这台新手机。")
}
/// The new phone's 组织注册信息, carrying the reset code's proof: who must receive it.
pub fn handover_send(to: &str) -> String {
    format!("把本组织的组织注册信息发回给“{to}”：其中带有重置码的证明，对方导入后即认这台新手机。再请对方把新的组织目录发到班级群，团员导入后即接受本机的审核结果。")
}

/// A code's link opened again on the phone that registered with it, logged in as another account.
pub fn registered_here_log_in(name: &str) -> String {
    format!("本手机已用这个注册码注册了“{name}”：请先在“我的”登录“{name}”的账号，再到“数据与备份”把注册信息发给上级组织。")
}

/// After the clock was set right: what it dated ahead before is dated now, and goes again.
pub const CLOCK_SET_RIGHT: &str = "本机时间已经正确：时间不对时保存的记录已改为现在的时间。请把标着“未发出”的内容重新发送一次。";

/// Storage full, with copies set aside at start that 清理 can remove: how many, how large.
pub fn clean_set_aside(count: usize, bytes: usize) -> String {
    format!(
        "本机另存了 {count} 份启动时无法读取的数据（共 {} KB），删除后可腾出空间。如果还需要它们，请先到“数据与备份”复制保存。",
        bytes.div_ceil(1024)
    )
}
/// What 清理 asks before it removes them.
pub const CLEAN_CONFIRM: &str = "删除本机另存的无法读取的数据，然后重新保存？删除后无法恢复。";
/// Storage full, and nothing of the app's own to clean: the browser's space for this site (about
/// 5 MB, whatever the phone has free) is used up by the data itself.
pub const CLEAN_NOTHING: &str = "本应用在本机没有可以清理的内容：浏览器给本应用的空间（约 5 MB，与手机剩余空间无关）已被数据占满。\
    请不要关闭本页面，先在“数据与备份”把完整备份发到微信“文件传输助手”保存，再联系上级团委：数据已超出一台手机的浏览器能保存的量。\
    发送后可点“重新保存”再试。";

/// 核对名单 with far more people than a class: the list pasted is likely not (only) this class's.
pub fn class_list_too_long(people: usize) -> String {
    format!("名单上有 {people} 人，比一个班多得多：请确认只复制了本班的名单（姓名和学号两列）。下面只列出每类的前 {ROWS_SHOWN} 人。")
}
/// How many rows of a long list are drawn: the rest are counted, not drawn (a phone would stall).
pub const ROWS_SHOWN: usize = 200;
/// Under a list cut at [`ROWS_SHOWN`].
pub fn rows_not_shown(rest: usize) -> String {
    format!("还有 {rest} 人未列出。")
}
/// While a long pasted text is read piece by piece.
pub fn reading_progress(percent: usize) -> String {
    format!("正在读取……{percent}%")
}

/// Above this many bytes a paste is kept aside, not shown in its box, and read piece by piece
/// where it can be (a class list or a hand-over link is a few KB).
pub const LONG_PASTE: usize = 64 * 1024;
/// A long paste kept aside (not shown in the box): its size.
pub fn long_paste(bytes: usize, lines: usize) -> String {
    format!("已粘贴很长的内容（{} KB，{lines} 行），不在框中显示。", bytes.div_ceil(1024))
}

/// What 同一人 asks before it merges a re-registered member's older account into the new one.
pub fn same_person_confirm(name: &str) -> String {
    format!("确认“{name}”与原账号是同一人（已当面或电话核对）？原账号的记录将转到新账号，原账号停用。")
}

/// The hint beside a new password's field.
pub fn password_hint() -> String {
    format!("至少{}位，包含字母和数字", crate::core::limits::MIN_PASSWORD_CHARS)
}
