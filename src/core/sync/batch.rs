//! A batch of files read at once (a class's applications pasted as one block, several files
//! picked): each planned as [`plan`] plans one, against what the files before it left.

use super::import::{plan, Plan};
use super::preview::{describe, signature_words, Ignored};
use super::seal::{judge, Trust};
use super::{SyncError, SyncFile};
use crate::core::date::Millis;
use crate::core::model::State;

/// What one file of a batch came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileOutcome {
    /// "张三的入团申请".
    pub label: String,
    /// Why nothing of it is taken (already here, not theirs to send), or `None` when it adds something.
    pub refused: Option<SyncError>,
}

/// Plans the import of several files at once (a class's applications pasted as one block, several
/// files picked): each is judged as [`plan`] judges it, against the state the files before it left,
/// so a later file from the same member updates the same person. One preview of everything; `None`
/// when no file adds anything (each outcome says why).
pub fn plan_all(local: &State, files: &[SyncFile], now: Millis) -> (Option<Plan>, Vec<FileOutcome>) {
    let mut outcomes = Vec::new();
    let mut last: Option<Plan> = None;
    let mut ignored: std::collections::BTreeMap<Ignored, usize> = Default::default();
    let mut taken = 0;
    let mut another_device = false;
    let (mut signatures, mut keys): (Vec<String>, Vec<String>) = Default::default();
    for (i, file) in files.iter().enumerate() {
        let here = last.as_ref().map_or(local, |p| &p.merged);
        // Each file is planned against the whole state: a block of thousands costs that many times
        // as much, and the same file again adds nothing.
        if i == crate::core::limits::FILES_AT_ONCE {
            let label = format!("第 {} 个起的 {} 个文件", i + 1, files.len() - i);
            outcomes.push(FileOutcome { label, refused: Some(SyncError::TooManyFiles) });
            break;
        }
        if files[..i].contains(file) {
            let label = format!("{}的{}", here.sender_name(file), file.kind.label());
            outcomes.push(FileOutcome { label, refused: Some(SyncError::NothingNew) });
            continue;
        }
        let name = here.sender_name(file);
        let label = format!("{name}的{}", file.kind.label());
        let planned = plan(here, file).and_then(|p| match p.reset_expires {
            Some(expires) if now >= expires => Err(SyncError::ResetCodeWrong { name: name.clone() }),
            _ => Ok(p),
        });
        match planned {
            Ok(mut p) => {
                // A key an earlier file of the batch kept is met for the first time all the same.
                let first = |at: &State| matches!(judge(at, file), Ok(Trust::FirstMeeting));
                if first(local) && !first(here) {
                    p.preview.signatures[0] = signature_words(Trust::FirstMeeting, file, &name);
                }
                for (why, n) in &p.preview.ignored {
                    *ignored.entry(*why).or_default() += n;
                }
                taken += 1;
                another_device |= p.preview.backup_of_another_device;
                for (from, into) in [(&p.preview.signatures, &mut signatures), (&p.preview.keys, &mut keys)] {
                    for line in from {
                        if !into.contains(line) {
                            into.push(line.clone());
                        }
                    }
                }
                let first = last.take();
                last = Some(match first {
                    // The batch keeps the first file's sender for its title.
                    Some(f) => Plan { merged: p.merged, ..f },
                    None => p,
                });
                outcomes.push(FileOutcome { label, refused: None });
            }
            Err(e) => outcomes.push(FileOutcome { label, refused: Some(e) }),
        }
    }
    let plan = last.map(|mut p| {
        p.preview = describe(local, &p.merged);
        p.preview.ignored = ignored.into_iter().collect();
        p.preview.backup_of_another_device = another_device;
        p.preview.signatures = signatures;
        p.preview.keys = keys;
        p.preview.files = taken;
        if taken > 1 {
            p.from_name = format!("{taken} 个文件");
        }
        p
    });
    (plan, outcomes)
}
