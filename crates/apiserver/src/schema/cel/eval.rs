//! Evaluation of compiled rules over an object: the walk over every instance of every
//! node with rules, old-value correlation for transition rules and ratcheting, the
//! cost budget, and kube-apiserver's wording of failures.

use std::sync::Arc;

use cel::objects::OptionalValue;
use serde_json::Value;

use super::cost::{Scope, estimate};
use super::value::to_cel;
use super::{Node, Rule, env};
use crate::error::Cause;

/// Kubernetes' `PerCallLimit`: the most one rule evaluation may cost.
const PER_CALL_LIMIT: f64 = 1_000_000.0;
/// Kubernetes' `RuntimeCELCostBudget`: the most all rules of one object may cost.
const RUNTIME_BUDGET: f64 = 10_000_000.0;
/// Kubernetes' `MaxEvaluatedMessageExpressionSizeBytes`.
const MAX_MESSAGE_BYTES: usize = 5 * 1024;

/// What evaluating the rules of an object found.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Failed rules, as field causes.
    pub causes: Vec<Cause>,
    /// Warnings for the client: ratcheted failures, rules not evaluated.
    pub warnings: Vec<String>,
}

struct Walk {
    out: Outcome,
    budget: f64,
    exhausted: bool,
}

/// The nearest node above (or at) the current one that correlates with an old value:
/// failures of rules without `oldSelf` are only warnings while it is unchanged.
#[derive(Clone, Copy)]
struct Anchor<'a> {
    new: &'a Value,
    old: Option<&'a Value>,
}

impl Anchor<'_> {
    fn unchanged(&self) -> bool {
        self.old.is_some_and(|old| old == self.new)
    }
}

pub(super) fn validate(root: &Node, obj: &Value, old: Option<&Value>) -> Outcome {
    let mut walk = Walk {
        out: Outcome::default(),
        budget: RUNTIME_BUDGET,
        exhausted: false,
    };
    let anchor = Anchor { new: obj, old };
    walk.node(root, obj, old, "", anchor, true);
    walk.out
}

impl Walk {
    fn node<'a>(
        &mut self,
        node: &Node,
        value: &'a Value,
        old: Option<&'a Value>,
        path: &str,
        anchor: Anchor<'a>,
        resource_root: bool,
    ) {
        if self.exhausted || value.is_null() {
            return;
        }
        let old = old.filter(|o| !o.is_null());
        if !node.rules.is_empty() {
            self.rules(node, value, old, path, anchor, resource_root);
        }
        match value {
            Value::Array(items) => {
                let Some(item_node) = &node.items else { return };
                for (i, item) in items.iter().enumerate() {
                    if self.exhausted {
                        return;
                    }
                    let old_item = node
                        .list_map_keys
                        .as_ref()
                        .and_then(|keys| correlate(keys, item, old?.as_array()?));
                    let child_anchor = match old_item {
                        Some(o) => Anchor {
                            new: item,
                            old: Some(o),
                        },
                        None => anchor,
                    };
                    let child_path = format!("{path}[{i}]");
                    self.node(item_node, item, old_item, &child_path, child_anchor, false);
                }
            }
            Value::Object(map) => {
                for (key, child) in map {
                    if self.exhausted {
                        return;
                    }
                    let (child_node, child_path) = match node.properties.get(key) {
                        Some(n) => (n, join(path, key)),
                        None => match &node.additional {
                            Some(n) => (&**n, format!("{path}[{key}]")),
                            None => continue,
                        },
                    };
                    let old_child = if node.atomic_map {
                        None
                    } else {
                        old.and_then(|o| o.get(key))
                    };
                    let child_anchor = match old_child {
                        Some(o) => Anchor {
                            new: child,
                            old: Some(o),
                        },
                        None if node.atomic_map => anchor,
                        None => Anchor {
                            new: child,
                            old: None,
                        },
                    };
                    self.node(
                        child_node,
                        child,
                        old_child,
                        &child_path,
                        child_anchor,
                        false,
                    );
                }
            }
            _ => {}
        }
    }

    fn rules(
        &mut self,
        node: &Node,
        value: &Value,
        old: Option<&Value>,
        path: &str,
        anchor: Anchor<'_>,
        resource_root: bool,
    ) {
        let self_value = to_cel(value, resource_root);
        let old_value = old.map(|o| to_cel(o, resource_root));
        for rule in &node.rules {
            if rule.uses_old_self && old.is_none() && !rule.optional_old_self {
                continue;
            }
            if let Some(function) = rule.unsupported {
                self.out.warnings.push(format!(
                    "{}: validation rule not evaluated: oxbow-apiserver does not implement the CEL function {function}: {}",
                    shown(path),
                    rule.source
                ));
                continue;
            }
            let cost = estimate(rule.program.expression(), &mut Scope::new(value, old));
            if cost > PER_CALL_LIMIT {
                self.invalid(node, path, format!(
                    "'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: {}",
                    error_string(rule)
                ));
                return self.exhaust();
            }
            if cost > self.budget {
                self.invalid(
                    node,
                    path,
                    "validation failed due to running out of cost budget, no further validation rules will be run".into(),
                );
                return self.exhaust();
            }
            self.budget -= cost;
            let mut ctx = cel::Context::with_env(Arc::clone(env()));
            ctx.add_variable_from_value("self", self_value.clone());
            let old_bound = match (&old_value, rule.optional_old_self) {
                (Some(o), false) => Some(o.clone()),
                (Some(o), true) => Some(optional(Some(o.clone()))),
                (None, true) => Some(optional(None)),
                (None, false) => None,
            };
            if let Some(o) = old_bound {
                ctx.add_variable_from_value("oldSelf", o);
            }
            match rule.program.execute(&ctx) {
                Ok(cel::Value::Bool(true)) => {}
                Ok(cel::Value::Bool(false)) => {
                    let detail = self.message(rule, &ctx, value, old);
                    let cause = rule_cause(node, rule, path, detail);
                    if !rule.uses_old_self && anchor.unchanged() {
                        self.out.warnings.push(format!("{}: {}", cause.field, cause.message));
                    } else {
                        self.out.causes.push(cause);
                    }
                }
                Ok(other) => self.invalid(
                    node,
                    path,
                    format!(
                        "no such overload: rule did not evaluate to a bool but to {} evaluating rule: {}",
                        other.type_of(),
                        error_string(rule)
                    ),
                ),
                Err(e) => self.invalid(
                    node,
                    path,
                    format!("{} evaluating rule: {}", lower_first(&e.to_string()), error_string(rule)),
                ),
            }
        }
    }

    /// The failure message: `messageExpression`'s value when it yields a usable
    /// string, else `message`, else `failed rule: <rule>`.
    fn message(
        &mut self,
        rule: &Rule,
        ctx: &cel::Context<'_, '_>,
        value: &Value,
        old: Option<&Value>,
    ) -> String {
        if let Some(program) = &rule.message_expression {
            let cost = estimate(program.expression(), &mut Scope::new(value, old));
            if cost <= PER_CALL_LIMIT && cost <= self.budget {
                self.budget -= cost;
                if let Ok(cel::Value::String(s)) = program.execute(ctx) {
                    let s = s.trim();
                    if !s.is_empty() && s.len() <= MAX_MESSAGE_BYTES && !s.contains('\n') {
                        return s.to_owned();
                    }
                }
            }
        }
        if rule.message.is_empty() {
            format!("failed rule: {}", rule.source)
        } else {
            rule.message.clone()
        }
    }

    fn invalid(&mut self, node: &Node, path: &str, detail: String) {
        self.out.causes.push(Cause::new(
            "FieldValueInvalid",
            &shown(path),
            format!("Invalid value: \"{}\": {detail}", node.type_),
        ));
    }

    fn exhaust(&mut self) {
        self.exhausted = true;
    }
}

fn rule_cause(node: &Node, rule: &Rule, path: &str, detail: String) -> Cause {
    let field = shown(&format!("{path}{}", rule.field_path));
    let value = &node.type_;
    match rule.reason.as_str() {
        "FieldValueForbidden" => Cause::new(
            "FieldValueForbidden",
            &field,
            format!("Forbidden: {detail}"),
        ),
        "FieldValueRequired" => Cause::new(
            "FieldValueRequired",
            &field,
            format!("Required value: {detail}"),
        ),
        "FieldValueDuplicate" => Cause::new(
            "FieldValueDuplicate",
            &field,
            format!("Duplicate value: \"{value}\""),
        ),
        _ => Cause::new(
            "FieldValueInvalid",
            &field,
            format!("Invalid value: \"{value}\": {detail}"),
        ),
    }
}

/// A path as kube-apiserver prints it: without the leading dot, `<nil>` for the root.
fn shown(path: &str) -> String {
    match path.strip_prefix('.').unwrap_or(path) {
        "" => "<nil>".to_owned(),
        p => p.to_owned(),
    }
}

fn join(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

fn error_string(rule: &Rule) -> &str {
    if rule.message.is_empty() {
        &rule.source
    } else {
        &rule.message
    }
}

fn optional(value: Option<cel::Value>) -> cel::Value {
    let opt = match value {
        Some(v) => OptionalValue::of(v),
        None => OptionalValue::none(),
    };
    cel::Value::Opaque(Arc::new(opt))
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The old item of a `map` list with the same key fields as `item`.
fn correlate<'a>(keys: &[String], item: &Value, old: &'a [Value]) -> Option<&'a Value> {
    old.iter()
        .find(|o| keys.iter().all(|k| o.get(k) == item.get(k)))
}
