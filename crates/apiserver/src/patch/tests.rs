//! Robustness: every entry point survives arbitrary, Kubernetes-flavoured input.

use serde_json::{Map, Value, json};

use super::*;

/// A small deterministic generator (64-bit LCG), so failures reproduce.
struct Gen(u64);

impl Gen {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn key(&mut self) -> String {
        const KEYS: &[&str] = &[
            "metadata",
            "spec",
            "status",
            "template",
            "containers",
            "name",
            "image",
            "ports",
            "containerPort",
            "protocol",
            "env",
            "finalizers",
            "labels",
            "volumes",
            "$patch",
            "$retainKeys",
            "$setElementOrder/containers",
            "$deleteFromPrimitiveList/finalizers",
            "managedFields",
            "conditions",
            "type",
            "a/b",
            "~",
        ];
        KEYS[self.next(KEYS.len())].to_string()
    }

    fn value(&mut self, depth: usize) -> Value {
        let pick = if depth == 0 {
            self.next(5)
        } else {
            self.next(8)
        };
        match pick {
            0 => Value::Null,
            1 => json!(self.next(4)),
            2 => {
                let s = ["delete", "replace", "merge", "x", "TCP"][self.next(5)];
                json!(s)
            }
            3 => json!(self.next(2) == 0),
            4 => {
                let name = ["a", "b", "c"][self.next(3)];
                json!({ "name": name })
            }
            5 | 6 => {
                let mut m = Map::new();
                for _ in 0..self.next(4) {
                    m.insert(self.key(), self.value(depth - 1));
                }
                Value::Object(m)
            }
            _ => Value::Array((0..self.next(4)).map(|_| self.value(depth - 1)).collect()),
        }
    }

    fn pointer(&mut self) -> String {
        (0..self.next(4))
            .map(|_| match self.next(3) {
                0 => "/-".to_string(),
                1 => format!("/{}", self.next(3)),
                _ => format!("/{}", self.key().replace('~', "~0").replace('/', "~1")),
            })
            .collect()
    }
}

#[test]
fn no_entry_point_panics_on_arbitrary_input() {
    let schemas = [
        ListSchema::builtin("apps/v1", "Deployment"),
        ListSchema::builtin("v1", "Pod"),
        ListSchema::schemaless(),
    ];
    let mut g = Gen(42);
    for round in 0..3000 {
        let doc = g.value(5);
        let patch = g.value(5);
        let schema = &schemas[round % schemas.len()];
        let ops: Vec<Value> = (0..g.next(4))
            .map(|_| {
                let op = ["add", "remove", "replace", "move", "copy", "test"][g.next(6)];
                json!({"op": op, "path": g.pointer(), "from": g.pointer(), "value": g.value(2)})
            })
            .collect();
        let _ = json_patch(&doc, &Value::Array(ops));
        let _ = merge_patch(&doc, &patch);
        let _ = strategic_merge_patch(&doc, &patch, schema);

        let mut applied = g.value(4);
        if let Value::Object(m) = &mut applied {
            m.insert("apiVersion".into(), json!("apps/v1"));
            m.insert("kind".into(), json!("Deployment"));
            m.shift_remove("metadata");
        }
        let sub = [None, Some("status")][g.next(2)];
        let live = server_side_apply(None, &applied, "a", false, None, schema, "t0").ok();
        let _ = server_side_apply(
            live.as_ref(),
            &applied,
            "b",
            g.next(2) == 0,
            sub,
            schema,
            "t1",
        );
        let _ = server_side_apply(Some(&doc), &applied, "a", false, sub, schema, "t1");
        let _ = track_update(Some(&doc), &patch, "c", sub, schema, "t2");
        let _ = track_update(live.as_ref(), &doc, "c", None, schema, "t2");
    }
}

#[test]
fn applying_twice_is_stable() {
    let schema = ListSchema::builtin("apps/v1", "Deployment");
    let mut g = Gen(7);
    for _ in 0..500 {
        let mut applied = g.value(4);
        let Value::Object(m) = &mut applied else {
            continue;
        };
        m.insert("apiVersion".into(), json!("apps/v1"));
        m.insert("kind".into(), json!("Deployment"));
        m.shift_remove("metadata");
        let Ok(first) = server_side_apply(None, &applied, "m", false, None, &schema, "t0") else {
            continue;
        };
        let second = server_side_apply(Some(&first), &applied, "m", false, None, &schema, "t0")
            .unwrap_or_else(|e| panic!("re-applying {applied} failed: {e}"));
        assert_eq!(first, second, "re-applying {applied} changed the object");
    }
}
