//! In-place map mutation, which `gotmpl` values cannot do: `$_ := set $d ...`
//! assigns the result back to `$d`; `$_ := set .Values.x ...` runs the rest of
//! the block under `with` the updated dot.

use std::sync::Arc;

use gotmpl::parse::{BranchNode, CommandNode, Expr, ListNode, Node, PipeNode, SmolStr};

/// Functions that modify their first argument in Go.
const MUTATORS: &[&str] = &["set", "unset", "merge", "mergeOverwrite"];

/// `$_ := set $d.a.b "k" v` → `$d = set $d "a" (set $d.a "b" (set $d.a.b "k" v))`.
pub(super) fn assign_mutation(pipe: &mut PipeNode) {
    if pipe.decl.len() != 1 || pipe.decl[0].as_str() != "$_" || pipe.commands.len() != 1 {
        return;
    }
    let cmd = &pipe.commands[0];
    let (Some(Expr::Identifier(_, func)), Some(Expr::Variable(vpos, var, fields))) =
        (cmd.args.first(), cmd.args.get(1))
    else {
        return;
    };
    if !MUTATORS.contains(&func.as_str()) {
        return;
    }
    let (vpos, var, fields) = (*vpos, var.clone(), fields.clone());
    let pos = cmd.pos;
    let mut current = cmd.clone();
    for i in (0..fields.len()).rev() {
        let inner = Expr::Pipe(
            pos,
            PipeNode {
                pos,
                decl: Vec::new(),
                commands: vec![current],
                is_assign: false,
            },
        );
        current = CommandNode {
            pos,
            args: vec![
                Expr::Identifier(pos, SmolStr::new("set")),
                Expr::Variable(vpos, var.clone(), fields[..i].to_vec()),
                Expr::String(pos, Arc::from(fields[i].as_str())),
                inner,
            ],
        };
    }
    pipe.decl = vec![var];
    pipe.is_assign = true;
    pipe.commands = vec![current];
}

/// `$_ := set .a.b "k" v` followed by nodes → `with set . "a" (set .a "b" (...))`
/// around those nodes.
pub(super) fn scope_dot_mutation(list: &mut ListNode) {
    let Some(i) = list.nodes.iter().position(|n| dot_mutation(n).is_some()) else {
        return;
    };
    let rest = list.nodes.split_off(i + 1);
    let Some(pipe) = list.nodes.pop().as_ref().and_then(dot_mutation) else {
        return;
    };
    let pos = pipe.pos;
    let body = ListNode { pos, nodes: rest };
    list.nodes.push(Node::With(BranchNode {
        pos,
        pipe,
        body,
        else_body: None,
    }));
}

fn dot_mutation(node: &Node) -> Option<PipeNode> {
    let Node::Action(a) = node else { return None };
    let pipe = &a.pipe;
    if pipe.decl.len() != 1 || pipe.decl[0].as_str() != "$_" || pipe.commands.len() != 1 {
        return None;
    }
    let cmd = &pipe.commands[0];
    let Some(Expr::Identifier(_, func)) = cmd.args.first() else {
        return None;
    };
    if !MUTATORS.contains(&func.as_str()) {
        return None;
    }
    let fields = match cmd.args.get(1)? {
        Expr::Field(_, f) => f.clone(),
        Expr::Dot(_) => Vec::new(),
        _ => return None,
    };
    let pos = cmd.pos;
    let mut current = cmd.clone();
    for i in (0..fields.len()).rev() {
        let inner = Expr::Pipe(
            pos,
            PipeNode {
                pos,
                decl: Vec::new(),
                commands: vec![current],
                is_assign: false,
            },
        );
        let target = if i == 0 {
            Expr::Dot(pos)
        } else {
            Expr::Field(pos, fields[..i].to_vec())
        };
        current = CommandNode {
            pos,
            args: vec![
                Expr::Identifier(pos, SmolStr::new("set")),
                target,
                Expr::String(pos, Arc::from(fields[i].as_str())),
                inner,
            ],
        };
    }
    Some(PipeNode {
        pos,
        decl: Vec::new(),
        commands: vec![current],
        is_assign: false,
    })
}
