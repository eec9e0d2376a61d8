//! Pinyin initials of Chinese names for 找组织 (`jsj` finds 计算机…), from the browser's own Chinese
//! collation (ICU, in every WeChat engine) instead of a pinyin dictionary in the download: a
//! character's initial is the last letter whose first character in pinyin order sorts at or before
//! it. The boundaries were checked against this ICU's order; polyphones (多音字) take ICU's reading.

use std::cell::RefCell;
use std::collections::HashMap;

const LETTERS: &[u8; 23] = b"abcdefghjklmnopqrstwxyz";
/// The first character of each letter in ICU's zh pinyin order.
const BOUNDARIES: [char; 23] = ['吖', '八', '嚓', '哒', '妸', '发', '旮', '哈', '丌', '咔', '垃', '痳', '拏', '噢', '妑', '七', '呥', '仨', '他', '屲', '夕', '丫', '帀'];

thread_local! {
    static COLLATOR: Option<js_sys::Function> = {
        let locales = js_sys::Array::of1(&"zh-CN".into());
        let c = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new());
        Some(c.compare())
    };
    static CACHE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

fn initial(compare: &js_sys::Function, c: char) -> Option<char> {
    let ch = wasm_bindgen::JsValue::from(c.to_string());
    let mut found = None;
    for (i, b) in BOUNDARIES.iter().enumerate() {
        let r = compare.call2(&wasm_bindgen::JsValue::NULL, &ch, &wasm_bindgen::JsValue::from(b.to_string())).ok()?.as_f64()?;
        if r >= 0.0 {
            found = Some(char::from(LETTERS[i]));
        } else {
            break;
        }
    }
    found
}

/// `2025级计算机…` → `2025jjsj…` (other characters kept, lower case), cached per name.
pub fn initials(name: &str) -> String {
    if let Some(hit) = CACHE.with(|c| c.borrow().get(name).cloned()) {
        return hit;
    }
    let out: String = COLLATOR.with(|col| {
        name.chars()
            .map(|c| {
                if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                    col.as_ref().and_then(|f| initial(f, c)).unwrap_or(c)
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    });
    CACHE.with(|c| c.borrow_mut().insert(name.to_string(), out.clone()));
    out
}
