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
/// when no file adds anything (each outcome says why). A refused file is planned again once later
/// files of the batch were taken (a 组织目录 that waits for another's introduction,
/// [`SyncError::IntroductionFirst`], once another has introduced its sender), so the files of one
/// batch are taken in any order.
pub fn plan_all(local: &State, files: &[SyncFile], now: Millis) -> (Option<Plan>, Vec<FileOutcome>) {
    let mut g = Gathered::default();
    // The paste's index of each file of `g.outcomes`, to list them in the order pasted.
    let mut at = Vec::new();
    // The refused files, with how many files had been taken when each was last planned.
    let mut waiting = Vec::new();
    let mut too_many = None;
    for (i, file) in files.iter().enumerate() {
        // Each file is planned against the whole state: a block of thousands costs that many times
        // as much, and the same file again adds nothing.
        if i == crate::core::limits::FILES_AT_ONCE {
            let label = format!("第 {} 个起的 {} 个文件", i + 1, files.len() - i);
            too_many = Some(FileOutcome { label, refused: Some(SyncError::TooManyFiles) });
            break;
        }
        if files[..i].contains(file) {
            let here = g.last.as_ref().map_or(local, |p| &p.merged);
            let label = format!("{}的{}", here.sender_name(file), file.kind.label());
            g.outcomes.push(FileOutcome { label, refused: Some(SyncError::NothingNew) });
            at.push(i);
            continue;
        }
        match g.file(local, file, now) {
            Ok(()) => at.push(i),
            // Nothing new here stays so whatever else is taken.
            Err((label, e @ (SyncError::NothingNew | SyncError::NoResultHere))) => {
                g.outcomes.push(FileOutcome { label, refused: Some(e) });
                at.push(i);
            }
            Err(refused) => waiting.push((i, refused, g.taken)),
        }
    }
    // A refused file is planned again once files after it were taken, as one may have made way for
    // it (the registration before its branch's report, the 组织目录 that vouches for a new phone's
    // key before its 审核结果, the directory that introduces its sender: a 校团委 › college › 团总支
    // › branch school pasted top first takes three passes); a 组织目录 waiting for an introduction,
    // only once its sender's key is known. At most twice as many plans as files in all.
    let mut plans = files.len().min(crate::core::limits::FILES_AT_ONCE);
    let budget = 2 * plans;
    loop {
        let taken = g.taken;
        let mut still = Vec::new();
        for (i, refused, seen) in waiting {
            let (here, file) = (g.last.as_ref().map_or(local, |p| &p.merged), &files[i]);
            let unmet = matches!(refused.1, SyncError::IntroductionFirst { .. }) && matches!(judge(here, file), Ok(Trust::FirstMeeting));
            if g.taken == seen || unmet || plans >= budget {
                still.push((i, refused, seen));
                continue;
            }
            plans += 1;
            match g.file(local, file, now) {
                Ok(()) => at.push(i),
                Err(again) => still.push((i, again, g.taken)),
            }
        }
        waiting = still;
        if g.taken == taken {
            break;
        }
    }
    for (i, (label, e), _) in waiting {
        g.outcomes.push(FileOutcome { label, refused: Some(e) });
        at.push(i);
    }
    // In the order pasted (a file planned again is listed where it was pasted).
    let mut listed: Vec<(usize, FileOutcome)> = at.into_iter().zip(std::mem::take(&mut g.outcomes)).collect();
    crate::core::order::sort_by(&mut listed, |a, b| a.0.cmp(&b.0));
    g.outcomes = listed.into_iter().map(|(_, o)| o).collect();
    g.outcomes.extend(too_many);
    let Gathered { last, outcomes, ignored, taken, another_device, signatures, keys, .. } = g;
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

/// What the files of a batch taken so far came to.
#[derive(Default)]
struct Gathered {
    last: Option<Plan>,
    outcomes: Vec<FileOutcome>,
    ignored: std::collections::BTreeMap<Ignored, usize>,
    taken: usize,
    another_device: bool,
    signatures: Vec<String>,
    keys: Vec<String>,
    /// The senders whose keys files of the batch kept as first met.
    met: Vec<super::Sender>,
    /// The lines of `signatures` and `keys` gathered so far.
    said: std::collections::BTreeSet<String>,
}

impl Gathered {
    /// Plans `file` against what the files before it left, and gathers it; or its label and why not.
    fn file(&mut self, local: &State, file: &SyncFile, now: Millis) -> Result<(), (String, SyncError)> {
        let here = self.last.as_ref().map_or(local, |p| &p.merged);
        let name = here.sender_name(file);
        let label = format!("{name}的{}", file.kind.label());
        let planned = plan(here, file).and_then(|p| match p.reset_expires {
            Some(expires) if now >= expires => Err(SyncError::ResetCodeWrong { name: name.clone() }),
            _ => Ok(p),
        });
        let mut p = planned.map_err(|e| (label.clone(), e))?;
        // A key an earlier file of the batch from the same sender kept is met for the first time all
        // the same (but not one an earlier file introduced or vouched for: the preview says by whom).
        if p.trust == Trust::FirstMeeting {
            self.met.push(file.from);
        } else if self.met.contains(&file.from) {
            p.preview.signatures[0] = signature_words(Trust::FirstMeeting, file, &name);
        }
        for (why, n) in &p.preview.ignored {
            *self.ignored.entry(*why).or_default() += n;
        }
        self.taken += 1;
        self.another_device |= p.preview.backup_of_another_device;
        // Each line once, looked up in a set (a report may tell the keys of thousands of branches).
        for (from, into) in [(&p.preview.signatures, &mut self.signatures), (&p.preview.keys, &mut self.keys)] {
            for line in from {
                if self.said.insert(line.clone()) {
                    into.push(line.clone());
                }
            }
        }
        self.last = Some(match self.last.take() {
            // The batch keeps the first file's sender for its title.
            Some(f) => Plan { merged: p.merged, ..f },
            None => p,
        });
        self.outcomes.push(FileOutcome { label, refused: None });
        Ok(())
    }
}
