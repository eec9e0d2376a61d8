//! The layers of ARCHITECTURE.md, kept: its table ("## Layers") is read here, and every `use` of
//! this crate's modules and of the browser's crates in `src/` is checked against it; the core's
//! modules must form a one-way graph (no module reaches, through others, back to itself).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crate's top-level modules, the units of the table.
const LAYERS: [&str; 8] = ["core", "names", "route", "nav", "store", "widgets", "pages", "app"];

/// One row of the table: the layer, what of this crate it may use, the names it must not use.
#[derive(Debug)]
struct Row {
    layer: String,
    may: BTreeSet<String>,
    must_not: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The backticked words of a table cell (`core/` → `core`, `route.rs` → `route`).
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`').skip(1).step_by(2).map(|w| w.trim_end_matches('/').trim_end_matches(".rs").replace('-', "_")).collect()
}

fn table() -> Vec<Row> {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let section = doc.split("\n## Layers").nth(1).expect("a Layers section").split("\n## ").next().unwrap();
    let rows: Vec<Row> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .flat_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').collect();
            assert!(cells.len() >= 3, "a row of the layer table needs layer | may use | must not use: {l}");
            let may: BTreeSet<String> = ticked(cells[1]).into_iter().filter(|w| LAYERS.contains(&w.as_str())).collect();
            let must_not = ticked(cells[2]);
            ticked(cells[0])
                .into_iter()
                .filter(|w| LAYERS.contains(&w.as_str()))
                .map(move |layer| Row { layer, may: may.clone(), must_not: must_not.clone() })
                .collect::<Vec<_>>()
        })
        .collect();
    let named: BTreeSet<&str> = rows.iter().map(|r| r.layer.as_str()).collect();
    assert_eq!(named, LAYERS.into_iter().collect(), "the layer table names every top-level module once");
    rows
}

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments and its trailing `#[cfg(test)] mod tests { … }`.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]\nmod tests {").next().unwrap();
    text.lines().map(|l| l.find("//").map_or(l, |i| &l[..i])).collect::<Vec<_>>().join("\n")
}

/// The names that follow `prefix` (`crate::` → `core` in `crate::core::x` and in `crate::{core::x, route}`),
/// with each one's line.
fn after(code: &str, prefix: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let items = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap().split(',').map(str::trim).collect(),
                None => vec![rest],
            };
            for item in items {
                let name: String = item.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.push((name, n + 1));
                }
            }
        }
    }
    out
}

/// The top-level module a source file belongs to (`src/pages/member/x.rs` → `pages`); the bins are
/// outside the table.
fn layer_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root().join("src")).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.trim_end_matches(".rs").to_owned();
    LAYERS.contains(&first.as_str()).then_some(first)
}

#[test]
fn every_import_keeps_the_layer_table() {
    let rows = table();
    let mut all = Vec::new();
    files(&root().join("src"), &mut all);
    let mut broken = Vec::new();
    for path in &all {
        let Some(layer) = layer_of(path) else { continue };
        let row = rows.iter().find(|r| r.layer == layer).unwrap();
        let code = code(path);
        let rel = path.strip_prefix(root()).unwrap().display().to_string();
        for (used, line) in after(&code, "crate::") {
            if LAYERS.contains(&used.as_str()) && used != layer && !row.may.contains(&used) {
                broken.push(format!("{rel}:{line}: `{layer}` uses `{used}`, which the table does not allow it"));
            }
        }
        for name in row.must_not.iter().filter(|n| !LAYERS.contains(&n.as_str())) {
            for (n, l) in code.lines().enumerate() {
                // `name::…`, `name_more::…` (`gloo` covers `gloo_storage`), not `other_name::…`.
                let uses = l.match_indices(name.as_str()).any(|(i, _)| {
                    let before = l[..i].chars().next_back();
                    let rest = l[i + name.len()..].trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && rest.starts_with("::")
                });
                if uses {
                    broken.push(format!("{rel}:{}: `{layer}` uses `{name}`, which the table forbids it", n + 1));
                }
            }
        }
    }
    assert!(broken.is_empty(), "imports across ARCHITECTURE.md's layers:\n{}", broken.join("\n"));
}

/// The files (and folders of files) compiled only for tests or natively (`#[cfg(test)] mod x;`,
/// `#[cfg(not(target_arch = …))]`): their imports are not the core's structure.
fn test_only(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut all = Vec::new();
    files(dir, &mut all);
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap();
        let parent = path.parent().unwrap();
        let here = if path.file_name().unwrap() == "mod.rs" { parent.to_path_buf() } else { parent.join(path.file_stem().unwrap()) };
        let lines: Vec<&str> = text.lines().collect();
        for w in lines.windows(2) {
            let (attr, decl) = (w[0].trim(), w[1].trim());
            let gated = attr.starts_with("#[cfg(") && (attr.contains("test") || attr.contains("not(target_arch"));
            if let (true, Some(name)) = (gated, decl.strip_prefix("mod ").or_else(|| decl.strip_prefix("pub mod "))) {
                let name = name.trim_end_matches(';');
                out.insert(here.join(format!("{name}.rs")));
                // A folder module: every file in it.
                out.insert(here.join(name));
            }
        }
    }
    out
}

#[test]
fn the_cores_modules_form_a_one_way_graph() {
    let core = root().join("src/core");
    let skip = test_only(&core);
    let mut all = Vec::new();
    files(&core, &mut all);
    let modules: BTreeSet<String> = all
        .iter()
        .filter(|p| p.parent() == Some(core.as_path()) || p.file_name().unwrap() == "mod.rs")
        .map(|p| if p.parent() == Some(core.as_path()) { p.file_stem() } else { p.parent().unwrap().file_name() })
        .map(|s| s.unwrap().to_str().unwrap().to_owned())
        .filter(|m| m != "mod")
        .collect();
    // Each module's uses of the others, with the file and line that make each edge.
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for path in all.iter().filter(|p| !skip.iter().any(|s| p.starts_with(s))) {
        let rel = path.strip_prefix(&core).unwrap();
        let Some(from) = rel.components().next().map(|c| c.as_os_str().to_str().unwrap().trim_end_matches(".rs").to_owned()) else {
            continue;
        };
        if from == "mod" {
            continue;
        }
        // `super::x` from a file of a folder module is within it; from a top-level file it is the core.
        let top_level = path.parent() == Some(core.as_path());
        let code = code(path);
        let mut used = after(&code, "crate::core::");
        if top_level {
            used.extend(after(&code, "super::"));
        } else {
            used.extend(after(&code, "super::super::"));
        }
        for (to, line) in used {
            if to != from && modules.contains(&to) {
                edges.entry(from.clone()).or_default().entry(to).or_insert_with(|| format!("{}:{line}", path.display()));
            }
        }
    }
    // A cycle, if any, by depth-first search.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeMap<String, String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            return Some(path[i..].iter().cloned().chain([m.to_owned()]).collect());
        }
        if !done.insert(m.to_owned()) {
            return None;
        }
        path.push(m.to_owned());
        for to in edges.get(m).into_iter().flat_map(|e| e.keys()) {
            if let Some(cycle) = visit(to, edges, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in &modules {
        if let Some(cycle) = visit(m, &edges, &mut done, &mut Vec::new()) {
            let why: Vec<String> = cycle.windows(2).map(|w| format!("  {} → {} ({})", w[0], w[1], edges[&w[0]][&w[1]])).collect();
            panic!("the core's modules reach back to themselves:\n{}", why.join("\n"));
        }
    }
}
