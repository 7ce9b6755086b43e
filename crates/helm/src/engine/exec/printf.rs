//! `printf`: Go's `fmt.Sprintf` over template values. Flags, width and
//! precision, `%v` (floats as Go prints them, also inside lists and maps),
//! `%s %q %d %x %X %o %b %t %e %E %f %F %g %G %T`, and Go's error texts for
//! bad verbs, missing and extra operands are done here; what is left
//! (explicit operand indexes, `*` widths, the rarer verbs) goes to `gotmpl`'s
//! port of `fmt` through a cached one-call template.

mod fallback;

use super::builtins::Builtin;
use crate::engine::goprint;
use crate::engine::value::Value;
use crate::funcs::{go_quote_rune, go_type};
use fallback::general;

/// Go's `fmt.Sprintf(args[0], args[1:]...)`.
pub(super) fn printf(args: &[Value]) -> Builtin {
    let Some(first) = args.first() else {
        return Err("wrong number of args for printf: want at least 1 got 0".into());
    };
    let Value::String(format) = first else {
        return Err(super::error::function_message(&crate::funcs::wrong_type(
            0, "string", first,
        )));
    };
    match sprintf(format, &args[1..]) {
        Some(s) => Ok(Value::from(s)),
        None => general(args),
    }
}

/// `fmt.Sprintf("%<verb>", v)`.
pub(super) fn format_one(verb: char, v: &Value) -> String {
    let mut out = String::new();
    if format_arg(&mut out, &Spec::default(), verb, v).is_none() {
        out = goprint::sprint(std::slice::from_ref(v));
    }
    out
}

/// Flags, width and precision of one verb.
#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Go's limit on widths and precisions (`tooLarge`).
const MAX_WIDTH: usize = 1_000_000;

/// A width or precision at `i`, as Go's `parsenum` reads it: `Err` when it
/// grows past [`MAX_WIDTH`] (checked before each digit, as Go does), which
/// ends the format.
fn digits(bytes: &[u8], i: &mut usize) -> Result<Option<usize>, ()> {
    let start = *i;
    let mut n: usize = 0;
    while let Some(d) = bytes.get(*i).filter(|b| b.is_ascii_digit()) {
        if n > MAX_WIDTH {
            return Err(());
        }
        n = n * 10 + usize::from(d - b'0');
        *i += 1;
    }
    Ok((*i > start).then_some(n))
}

/// The formatted text, or `None` when the format needs the fallback.
fn sprintf(format: &str, args: &[Value]) -> Option<String> {
    let bytes = format.as_bytes();
    let mut out = String::with_capacity(format.len() + 16);
    let mut next = 0;
    let mut reordered = false;
    let mut i = 0;
    while i < bytes.len() {
        let Some(off) = format[i..].find('%') else {
            out.push_str(&format[i..]);
            break;
        };
        out.push_str(&format[i..i + off]);
        let start = i + off;
        i += off + 1;
        let mut spec = Spec::default();
        while let Some(&b) = bytes.get(i) {
            match b {
                b'+' => spec.plus = true,
                b'-' => {
                    spec.minus = true;
                    spec.zero = false;
                }
                b'#' => spec.sharp = true,
                b' ' => spec.space = true,
                b'0' => spec.zero = !spec.minus,
                _ => break,
            }
            i += 1;
        }
        let mut starred = false;
        let mut good_arg = true;
        let mut after_index = arg_index(bytes, &mut i, args.len(), &mut next, &mut good_arg);
        reordered |= after_index;
        if bytes.get(i) == Some(&b'*') {
            // The width operand is the indexed one, if any; the verb's follows.
            after_index = false;
            i += 1;
            starred = true;
            match star_operand(args, &mut next) {
                Some(w) => {
                    if w < 0 {
                        spec.minus = true;
                        spec.zero = false;
                    }
                    spec.width = Some(usize::try_from(w.unsigned_abs()).ok()?);
                }
                None => out.push_str("%!(BADWIDTH)"),
            }
        } else {
            let Ok(width) = digits(bytes, &mut i) else {
                out.push_str("%!(NOVERB)");
                break;
            };
            spec.width = width;
            if after_index && spec.width.is_some() {
                // `%[3]2d`
                good_arg = false;
            }
        }
        if bytes.get(i) == Some(&b'.') && i + 1 < bytes.len() {
            i += 1;
            if after_index {
                // `%[3].2d`
                good_arg = false;
            }
            if bytes.get(i) == Some(&b'[') {
                return None;
            }
            if bytes.get(i) == Some(&b'*') {
                i += 1;
                starred = true;
                match star_operand(args, &mut next).filter(|p| *p >= 0) {
                    Some(p) => spec.prec = Some(usize::try_from(p).ok()?),
                    None => out.push_str("%!(BADPREC)"),
                }
            } else {
                let Ok(prec) = digits(bytes, &mut i) else {
                    out.push_str("%!(NOVERB)");
                    break;
                };
                spec.prec = Some(prec.unwrap_or(0));
            }
        }
        if !after_index {
            after_index = arg_index(bytes, &mut i, args.len(), &mut next, &mut good_arg);
            reordered |= after_index;
        }
        let verb = format[i..].chars().next()?;
        i += verb.len_utf8();
        if verb == '%' {
            out.push('%');
            continue;
        }
        if !good_arg {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
            continue;
        }
        if verb == 'v' {
            // `%+v` is plain `%v` for these values; `%#v` is Go syntax.
            if spec.sharp {
                return None;
            }
            spec.plus = false;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next += 1;
        let mark = out.len();
        if format_arg(&mut out, &spec, verb, arg).is_none() {
            // This verb alone through the fallback (its `*` operands already
            // resolved into `spec` would be lost: give up on the whole format).
            if starred {
                return None;
            }
            out.truncate(mark);
            let one = general(&[Value::from(&format[start..i]), arg.clone()]).ok()?;
            out.push_str(one.as_str()?);
        }
    }
    // Go does not look for unused operands once an index reordered them.
    if !reordered && next < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, a) in args[next..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if !matches!(a, Value::Nil) {
                out.push_str(go_type(a));
                out.push('=');
            }
            format_arg(&mut out, &Spec::default(), 'v', a)?;
        }
        out.push(')');
    }
    Some(out)
}

/// An explicit operand index `[n]` at `i`, as Go's `argNumber` reads it:
/// `false` when there is none. A valid one sets `next` to its operand; a
/// malformed or out-of-range one clears `good` (the verb prints
/// `%!v(BADINDEX)`). Either way it counts as an index.
fn arg_index(bytes: &[u8], i: &mut usize, nargs: usize, next: &mut usize, good: &mut bool) -> bool {
    if bytes.get(*i) != Some(&b'[') {
        return false;
    }
    let rest = &bytes[*i..];
    let close = (rest.len() >= 3)
        .then(|| rest.iter().skip(1).position(|&b| b == b']'))
        .flatten()
        .map(|p| p + 1);
    let Some(close) = close else {
        *i += 1;
        *good = false;
        return true;
    };
    *i += close + 1;
    let number = std::str::from_utf8(&rest[1..close])
        .ok()
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse::<usize>().ok());
    match number {
        Some(n) if n >= 1 && n <= nargs => *next = n - 1,
        _ => *good = false,
    }
    true
}

/// The next operand as a `*` width or precision (Go's `intFromArg`): an
/// integer within Go's limit, else `None` (BADWIDTH, BADPREC).
fn star_operand(args: &[Value], next: &mut usize) -> Option<i64> {
    *next += 1;
    int_operand(args.get(*next - 1)).filter(|n| n.unsigned_abs() <= MAX_WIDTH as u64)
}

/// A `*` operand: Go takes any integer kind.
fn int_operand(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Int(n) => Some(*n),
        Value::Uint(n) => i64::try_from(*n).ok(),
        _ => None,
    }
}

/// Pads `s` to the width, on the left unless `-`; zeros when `0` is set and
/// `zeros` allows it.
fn pad(out: &mut String, spec: &Spec, s: &str, zeros: bool) {
    let n = s.chars().count();
    let fill = spec.width.map_or(0, |w| w.saturating_sub(n));
    if spec.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', fill));
    } else {
        let c = if spec.zero && zeros { '0' } else { ' ' };
        out.extend(std::iter::repeat_n(c, fill));
        out.push_str(s);
    }
}

/// A verb without flags, width or precision.
fn plain(spec: &Spec) -> bool {
    !(spec.minus || spec.plus || spec.sharp || spec.space || spec.zero)
        && spec.width.is_none()
        && spec.prec.is_none()
}

fn bad_verb(out: &mut String, spec: &Spec, verb: char, arg: &Value) -> Option<()> {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    if matches!(arg, Value::Nil) {
        out.push_str("<nil>");
    } else {
        out.push_str(go_type(arg));
        out.push('=');
        format_arg(out, spec, 'v', arg)?;
    }
    out.push(')');
    Some(())
}

fn format_arg(out: &mut String, spec: &Spec, verb: char, arg: &Value) -> Option<()> {
    if verb == 'T' {
        pad(out, spec, go_type(arg), true);
        return Some(());
    }
    match arg {
        // A binary file's content: `%x`, `%X` and `%q` show its bytes, as
        // Go does; other verbs its text.
        Value::Bytes(b) if plain(spec) && matches!(verb, 'x' | 'X' | 'q') => {
            let text = match verb {
                'x' => hex::encode(b),
                'X' => hex::encode_upper(b),
                _ => {
                    let mut q = String::new();
                    crate::funcs::go_quote_bytes_into(&mut q, b);
                    q
                }
            };
            out.push_str(&text);
        }
        Value::Bytes(_) => return format_arg(out, spec, verb, &arg.clone().lossy()),
        Value::Nil => match verb {
            'v' => pad(out, spec, "<nil>", true),
            _ => return bad_verb(out, spec, verb, arg),
        },
        Value::Bool(b) => match verb {
            't' | 'v' => pad(out, spec, if *b { "true" } else { "false" }, true),
            _ => return bad_verb(out, spec, verb, arg),
        },
        Value::Int(n) => return integer(out, spec, verb, i128::from(*n), arg),
        Value::Uint(n) => return integer(out, spec, verb, i128::from(*n), arg),
        Value::Float(f) => return float(out, spec, verb, *f, arg),
        Value::String(s) => match verb {
            's' | 'v' => {
                let text: &str = s;
                match spec.prec {
                    Some(p) => {
                        let end = text.char_indices().nth(p).map_or(text.len(), |(i, _)| i);
                        pad(out, spec, &text[..end], true)
                    }
                    None => pad(out, spec, text, true),
                }
            }
            'q' if !spec.sharp && !spec.plus => {
                let text: &str = s;
                let end = spec
                    .prec
                    .and_then(|p| text.char_indices().nth(p))
                    .map_or(text.len(), |(i, _)| i);
                pad(out, spec, &crate::funcs::go_quote(&text[..end]), true)
            }
            'x' | 'X' => pad(out, spec, &hex_bytes(s.as_bytes(), spec, verb), true),
            'q' => return None,
            _ => return bad_verb(out, spec, verb, arg),
        },
        Value::List(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                element(out, spec, verb, item)?;
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (k, (key, item)) in m.borrow().iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                format_arg(out, spec, verb, &Value::String(key.clone()))?;
                out.push(':');
                element(out, spec, verb, item)?;
            }
            out.push(']');
        }
    }
    Some(())
}

/// An element of a list or map: a nil prints `<nil>` unpadded, as Go's
/// `interface{}` elements do.
fn element(out: &mut String, spec: &Spec, verb: char, item: &Value) -> Option<()> {
    if matches!(item, Value::Nil) {
        out.push_str("<nil>");
        return Some(());
    }
    format_arg(out, spec, verb, item)
}

fn sign(spec: &Spec, negative: bool) -> &'static str {
    if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

fn integer(out: &mut String, spec: &Spec, verb: char, n: i128, arg: &Value) -> Option<()> {
    let magnitude = n.unsigned_abs();
    let (mut digits, prefix) = match verb {
        'd' | 'v' => (magnitude.to_string(), ""),
        'x' => (format!("{magnitude:x}"), if spec.sharp { "0x" } else { "" }),
        'X' => (format!("{magnitude:X}"), if spec.sharp { "0X" } else { "" }),
        'o' => (format!("{magnitude:o}"), if spec.sharp { "0" } else { "" }),
        'O' => (format!("{magnitude:o}"), "0o"),
        'b' => (format!("{magnitude:b}"), if spec.sharp { "0b" } else { "" }),
        'c' | 'q' if spec.sharp || spec.plus => return None,
        'c' => {
            pad(out, spec, rune_of(n).encode_utf8(&mut [0; 4]), true);
            return Some(());
        }
        'q' => {
            pad(out, spec, &go_quote_rune(rune_of(n)), true);
            return Some(());
        }
        'U' if spec.sharp => return None,
        'U' => {
            // Go formats the operand's bits as unsigned.
            let bits = u64::try_from(n).unwrap_or((n as i64).cast_unsigned());
            pad(out, spec, &format!("U+{bits:04X}"), true);
            return Some(());
        }
        _ => return bad_verb(out, spec, verb, arg),
    };
    let sign = sign(spec, n < 0);
    let min = match (spec.prec, spec.width) {
        (Some(0), _) if n == 0 => {
            digits.clear();
            0
        }
        (Some(p), _) => p,
        (None, Some(w)) if spec.zero && !spec.minus => w.saturating_sub(sign.len()),
        _ => 0,
    };
    let zeros = min.saturating_sub(digits.len());
    let text = format!("{sign}{prefix}{}{digits}", "0".repeat(zeros));
    pad(out, spec, &text, false);
    Some(())
}

fn float(out: &mut String, spec: &Spec, verb: char, f: f64, arg: &Value) -> Option<()> {
    if !f.is_finite() {
        return None;
    }
    let body = match (verb, spec.prec) {
        ('v' | 'g', None) => goprint::format_float(f.abs()),
        ('G', None) => goprint::format_float(f.abs()).to_uppercase(),
        ('e' | 'E', p) => {
            let s = format!("{:.*e}", p.unwrap_or(6), f.abs());
            let (mantissa, exp) = s.split_once('e')?;
            let exp: i32 = exp.parse().ok()?;
            let e = if verb == 'E' { 'E' } else { 'e' };
            let sign = if exp < 0 { '-' } else { '+' };
            format!("{mantissa}{e}{sign}{:02}", exp.abs())
        }
        ('f' | 'F', p) => format!("{:.*}", p.unwrap_or(6), f.abs()),
        ('x' | 'X', None) => {
            let hex = hex_float(f.abs())?;
            if verb == 'X' { hex.to_uppercase() } else { hex }
        }
        ('v' | 'g' | 'G', Some(p)) if !spec.sharp => {
            let g = float_g(f.abs(), p);
            if verb == 'G' { g.to_uppercase() } else { g }
        }
        ('b', _) => float_b(f),
        ('v' | 'g' | 'G' | 'x' | 'X', _) => return None,
        _ => return bad_verb(out, spec, verb, arg),
    };
    let sign = sign(spec, f.is_sign_negative());
    let zeros = match spec.width {
        Some(w) if spec.zero && !spec.minus => w.saturating_sub(sign.len() + body.len()),
        _ => 0,
    };
    let text = format!("{sign}{}{body}", "0".repeat(zeros));
    pad(out, spec, &text, false);
    Some(())
}

/// The character of code point `n`, U+FFFD where Go's would be invalid.
fn rune_of(n: i128) -> char {
    u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Go's `%x`/`%X` of a string's bytes (`fmtSbx`): the precision limits the
/// bytes; `#` adds `0x` once, or before each byte with ` `, which also
/// separates them.
fn hex_bytes(bytes: &[u8], spec: &Spec, verb: char) -> String {
    let bytes = &bytes[..spec.prec.map_or(bytes.len(), |p| p.min(bytes.len()))];
    let prefix = if verb == 'X' { "0X" } else { "0x" };
    let mut text = String::with_capacity(bytes.len() * 3 + 2);
    for (k, b) in bytes.iter().enumerate() {
        if spec.space && k > 0 {
            text.push(' ');
        }
        if spec.sharp && (k == 0 || spec.space) {
            text.push_str(prefix);
        }
        if verb == 'X' {
            text.push_str(&format!("{b:02X}"));
        } else {
            text.push_str(&format!("{b:02x}"));
        }
    }
    text
}

/// `strconv.FormatFloat(f, 'g', prec, 64)` of a finite `f >= 0`: `prec`
/// significant digits, trailing zeros dropped, `%e` form when the exponent
/// is below -4 or not below the precision.
fn float_g(f: f64, prec: usize) -> String {
    let p = prec.max(1);
    let sci = format!("{:.*e}", p - 1, f);
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci;
    };
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    if f == 0.0 {
        digits.clear();
    }
    let nd = digits.len() as i64;
    let dp = if f == 0.0 { 0 } else { exp + 1 };
    let p = p as i64;
    let eprec = if p > nd && nd >= dp { nd } else { p };
    let digit = |k: i64| {
        usize::try_from(k)
            .ok()
            .and_then(|k| digits.get(k))
            .map_or('0', |&d| char::from(d))
    };
    let x = dp - 1;
    if x < -4 || x >= eprec {
        let after = p.min(nd) - 1;
        let mut out = String::new();
        out.push(digit(0));
        if after > 0 {
            out.push('.');
            (1..=after).for_each(|k| out.push(digit(k)));
        }
        let exp = if nd == 0 { 0 } else { x };
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
        return out;
    }
    let pr = if p > dp { nd } else { p };
    let frac = (pr - dp).max(0);
    let mut out = String::new();
    if dp > 0 {
        (0..dp).for_each(|k| out.push(digit(k)));
    } else {
        out.push('0');
    }
    if frac > 0 {
        out.push('.');
        (0..frac).for_each(|k| out.push(digit(dp + k)));
    }
    out
}

/// `strconv.FormatFloat(f, 'b', -1, 64)` without the sign: the decimal
/// mantissa and the binary exponent.
fn float_b(f: f64) -> String {
    let bits = f.to_bits();
    let mut mantissa = bits & ((1 << 52) - 1);
    let mut exp = ((bits >> 52) & 0x7ff) as i64;
    if exp == 0 {
        exp += 1;
    } else {
        mantissa |= 1 << 52;
    }
    exp -= 1023 + 52;
    format!("{mantissa}p{}{exp}", if exp >= 0 { "+" } else { "" })
}

/// `strconv.FormatFloat(f, 'x', -1, 64)` of a normal positive float or zero.
fn hex_float(f: f64) -> Option<String> {
    if f == 0.0 {
        return Some("0x0p+00".into());
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    if exp == 0 {
        return None;
    }
    let exp = exp - 1023;
    let mant = format!("{:013x}", bits & ((1u64 << 52) - 1));
    let mant = mant.trim_end_matches('0');
    let sign = if exp < 0 { '-' } else { '+' };
    let dot = if mant.is_empty() { "" } else { "." };
    Some(format!("0x1{dot}{mant}p{sign}{:02}", exp.abs()))
}
