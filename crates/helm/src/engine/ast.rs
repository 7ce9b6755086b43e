//! The statement level of parsed templates: lists, text, actions and control
//! nodes. Text is a byte range of the file's source rather than a copy of it:
//! a chart's templates are mostly text (a CRD is megabytes of it), which would
//! otherwise be copied once into the tree and again into the output.
//! Pipelines and their operands are `gotmpl`'s nodes.

pub(crate) use gotmpl::parse::{ActionNode, PipeNode, Pos, TemplateNode};

/// A sequence of nodes.
#[derive(Debug, Clone)]
pub(crate) struct ListNode {
    /// Its nodes, in order.
    pub(crate) nodes: Vec<Node>,
}

impl ListNode {
    /// Go's `IsEmptyTree`: nothing but whitespace text. `src` is the source
    /// the text ranges refer to.
    pub(crate) fn is_empty_tree(&self, src: &str) -> bool {
        self.nodes.iter().all(|n| match n {
            Node::Text(t) => t.text(src).chars().all(char::is_whitespace),
            _ => false,
        })
    }
}

/// One node of a list.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Text outside actions.
    Text(TextNode),
    /// `{{ pipeline }}`.
    Action(ActionNode),
    /// `{{ if }}`.
    If(BranchNode),
    /// `{{ range }}`.
    Range(BranchNode),
    /// `{{ with }}`.
    With(BranchNode),
    /// `{{ template "name" pipeline }}` (also what a `block` leaves in place).
    Template(TemplateNode),
    /// `{{ break }}`.
    Break,
    /// `{{ continue }}`.
    Continue,
}

/// Text outside actions: `start..end` of the source it was parsed from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextNode {
    /// Byte offset of its first byte.
    pub(crate) start: usize,
    /// Byte offset after its last byte.
    pub(crate) end: usize,
}

impl TextNode {
    /// The text, out of the source it was parsed from.
    pub(crate) fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or_default()
    }
}

/// `if`, `range` and `with`.
#[derive(Debug, Clone)]
pub(crate) struct BranchNode {
    /// Where the pipeline starts.
    pub(crate) pos: Pos,
    /// The condition, or what to range over.
    pub(crate) pipe: PipeNode,
    /// What runs when the pipeline is true (each element of a range).
    pub(crate) body: ListNode,
    /// `{{ else }}`'s list.
    pub(crate) else_body: Option<ListNode>,
}
