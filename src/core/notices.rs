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

/// When the browser would not copy a text box's content: how to copy it by hand.
pub const COPY_BY_HAND: &str = "请长按文本框，全选后复制。";
