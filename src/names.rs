//! The names the loader (index.html) and the app share: the keys under which the app stores its
//! data, how a payload is tagged compressed or plain (a stored document, a link's `d`, a pasted
//! file), and what asks for the full build. Written once, in `loader/names.js`; build.rs makes them
//! these constants (`STATE`, `JOURNAL`, `BACKUP_PREFIX`, `SESSION`, `EXPORTED`, `CHANGED`, `WRITER`,
//! `DEFLATED_TAG`, `PLAIN_TAG`, `FULL_BUILD`, `FULL_SECTIONS`).

include!(concat!(env!("OUT_DIR"), "/names.rs"));
