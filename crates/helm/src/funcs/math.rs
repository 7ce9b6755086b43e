//! Sprig's numeric functions: integer arithmetic on `int64` after `cast`
//! conversion, float arithmetic through decimal numbers (shopspring/decimal) so
//! `addf 0.1 0.2` is `0.3`, rounding, ranges (`until`, `untilStep`, `seq`).

use super::FuncMap;
use crate::engine::value::Value;
use rand::Rng;

use super::{add, arity, arity_min, fail, fmt_v, int_arg, list, s, str_arg, to_float64, to_int64};

pub(super) fn register(m: &mut FuncMap) {
    add(m, "atoi", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Int(str_arg(n, a, 0)?.parse().unwrap_or(0)))
    });
    add(m, "int64", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Int(to_int64(&a[0])))
    });
    add(m, "int", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Int(to_int64(&a[0])))
    });
    add(m, "float64", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Float(to_float64(&a[0])))
    });
    add(m, "toDecimal", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Int(
            i64::from_str_radix(&fmt_v(&a[0]), 8).unwrap_or(0),
        ))
    });
    add(m, "add1", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Int(to_int64(&a[0]).wrapping_add(1)))
    });
    add(m, "add", |_, a| {
        Ok(Value::Int(
            a.iter().fold(0i64, |acc, v| acc.wrapping_add(to_int64(v))),
        ))
    });
    add(m, "sub", |n, a| {
        arity(n, a, 2)?;
        Ok(Value::Int(to_int64(&a[0]).wrapping_sub(to_int64(&a[1]))))
    });
    add(m, "mul", |n, a| {
        arity_min(n, a, 1)?;
        Ok(Value::Int(
            a.iter().fold(1i64, |acc, v| acc.wrapping_mul(to_int64(v))),
        ))
    });
    add(m, "div", |n, a| {
        arity(n, a, 2)?;
        let d = to_int64(&a[1]);
        if d == 0 {
            return Err(fail(n, "runtime error: integer divide by zero"));
        }
        Ok(Value::Int(to_int64(&a[0]).wrapping_div(d)))
    });
    add(m, "mod", |n, a| {
        arity(n, a, 2)?;
        let d = to_int64(&a[1]);
        if d == 0 {
            return Err(fail(n, "runtime error: integer divide by zero"));
        }
        Ok(Value::Int(to_int64(&a[0]).wrapping_rem(d)))
    });
    for (name, pick_max) in [("max", true), ("biggest", true), ("min", false)] {
        add(m, name, move |n, a| {
            arity_min(n, a, 1)?;
            let it = a.iter().map(to_int64);
            Ok(Value::Int(
                if pick_max { it.max() } else { it.min() }.unwrap_or(0),
            ))
        });
    }
    for (name, pick_max) in [("maxf", true), ("minf", false)] {
        add(m, name, move |n, a| {
            arity_min(n, a, 1)?;
            let mut acc = to_float64(&a[0]);
            for v in &a[1..] {
                let f = to_float64(v);
                acc = if pick_max {
                    go_max(acc, f)
                } else {
                    go_min(acc, f)
                };
            }
            Ok(Value::Float(acc))
        });
    }
    add(m, "randInt", |n, a| {
        arity(n, a, 2)?;
        let (lo, hi) = (int_arg(n, a, 0)?, int_arg(n, a, 1)?);
        if hi <= lo {
            return Err(fail(n, "invalid argument to Intn"));
        }
        Ok(Value::Int(rand::rng().random_range(lo..hi)))
    });
    add(m, "ceil", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Float(to_float64(&a[0]).ceil()))
    });
    add(m, "floor", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Float(to_float64(&a[0]).floor()))
    });
    add(m, "round", |n, a| {
        arity_min(n, a, 2)?;
        let val = to_float64(&a[0]);
        let places = int_arg(n, a, 1)? as f64;
        let round_on = match a.get(2) {
            Some(_) => super::float_arg(n, a, 2)?,
            None => 0.5,
        };
        let pow = 10f64.powf(places);
        let digit = pow * val;
        let frac = digit.fract();
        let r = if frac >= round_on {
            digit.ceil()
        } else {
            digit.floor()
        };
        Ok(Value::Float(r / pow))
    });
    add(m, "addf", |_, a| {
        Ok(Value::Float(decimal_fold(0.0, a, DecOp::Add)))
    });
    add(m, "add1f", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Float(decimal_fold(
            to_float64(&a[0]),
            &[Value::Int(1)],
            DecOp::Add,
        )))
    });
    for (name, op) in [
        ("subf", DecOp::Sub),
        ("mulf", DecOp::Mul),
        ("divf", DecOp::Div),
    ] {
        add(m, name, move |n, a| {
            arity_min(n, a, 1)?;
            if op == DecOp::Div && a[1..].iter().any(|v| to_float64(v) == 0.0) {
                return Err(fail(n, "decimal division by 0"));
            }
            Ok(Value::Float(decimal_fold(to_float64(&a[0]), &a[1..], op)))
        });
    }
    add(m, "until", |n, a| {
        arity(n, a, 1)?;
        let count = int_arg(n, a, 0)?;
        Ok(ints(until_step(
            n,
            0,
            count,
            if count < 0 { -1 } else { 1 },
        )?))
    });
    add(m, "untilStep", |n, a| {
        arity(n, a, 3)?;
        Ok(ints(until_step(
            n,
            int_arg(n, a, 0)?,
            int_arg(n, a, 1)?,
            int_arg(n, a, 2)?,
        )?))
    });
    add(m, "seq", |n, a| {
        let p: Vec<i64> = (0..a.len())
            .map(|i| int_arg(n, a, i))
            .collect::<Result<_, _>>()?;
        let nums = match p.as_slice() {
            [end] => {
                let inc = if *end < 1 { -1 } else { 1 };
                until_step(n, 1, end.saturating_add(inc), inc)?
            }
            [start, end] => {
                let step = if end < start { -1 } else { 1 };
                until_step(n, *start, end.saturating_add(step), step)?
            }
            [start, step, end] => {
                let inc = if end < start { -1 } else { 1 };
                if end < start && *step > 0 {
                    Vec::new()
                } else {
                    until_step(n, *start, end.saturating_add(inc), *step)?
                }
            }
            _ => Vec::new(),
        };
        Ok(s(nums
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(" ")))
    });
}

fn go_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

fn go_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

fn ints(v: Vec<i64>) -> Value {
    list(v.into_iter().map(Value::Int).collect())
}

/// Sprig's `untilStep`: a list of more numbers than a function may build
/// fails (see [`super::generated_size`]).
fn until_step(n: &str, start: i64, stop: i64, step: i64) -> gotmpl::Result<Vec<i64>> {
    let count = match step {
        s if s > 0 && stop > start => {
            (i128::from(stop) - i128::from(start) - 1) / i128::from(s) + 1
        }
        s if s < 0 && stop < start => {
            (i128::from(start) - i128::from(stop) - 1) / -i128::from(s) + 1
        }
        _ => 0,
    };
    // A number is 8 bytes to Go.
    super::generated_size(n, count.unsigned_abs() * 8)?;
    let mut v = Vec::with_capacity(count as usize);
    let mut i = start;
    for _ in 0..count {
        v.push(i);
        i = i.wrapping_add(step);
    }
    Ok(v)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DecOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A decimal number `m × 10^e`, as shopspring/decimal builds from a float64.
#[derive(Clone, Copy)]
struct Dec {
    m: i128,
    e: i32,
}

impl Dec {
    fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        if f == 0.0 {
            return Some(Dec { m: 0, e: 0 });
        }
        let text = format!("{:e}", f);
        let (mant, exp) = text.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let frac_len = mant.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
        let m: i128 = mant.replace('.', "").parse().ok()?;
        Some(Dec {
            m,
            e: exp - frac_len,
        })
    }

    fn to_f64(self) -> f64 {
        format!("{}e{}", self.m, self.e).parse().unwrap_or(f64::NAN)
    }

    fn rescale(self, e: i32) -> Option<i128> {
        let diff = u32::try_from(self.e - e).ok()?;
        self.m.checked_mul(10i128.checked_pow(diff)?)
    }

    fn apply(self, op: DecOp, o: Dec) -> Option<Dec> {
        match op {
            DecOp::Add | DecOp::Sub => {
                let e = self.e.min(o.e);
                let (a, b) = (self.rescale(e)?, o.rescale(e)?);
                let m = if op == DecOp::Add {
                    a.checked_add(b)?
                } else {
                    a.checked_sub(b)?
                };
                Some(Dec { m, e })
            }
            DecOp::Mul => Some(Dec {
                m: self.m.checked_mul(o.m)?,
                e: self.e.checked_add(o.e)?,
            }),
            DecOp::Div => {
                // DivRound(o, 16): half away from zero at 16 fractional digits.
                let k = self.e - o.e + 16;
                let (num, den) = if k >= 0 {
                    (self.m.checked_mul(10i128.checked_pow(k as u32)?)?, o.m)
                } else {
                    (self.m, o.m.checked_mul(10i128.checked_pow((-k) as u32)?)?)
                };
                if den == 0 {
                    return None;
                }
                let (q, r) = (num / den, num % den);
                let away = r.checked_mul(2)?.abs() >= den.abs();
                let q = if away {
                    q + if (num < 0) != (den < 0) { -1 } else { 1 }
                } else {
                    q
                };
                Some(Dec { m: q, e: -16 })
            }
        }
    }
}

fn decimal_fold(start: f64, rest: &[Value], op: DecOp) -> f64 {
    let mut acc_f = start;
    let mut acc = Dec::from_f64(start);
    for v in rest {
        let f = to_float64(v);
        acc = acc.zip(Dec::from_f64(f)).and_then(|(a, b)| a.apply(op, b));
        acc_f = match op {
            DecOp::Add => acc_f + f,
            DecOp::Sub => acc_f - f,
            DecOp::Mul => acc_f * f,
            DecOp::Div => acc_f / f,
        };
    }
    acc.map_or(acc_f, Dec::to_f64)
}
