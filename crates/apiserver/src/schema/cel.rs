//! CRD validation rules (`x-kubernetes-validations`): compiled once per CRD version
//! into a tree that follows the schema, and evaluated on every write of a custom
//! resource with `self` bound to each instance of a node (and `oldSelf` to its
//! previous value on updates), as kube-apiserver does.

mod cost;
mod eval;
mod value;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::error::Cause;

pub(crate) use eval::Outcome;

/// Functions of Kubernetes' CEL libraries the interpreter lacks: a rule calling one is
/// not evaluated (the write gets a warning saying so) rather than failing every object.
const UNSUPPORTED_FUNCTIONS: &[&str] = &[
    "isSorted",
    "sum",
    "url",
    "isURL",
    "getScheme",
    "getHost",
    "getHostname",
    "getPort",
    "getEscapedPath",
    "getQuery",
    "quantity",
    "isQuantity",
    "ip",
    "isIP",
    "cidr",
    "isCIDR",
    "semver",
    "isSemver",
    "format.dns1123Label",
    "format.named",
    "duration",
    "timestamp",
    "authorizer",
    "lists.range",
];

/// cel-go's default limit on the size of an expression, in code points.
const MAX_EXPRESSION_CHARS: usize = 100_000;
/// The deepest nesting of parentheses, brackets and braces compiled: the parser
/// recurses per level, and a hostile rule must not overflow a worker's stack.
const MAX_NESTING: usize = 32;

/// The most operators (other than `&&` and `||`, which the parser loops over) and
/// field selections a rule may have: the parser recurses once per such chained
/// operator, as cel-go's, whose recursion limit (250) refuses such rules anyway.
const MAX_OPERATORS: usize = 1_000;

/// The reasons a rule may name (`reason`); anything else is refused on the CRD.
const REASONS: &[&str] = &[
    "FieldValueDuplicate",
    "FieldValueForbidden",
    "FieldValueInvalid",
    "FieldValueRequired",
];

/// One compiled `x-kubernetes-validations` entry.
pub(crate) struct Rule {
    source: String,
    program: cel::Program,
    message: String,
    message_expression: Option<cel::Program>,
    /// The `fieldPath` as a suffix of the node's path, e.g. `.spec.url`.
    field_path: String,
    reason: String,
    uses_old_self: bool,
    optional_old_self: bool,
    /// The first unsupported library function the rule calls, if any.
    unsupported: Option<&'static str>,
}

/// The rules of a schema node and of the nodes under it; only nodes with rules
/// somewhere below them are kept.
#[derive(Default)]
pub(crate) struct Node {
    type_: String,
    rules: Vec<Rule>,
    properties: BTreeMap<String, Node>,
    items: Option<Box<Node>>,
    additional: Option<Box<Node>>,
    /// `x-kubernetes-map-type: atomic` maps do not correlate their fields with old ones.
    atomic_map: bool,
    /// `x-kubernetes-list-map-keys` of a `map` list: items correlate by these keys.
    list_map_keys: Option<Vec<String>>,
}

/// The compiled rules of a CRD version's schema.
pub struct Validator {
    root: Node,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator").finish_non_exhaustive()
    }
}

impl Validator {
    /// Compiles every rule of a schema; `None` when it has none. Rules that do not
    /// compile are left out (a CRD holding one is refused by [`compile_errors`]).
    pub fn compile(schema: &Value) -> Option<Arc<Validator>> {
        let mut errors = Vec::new();
        compile_node(schema, "", &mut errors).map(|root| Arc::new(Validator { root }))
    }

    /// Evaluates the rules against an object (and its previous version on updates).
    pub(crate) fn validate(&self, obj: &Value, old: Option<&Value>) -> Outcome {
        eval::validate(&self.root, obj, old)
    }
}

/// The causes for the rules of a schema that do not compile, with paths under
/// `path` (e.g. `spec.versions[0].schema.openAPIV3Schema`), worded as kube-apiserver's.
pub fn compile_errors(schema: &Value, path: &str) -> Vec<Cause> {
    let mut errors = Vec::new();
    compile_node(schema, path, &mut errors);
    errors
}

/// Compiles an expression after the checks that keep the parser's recursion bounded.
fn compile_expression(source: &str) -> Result<cel::Program, String> {
    let chars = source.chars().count();
    if chars > MAX_EXPRESSION_CHARS {
        return Err(format!(
            "expression code point size exceeds limit: size: {chars}, limit {MAX_EXPRESSION_CHARS}"
        ));
    }
    let (deepest, operators) = shape(source);
    if operators > MAX_OPERATORS {
        return Err(format!(
            "max recursion depth exceeded: more than {MAX_OPERATORS} operators"
        ));
    }
    if deepest > MAX_NESTING {
        return Err(format!(
            "max recursion depth exceeded: nesting deeper than {MAX_NESTING} levels"
        ));
    }
    env().compile(source).map_err(|e| e.to_string())
}

/// The deepest nesting of `(`, `[` and `{` outside string literals, and the number
/// of operator characters and selections there.
fn shape(source: &str) -> (usize, usize) {
    let (mut depth, mut deepest, mut operators) = (0_usize, 0_usize, 0_usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in source.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                '+' | '-' | '*' | '/' | '%' | '<' | '>' | '=' | '!' | '?' | '.' => operators += 1,
                _ => {}
            },
        }
    }
    (deepest, operators)
}

fn env() -> &'static Arc<cel::Env> {
    static ENV: OnceLock<Arc<cel::Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = cel::Env::stdlib();
        // Kubernetes' environment has cel-go's strings extension; a failure here
        // would only mean fewer functions, never a wrong result.
        let _ = env.add_extension(cel::extensions::strings);
        Arc::new(env)
    })
}

fn compile_node(schema: &Value, path: &str, errors: &mut Vec<Cause>) -> Option<Node> {
    let mut node = Node {
        type_: str_of(schema, "type").to_owned(),
        atomic_map: str_of(schema, "x-kubernetes-map-type") == "atomic",
        list_map_keys: (str_of(schema, "x-kubernetes-list-type") == "map").then(|| {
            schema
                .get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .map(|keys| {
                    keys.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        }),
        ..Node::default()
    };
    let rules = schema
        .get("x-kubernetes-validations")
        .and_then(Value::as_array);
    for (i, rule) in rules.into_iter().flatten().enumerate() {
        let at = format!("{path}.x-kubernetes-validations[{i}]");
        if let Some(rule) = compile_rule(rule, schema, &at, errors) {
            node.rules.push(rule);
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (name, child) in props {
            if let Some(n) = compile_node(child, &format!("{path}.properties[{name}]"), errors) {
                node.properties.insert(name.clone(), n);
            }
        }
    }
    if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        node.items = compile_node(items, &format!("{path}.items"), errors).map(Box::new);
    }
    if let Some(add) = schema.get("additionalProperties").filter(|a| a.is_object()) {
        node.additional =
            compile_node(add, &format!("{path}.additionalProperties"), errors).map(Box::new);
    }
    let empty = node.rules.is_empty()
        && node.properties.is_empty()
        && node.items.is_none()
        && node.additional.is_none();
    (!empty).then_some(node)
}

fn compile_rule(rule: &Value, schema: &Value, at: &str, errors: &mut Vec<Cause>) -> Option<Rule> {
    let source = str_of(rule, "rule");
    let message = str_of(rule, "message").trim().to_owned();
    let message_expression = str_of(rule, "messageExpression");
    let field_path = str_of(rule, "fieldPath");
    let reason = match str_of(rule, "reason") {
        "" => "FieldValueInvalid",
        r => r,
    };
    let optional_old_self = rule.get("optionalOldSelf").and_then(Value::as_bool) == Some(true);
    let before = errors.len();
    if source.trim().is_empty() {
        errors.push(Cause::new(
            "FieldValueRequired",
            &format!("{at}.rule"),
            "Required value",
        ));
        return None;
    }
    if !REASONS.contains(&reason) {
        let supported: Vec<String> = REASONS.iter().map(|r| format!("\"{r}\"")).collect();
        errors.push(Cause::new(
            "FieldValueNotSupported",
            &format!("{at}.reason"),
            format!(
                "Unsupported value: \"{reason}\": supported values: {}",
                supported.join(", ")
            ),
        ));
    }
    let normalized_path = match normalize_field_path(field_path, schema) {
        Ok(p) => p,
        Err(why) => {
            errors.push(Cause::new(
                "FieldValueInvalid",
                &format!("{at}.fieldPath"),
                format!("Invalid value: \"{field_path}\": fieldPath must be a valid path: {why}"),
            ));
            String::new()
        }
    };
    let program = match compile_expression(source) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(Cause::new(
                "FieldValueInvalid",
                &format!("{at}.rule"),
                format!(
                    "Invalid value: {}: compilation failed: {e}",
                    go_rule(rule, source, &message, message_expression, field_path)
                ),
            ));
            None
        }
    };
    let message_program = match message_expression {
        "" => None,
        expr => match compile_expression(expr) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(Cause::new(
                    "FieldValueInvalid",
                    &format!("{at}.messageExpression"),
                    format!(
                        "Invalid value: {}: messageExpression compilation failed: {e}",
                        go_quote(expr)
                    ),
                ));
                None
            }
        },
    };
    if errors.len() != before {
        return None;
    }
    let program = program?;
    let refs = program.references();
    let uses_old_self = refs.has_variable("oldSelf");
    let unsupported = UNSUPPORTED_FUNCTIONS
        .iter()
        .copied()
        .find(|f| refs.has_function(f) || refs.has_function(f.rsplit('.').next().unwrap_or(f)));
    Some(Rule {
        source: source.trim().to_owned(),
        program,
        message,
        message_expression: message_program,
        field_path: normalized_path,
        reason: reason.to_owned(),
        uses_old_self,
        optional_old_self,
        unsupported,
    })
}

/// Checks a rule's `fieldPath` (`.a.b`, `['a.b']`) against the node's schema and
/// returns it as a path suffix.
fn normalize_field_path(field_path: &str, schema: &Value) -> Result<String, &'static str> {
    let mut out = String::new();
    let mut rest = field_path;
    let mut at = schema;
    while !rest.is_empty() {
        let (name, next) = if let Some(r) = rest.strip_prefix("['") {
            let end = r.find("']").ok_or("unexpected end of JSON path")?;
            (&r[..end], &r[end + 2..])
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            (&r[..end], &r[end..])
        } else {
            return Err("expected [ or . but got something else");
        };
        if let Some(child) = at.get("properties").and_then(|p| p.get(name)) {
            out.push('.');
            out.push_str(name);
            at = child;
        } else if let Some(child) = at.get("additionalProperties").filter(|a| a.is_object()) {
            out.push_str(&format!("[{name}]"));
            at = child;
        } else {
            return Err("does not refer to a valid field");
        }
        rest = next;
    }
    Ok(out)
}

/// The rule as Go's `%#v` prints kube-apiserver's `ValidationRule` in its errors.
fn go_rule(
    rule: &Value,
    source: &str,
    message: &str,
    message_expression: &str,
    field_path: &str,
) -> String {
    let pointer = |key: &str, ty: &str| match rule.get(key) {
        Some(v) if !v.is_null() => format!("(*{ty})({v})"),
        _ => format!("(*{ty})(nil)"),
    };
    format!(
        "apiextensions.ValidationRule{{Rule:{}, Message:{}, MessageExpression:{}, Reason:{}, FieldPath:{}, OptionalOldSelf:{}}}",
        go_quote(source),
        go_quote(message),
        go_quote(message_expression),
        pointer("reason", "apiextensions.FieldValueErrorReason"),
        go_quote(field_path),
        pointer("optionalOldSelf", "bool"),
    )
}

fn go_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[cfg(test)]
mod tests;
