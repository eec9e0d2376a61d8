//! Why a sync file was refused, and the Chinese words of each refusal.

use crate::core::error::CoreError;

/// Why a sync file was refused. Nothing of a refused file is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// Over the size limit, refused before parsing.
    /// Larger than `limit` (a file as read, or as it inflates).
    #[error(
        "文件太大（{} KB 以上），超过 {} MB 的上限：请确认选的是本应用导出的同步文件。",
        .bytes / 1024,
        .limit / (1024 * 1024)
    )]
    TooLarge { bytes: usize, limit: usize },
    /// Empty, not JSON, or JSON of something else.
    #[error("这不是本应用的同步文件：请粘贴对方从结果页或“数据与备份”发来的完整链接或文本。")]
    NotSyncFile,
    /// Written by a newer version of the app.
    #[error("这个同步文件来自更新版本的应用（格式版本{version}）：请刷新页面或更新应用后再导入。")]
    TooNew { version: u32 },
    /// Cut off, or changed after it was written (the digest does not match).
    #[error("同步文件不完整或被改动过（校验不符）：请让对方重新导出，复制时要包括全部内容。")]
    Damaged,
    /// A record breaks the rules (a wrong ID number, an impossible date…).
    #[error("同步文件中有不符合规则的内容（{what}），已全部拒绝：请让对方检查后重新导出。")]
    Invalid { what: String },
    /// 审核结果 opened on a phone with no member account (a wiped phone): nothing here to update.
    #[error(
        "这是“{from}”发回的审核结果，但本手机上没有您的账号（可能是微信清除了本机数据）。有完整备份的，请在“数据与备份”中恢复；\
        没有备份的，请点“创建账号”用原手机号重新注册，填写原来的身份证号，再从团支部的邀请链接申请加入：\
        团支书会看到这是您重新注册的，核对后把原来的记录转到新账号。"
    )]
    DecisionsWithoutAccount { from: String },
    /// A record dated more than a day after this phone's clock (`clock::AHEAD_LIMIT`): one of the
    /// two clocks is wrong.
    #[error(
        "文件里有比本机时间晚约 {days} 天的记录：发送人手机的时间不对（也可能是本机的）。请双方在手机“设置”→“日期和时间”中打开“自动设置”；\
        发送人重新打开本应用后，应用会把这些记录改回正确的时间，再发送一次即可。"
    )]
    ClockAhead { days: i64 },
    /// A file of a kind this screen does not take (a backup where a hand-over is expected, or back).
    #[error("这是一份“{kind}”，请到对应的位置导入。")]
    WrongKind { kind: &'static str },
    /// The file changes nothing here.
    #[error("这个文件里的内容本机都已有，无需导入。")]
    NothingNew,
    /// A 审核结果 whose decisions all concern people not on this phone (the batch's other applicants).
    #[error("这份审核结果里没有本机上任何人的结果（都是其他申请人的）：如果您的申请还在等待审核，请等团支书审核后再发给您。")]
    NoResultHere,
    /// Past the most files one import reads (`limits::FILES_AT_ONCE`).
    #[error(
        "一次最多导入 {} 个文件，这个文件及之后的没有读：请先导入前面的，再把其余的另外粘贴或选择后导入。",
        crate::core::limits::FILES_AT_ONCE
    )]
    TooManyFiles,
    /// A 组织目录 from a committee met for the first time, naming this phone's own
    /// link-learned committee under it: only that committee's own 组织目录 introduces it here.
    #[error("本机还不能确认发送人是“{name}”的上级：请先导入“{name}”发出的组织目录，再导入这个文件。")]
    IntroductionFirst { name: String },
    /// Everything new in the file was refused (the first reason).
    #[error("没有可导入的内容：{why}。请确认文件来自正确的人，或让对方重新导出。")]
    NothingAccepted { why: &'static str },
    /// A link's payload could not be read (cut off by the chat app, or compressed by a newer browser).
    #[error("链接不完整或无法读取：请复制完整链接后重新打开，或请对方改发文本，粘贴到上面的框里读取。")]
    BadLink,
    /// A pasted chat holds something that cannot be read as text (a file, a picture, a link card).
    #[error("{}", unreadable(*.what))]
    Unreadable { what: Placeholder },
    /// A member's file whose sender is, on this device, a branch's or a committee's account.
    #[error("发送人的编号与本机的团支部或团委账号相同，文件可能被伪造，未导入：请让发送人在自己的手机上重新发送，并当面核对。")]
    SenderIsAnotherAccount,
    /// The signature is not the key's over the file: changed on the way, or forged.
    #[error("签名校验不通过：文件在途中被改动过，或是伪造的，未导入。请让对方在自己的手机上重新发送。")]
    BadSignature,
    /// Signed by another key than the one this device keeps for the sender: forged, or the sender
    /// has a new phone (`key`: the file's, which the committee above may vouch for; `top`: the
    /// sender is the school's root, with no committee above it).
    #[error(
        "“{name}”的这份文件用的签名密钥与本机记下的不同，未导入：可能是别人冒名，也可能是对方换了手机{}",
        key_changed_advice(.from, *.top)
    )]
    KeyChanged { from: super::Sender, name: String, key: super::seal::PublicKey, top: bool },
    /// An organisation's new phone claims a 重置码 of this committee's that it does not prove (a code
    /// mistyped, expired, used or replaced); `name` as this phone knows it.
    #[error(
        "“{name}”新手机发来的组织注册信息里的重置码不对（输错、已过期、已使用或已重新生成），未导入：\
        请让对方核对重置码后在“发送”页重新输入，再发一次；或在“交给新手机”重新生成重置码并告诉对方。"
    )]
    ResetCodeWrong { name: String },
    /// Not signed, from a sender whose key this device keeps.
    #[error("这份文件没有签名，而本机已记下发送人的签名密钥，未导入：请让对方用 https 开头的链接打开本应用后重新发送。")]
    UnsignedFromKnown,
    /// The demo's file on a phone with real data, or a real one on a phone trying the demo.
    #[error("{0}")]
    Demo(CoreError),
    /// Names as its sender an account or organisation this phone holds, but is not signed by this
    /// phone's key (`name`: as this phone knows it).
    #[error(
        "这份文件自称来自本手机上的“{name}”，但不是本手机签名的，未导入：可能是别人冒名。本机自己的数据不需要从文件导入；\
        若是从本机发出的文件，它已在本机上。"
    )]
    ClaimsThisPhone { name: String },
    /// Not signed, and more than an unsigned file may do (`sync::seal::unsigned_may`).
    #[error("这份文件没有签名（对方的网页不是用 https 打开的），未签名的文件只能递交新的申请，或恢复到空白的手机，未导入：请让对方用 https 开头的链接打开本应用后重新发送。")]
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

/// The end of [`SyncError::KeyChanged`]'s message: what to do, for a member's file (a new phone means
/// a new account and an appeal), the 校团委's (no committee above it: the deployment's published
/// directory carries its new key) or another organisation's (the committee above vouches for it).
fn key_changed_advice(from: &super::Sender, top: bool) -> &'static str {
    match from {
        super::Sender::Member(_) => {
            "。换了手机的团员，请在新手机上新建账号后点“我要申诉”找回团籍，团支部审核通过即可（在新手机上恢复旧手机的备份不能代替这一步）。"
        }
        _ if top => {
            "。校团委没有上级团委替它确认新密钥：校团委确实换了手机时，请部署本应用的老师把校团委新手机发出的组织目录放到应用网址旁\
            （directory.json），各手机打开应用时即改用新密钥；不放心时请当面核对指纹。"
        }
        _ => {
            "，或者本机当初打开的邀请链接不是团支书本人发的。请导入上级团委发来的最新组织目录：\
            上级团委确认过的密钥会替换本机记下的，再导入这份文件。对方换了手机时，上级团委先当面或电话核对指纹，\
            在收到该文件时点“确认新密钥”，再发出组织目录。"
        }
    }
}

/// [`SyncError::Unreadable`]: what the placeholder was, and how to send it so it can be read.
fn unreadable(what: Placeholder) -> &'static str {
    match what {
        Placeholder::File => "聊天记录里的“[文件]”复制不出内容：请在微信里打开该文件，用“选择文件”导入，或请对方改发链接。",
        Placeholder::Picture => "聊天记录里的“[图片]”复制不出内容：二维码请用“扫码导入”，或在微信里长按识别后打开。",
        Placeholder::LinkCard => "聊天记录里的“[链接]”卡片复制不出网址：请对方把链接以文字发送，或长按卡片“复制链接”。",
        Placeholder::Invite => "这是团支部的邀请链接，不是申请，已略过：团员用它申请后，会从结果页把申请发给您。",
    }
}
