//! go-yaml's mapping key order: letters sort before other characters and runs of
//! digits compare by numeric value, so `a2` comes before `a10`.

/// go-yaml's `keyList.Less` for two string keys.
pub fn key_less(a: &str, b: &str) -> bool {
    // Keys are nearly always ASCII, where bytes are characters.
    if a.is_ascii() && b.is_ascii() {
        less(a.as_bytes(), b.as_bytes())
    } else {
        let ar: Vec<char> = a.chars().collect();
        let br: Vec<char> = b.chars().collect();
        less(&ar, &br)
    }
}

/// [`key_less`] over characters (`char`, or `u8` for ASCII text).
fn less<T: Copy + Into<char>>(ar: &[T], br: &[T]) -> bool {
    let at = |i: usize| -> char { ar[i].into() };
    let bt = |i: usize| -> char { br[i].into() };
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        let (ac, bc) = (at(i), bt(i));
        if ac == bc {
            i += 1;
            continue;
        }
        let al = ac.is_alphabetic();
        let bl = bc.is_alphabetic();
        if al && bl {
            return ac < bc;
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ac == '0' || bc == '0' {
            let mut j = i;
            while j > 0 && at(j - 1).is_ascii_digit() {
                j -= 1;
                if at(j) != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && at(ai).is_ascii_digit() {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(at(ai) as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && bt(bi).is_ascii_digit() {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(bt(bi) as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ac < bc;
    }
    ar.len() < br.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars_less(a: &str, b: &str) -> bool {
        let ar: Vec<char> = a.chars().collect();
        let br: Vec<char> = b.chars().collect();
        less(&ar, &br)
    }

    #[test]
    fn ascii_keys_order_as_characters_do() {
        let keys = [
            "", "a", "A", "a1", "a2", "a10", "a01", "a001", "a0", "a00", "b", "_x", "-", "1", "01",
            "10", "9", "z9a", "z10a", "x.y", "x-y", "x_y", "ab", "aB", "a b", "0", "00", "a0b",
            "a00b",
        ];
        for a in keys {
            for b in keys {
                assert_eq!(key_less(a, b), chars_less(a, b), "{a:?} < {b:?}");
            }
        }
        assert!(key_less("a2", "a10"));
        assert!(key_less("_", "a"));
        assert!(key_less("é", "1") == chars_less("é", "1"));
    }
}
