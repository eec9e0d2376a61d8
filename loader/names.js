// The names the loader and the app share: storage keys and what asks for the full build.
// @ts-check
/* The names the loader (index.html) and the app share, written here once: the keys under which the
   app stores its data, how a stored or handed-over payload is marked compressed, and the pages and
   tab name that ask for the full build (ARCHITECTURE.md,
   "Two builds"). Trunk inlines this file into index.html before the loader's first script; build.rs
   writes the same names into the app as Rust constants (src/names.rs). One name per line, as
   `name: 'text',` or `name: ['text', …],`: build.rs reads no more than that. */
window.tuan = window.tuan || {};
window.tuan.names = {
  /* The saved workflow state (the document, stored compressed above a size). */
  state: 'tuan.state',
  /* The journal: the records changed since the saved document. */
  journal: 'tuan.journal',
  /* Prefix of the keys where unreadable data is set aside. */
  backupPrefix: 'tuan.backup.',
  /* The account logged in on this device. */
  session: 'tuan.session',
  /* When the data was last exported (a backup reminder). */
  exported: 'tuan.exported',
  /* When the last important change was made on this device. */
  changed: 'tuan.changed',
  /* Which tab wrote the saved copy last (a tab first joins what another saved since). */
  writer: 'tuan.writer',
  /* The tab's window.name by which the member's build asks for the full build for the rest of the visit. */
  fullBuild: 'tuan.build=full',
  /* How a compressed payload begins (then the base64url of raw deflate): a saved document stored
     compressed, a link's or a pasted file's. */
  deflatedTag: 'z',
  /* How an uncompressed link payload begins (then the base64url of its JSON). */
  plainTag: 'j',
  /* The path's first segments of the pages only in the full build. */
  fullSections: ['appeal', 'branch', 'committee', 'data', 'demo', 'forgot', 'import', 'my-data'],
};
