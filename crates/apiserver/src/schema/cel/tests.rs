use serde_json::{Value, json};

use super::Validator;
use super::cost::{Scope, estimate};

fn spec_with(properties: Value, rules: Value) -> Value {
    json!({"type": "object", "properties": {"spec": {
        "type": "object", "properties": properties, "x-kubernetes-validations": rules}}})
}

fn run(schema: &Value, obj: &Value, old: Option<&Value>) -> (Vec<String>, Vec<String>) {
    let validator = Validator::compile(schema).expect("rules");
    let out = validator.validate(obj, old);
    let causes = out
        .causes
        .iter()
        .map(|c| format!("{} {}: {}", c.reason, c.field, c.message))
        .collect();
    (causes, out.warnings)
}

#[test]
fn root_rules_see_type_and_name_but_not_the_rest_of_metadata() {
    let schema = json!({"type": "object", "x-kubernetes-validations": [
        {"rule": "self.metadata.name.startsWith('a') && self.kind == 'Thing'", "message": "bad name"},
        {"rule": "!has(self.metadata.labels)"},
    ]});
    let obj = json!({"kind": "Thing", "metadata": {"name": "b", "labels": {"x": "y"}}});
    let (causes, _) = run(&schema, &obj, None);
    assert_eq!(
        causes,
        ["FieldValueInvalid <nil>: Invalid value: \"object\": bad name"]
    );
}

#[test]
fn optional_old_self_runs_on_create_with_an_empty_optional() {
    let schema = spec_with(
        json!({"size": {"type": "integer"}}),
        json!([{"rule": "!oldSelf.hasValue() || self.size >= oldSelf.value().size",
            "optionalOldSelf": true, "message": "may not shrink"}]),
    );
    let new = json!({"spec": {"size": 1}});
    assert_eq!(run(&schema, &new, None).0, Vec::<String>::new());
    let old = json!({"spec": {"size": 2}});
    assert_eq!(
        run(&schema, &new, Some(&old)).0,
        ["FieldValueInvalid spec: Invalid value: \"object\": may not shrink"]
    );
}

#[test]
fn unchanged_subtrees_only_warn_but_transition_rules_still_fail() {
    let schema = spec_with(
        json!({"name": {"type": "string", "x-kubernetes-validations": [
            {"rule": "self.size() < 3", "message": "too long"}]},
            "other": {"type": "string"}}),
        json!([]),
    );
    let old = json!({"spec": {"name": "long", "other": "a"}});
    let new = json!({"spec": {"name": "long", "other": "b"}});
    let (causes, warnings) = run(&schema, &new, Some(&old));
    assert!(causes.is_empty(), "{causes:?}");
    assert_eq!(warnings, ["spec.name: Invalid value: \"string\": too long"]);
    let changed = json!({"spec": {"name": "longer", "other": "a"}});
    assert_eq!(run(&schema, &changed, Some(&old)).0.len(), 1);
}

#[test]
fn map_list_items_correlate_with_old_items_by_key() {
    let schema = spec_with(
        json!({"ports": {"type": "array", "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            "items": {"type": "object", "properties": {
                "name": {"type": "string"}, "port": {"type": "integer"}},
                "x-kubernetes-validations": [{"rule": "self.port == oldSelf.port",
                    "message": "port is immutable"}]}}}),
        json!([]),
    );
    let old = json!({"spec": {"ports": [{"name": "a", "port": 1}, {"name": "b", "port": 2}]}});
    let new = json!({"spec": {"ports": [{"name": "b", "port": 3}, {"name": "a", "port": 1},
        {"name": "c", "port": 9}]}});
    assert_eq!(
        run(&schema, &new, Some(&old)).0,
        ["FieldValueInvalid spec.ports[0]: Invalid value: \"object\": port is immutable"]
    );
}

#[test]
fn runtime_errors_and_unsupported_functions_are_reported() {
    let schema = spec_with(
        json!({"a": {"type": "string"}}),
        json!([{"rule": "self.b == 'x'"}, {"rule": "self.a.isSorted()"}]),
    );
    let (causes, warnings) = run(&schema, &json!({"spec": {"a": "x"}}), None);
    assert_eq!(causes.len(), 1, "{causes:?}");
    assert!(
        causes[0].contains("evaluating rule: self.b == 'x'"),
        "{causes:?}"
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("isSorted"), "{warnings:?}");
}

#[test]
fn rules_that_do_not_compile_are_reported_with_their_path() {
    let schema = spec_with(
        json!({"a": {"type": "string"}}),
        json!([{"rule": "self.a =="}, {"rule": "true", "reason": "Nope"},
            {"rule": "true", "fieldPath": ".missing"}]),
    );
    let errors: Vec<String> = super::compile_errors(&schema, "s")
        .into_iter()
        .map(|c| format!("{}: {}", c.field, c.message))
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with(
        "s.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.a ==\""
    ), "{errors:?}");
    assert!(
        errors[0].contains("compilation failed: ERROR: <input>:1:"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with(
            "s.properties[spec].x-kubernetes-validations[1].reason: Unsupported value: \"Nope\""
        ),
        "{errors:?}"
    );
    assert!(
        errors[2].contains("fieldPath must be a valid path: does not refer to a valid field"),
        "{errors:?}"
    );
}

#[test]
fn the_cost_estimate_grows_with_the_data_a_rule_iterates() {
    let program = super::env()
        .compile("self.names.all(x, self.names.exists_one(y, x == y))")
        .unwrap();
    let names = |n: usize| json!({"names": (0..n).map(|i| format!("n{i}")).collect::<Vec<_>>()});
    let small = names(30);
    let large = names(800);
    let cost_small = estimate(program.expression(), &mut Scope::new(&small, None));
    let cost_large = estimate(program.expression(), &mut Scope::new(&large, None));
    assert!(cost_small < 20_000.0, "{cost_small}");
    assert!(cost_large > 1_000_000.0, "{cost_large}");
    eprintln!("estimates: 30 names {cost_small}, 800 names {cost_large}");
    // string work is charged by length, not per call
    let program = super::env().compile("self.s.contains('abc')").unwrap();
    let long = json!({"s": "a".repeat(100_000)});
    assert!(estimate(program.expression(), &mut Scope::new(&long, None)) >= 10_000.0);
}

#[test]
fn hostile_rules_are_refused_without_panicking() {
    let deep = format!("{}true{}", "(".repeat(5_000), ")".repeat(5_000));
    let long = "self.a == 'x' && ".repeat(2_000) + "true";
    let and_chain = "true && ".repeat(12_000) + "true";
    let sum_chain = "1 + ".repeat(24_000) + "1 == 0";
    let negations = "!".repeat(90_000) + "true";
    let selects = "self".to_owned() + &".a".repeat(45_000) + " == 1";
    for rule in [
        deep.as_str(),
        long.as_str(),
        and_chain.as_str(),
        sum_chain.as_str(),
        negations.as_str(),
        selects.as_str(),
        "self.a[",
        "'unterminated",
        "\u{0}",
        "self.a.matches('(')",
        "ß.ü == 1",
        "[1, 2, 3].map(x, x * x).filter(y, y > 1).size() == 2",
    ] {
        let schema = spec_with(json!({"a": {"type": "string"}}), json!([{"rule": rule}]));
        let _ = super::compile_errors(&schema, "s");
        if let Some(v) = Validator::compile(&schema) {
            let _ = v.validate(&json!({"spec": {"a": "x"}}), None);
        }
    }
}
