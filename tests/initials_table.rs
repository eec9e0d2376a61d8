//! Makes the pinyin initials table `public/initials-1.txt` (`core::initials`) from the `pinyin`
//! crate's readings, every reading of a polyphone, and checks the shipped file is exactly that:
//! `TUAN_WRITE_INITIALS=1 cargo test --test initials_table` writes it again (after updating the crate).

use pinyin::ToPinyinMulti;
use tuan::core::initials::{Initials, FILE, FIRST, HEADER};

fn table() -> String {
    let mut out = format!("{HEADER}\n");
    for cp in FIRST as u32..=0x9FFF {
        let c = char::from_u32(cp).unwrap();
        let mut letters: Vec<char> = c
            .to_pinyin_multi()
            .map(|m| m.into_iter().filter_map(|p| p.plain().chars().next()).map(|l| if l == 'ê' { 'e' } else { l }).collect())
            .unwrap_or_default();
        letters.sort_unstable();
        letters.dedup();
        assert!(letters.iter().all(char::is_ascii_lowercase), "{c}: {letters:?}");
        match letters.split_first() {
            None => out.push('-'),
            Some((first, rest)) => {
                out.push(*first);
                out.extend(rest.iter().map(char::to_ascii_uppercase));
            }
        }
        if (cp - FIRST as u32) % 100 == 99 {
            out.push('\n');
        }
    }
    out.push('\n');
    out
}

#[test]
fn the_shipped_table_is_the_one_the_data_makes() {
    let made = table();
    let path = format!("{}/public/{FILE}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("TUAN_WRITE_INITIALS").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let shipped = std::fs::read_to_string(&path).unwrap();
    assert!(shipped == made, "{path} is not what the pinyin data makes: run with TUAN_WRITE_INITIALS=1");
    assert!(Initials::parse(&shipped).is_some());
}
