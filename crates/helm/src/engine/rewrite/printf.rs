//! `printf` with a literal format, made to print floats as Go's `%v` does
//! (`1e+06`, also inside lists and maps) and `%T` as Go names the type:
//! operands under a plain `%v` go through the print formatter first, `%T`
//! becomes `%s` of `typeOf`. `gotmpl`'s own `printf` formats floats the Rust
//! way. A format picking operands by index or `*` is left alone.

use std::sync::Arc;

use gotmpl::parse::{CommandNode, Expr, PipeNode, Pos, SmolStr};

use super::PRINT_FUNC;

/// What to do with one operand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fix {
    None,
    /// Plain `%v`: format floats as Go does.
    Print,
    /// `%T`: print the Go type name.
    TypeOf,
}

/// The fix for each operand of `fmt` in order, and `fmt` with `%T` turned
/// into `%s`; `None` when operands are picked by index or `*`.
fn plan(fmt: &str) -> Option<(Vec<Fix>, String)> {
    let mut fixes = Vec::new();
    let mut out = String::with_capacity(fmt.len());
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '%' {
            continue;
        }
        // `+`, `#`, zero padding and a precision print a string operand
        // differently from a number.
        let mut plain = true;
        let mut width = false;
        loop {
            let c = chars.next()?;
            match c {
                '+' | '#' | '.' => plain = false,
                '0' if !width => plain = false,
                '1'..='9' => width = true,
                '-' | ' ' | '0' => {}
                '*' | '[' => return None,
                _ => {}
            }
            if matches!(c, '+' | '#' | '.' | '-' | ' ' | '0'..='9') {
                out.push(c);
                continue;
            }
            match c {
                '%' => out.push('%'),
                'v' if plain => {
                    out.push('v');
                    fixes.push(Fix::Print);
                }
                'T' => {
                    out.push('s');
                    fixes.push(Fix::TypeOf);
                }
                c => {
                    out.push(c);
                    fixes.push(Fix::None);
                }
            }
            break;
        }
    }
    Some((fixes, out))
}

fn call(pos: Pos, func: &'static str, arg: Expr) -> Expr {
    Expr::Pipe(
        pos,
        PipeNode {
            pos,
            decl: Vec::new(),
            commands: vec![CommandNode {
                pos,
                args: vec![Expr::Identifier(pos, SmolStr::new_static(func)), arg],
            }],
            is_assign: false,
        },
    )
}

fn func(fix: Fix) -> Option<&'static str> {
    match fix {
        Fix::None => None,
        Fix::Print => Some(PRINT_FUNC),
        Fix::TypeOf => Some("typeOf"),
    }
}

/// Rewrites the `printf` commands of a pipeline (before their arguments are
/// rewritten). A piped operand gets a pipeline stage of its own.
pub(super) fn fix_printf(pipe: &mut PipeNode) {
    let mut i = 0;
    while i < pipe.commands.len() {
        let cmd = &mut pipe.commands[i];
        let is_printf = matches!(cmd.args.first(), Some(Expr::Identifier(_, n)) if n == "printf");
        let Some(Expr::String(fpos, fmt)) = cmd.args.get(1).filter(|_| is_printf) else {
            i += 1;
            continue;
        };
        let Some((fixes, new_fmt)) = plan(fmt) else {
            i += 1;
            continue;
        };
        let fpos = *fpos;
        if fixes.iter().all(|f| *f == Fix::None) {
            i += 1;
            continue;
        }
        cmd.args[1] = Expr::String(fpos, Arc::from(new_fmt.as_str()));
        let explicit = cmd.args.len() - 2;
        for (k, fix) in fixes.iter().enumerate().take(explicit) {
            if let Some(f) = func(*fix) {
                let arg = std::mem::replace(&mut cmd.args[k + 2], Expr::Nil(fpos));
                let pos = arg.pos();
                cmd.args[k + 2] = call(pos, f, arg);
            }
        }
        let pos = cmd.pos;
        if i > 0
            && let Some(f) = fixes.get(explicit).and_then(|f| func(*f))
        {
            pipe.commands.insert(
                i,
                CommandNode {
                    pos,
                    args: vec![Expr::Identifier(pos, SmolStr::new_static(f))],
                },
            );
            i += 1;
        }
        i += 1;
    }
}
