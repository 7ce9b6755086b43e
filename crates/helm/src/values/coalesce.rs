//! Helm's value coalescing: chart defaults under user values, subchart defaults
//! under the parent's `<subchart>:` table, `global` pushed down to every
//! subchart, and `null` deleting a key (when coalescing, not when merging).

use serde_json::Value;

use super::Values;
use crate::chart::Chart;
use crate::error::{Error, Result};

const GLOBAL: &str = "global";

/// A chart's default values and its subcharts', detached from the chart.
struct Defaults {
    name: String,
    values: Values,
    subcharts: Vec<Defaults>,
}

impl Defaults {
    fn cloned(chart: &Chart) -> Self {
        Defaults {
            name: chart.name().to_string(),
            values: chart.values.clone(),
            subcharts: chart.dependencies.iter().map(Defaults::cloned).collect(),
        }
    }

    fn taken(chart: &mut Chart) -> Self {
        Defaults {
            name: chart.name().to_string(),
            values: std::mem::take(&mut chart.values),
            subcharts: chart.dependencies.iter_mut().map(Defaults::taken).collect(),
        }
    }
}

/// Coalesces user values over the chart's defaults, recursively into subcharts;
/// `null` in user values deletes the key (Helm's `CoalesceValues`).
pub fn coalesce_values(chart: &Chart, values: &Values) -> Result<Values> {
    let mut dest = values.clone();
    coalesce(Defaults::cloned(chart), &mut dest, false)?;
    Ok(dest)
}

/// [`coalesce_values`] for a render, which needs the chart's defaults no more:
/// they are moved into the result rather than copied.
pub(crate) fn coalesce_values_taking(chart: &mut Chart, mut values: Values) -> Result<Values> {
    coalesce(Defaults::taken(chart), &mut values, false)?;
    Ok(values)
}

/// Like [`coalesce_values`] but keeps `null`s (Helm's `MergeValues`).
pub fn merge_values(chart: &Chart, values: &Values) -> Result<Values> {
    let mut dest = values.clone();
    coalesce(Defaults::cloned(chart), &mut dest, true)?;
    Ok(dest)
}

/// Coalesces `src` under `dst` (`dst` wins, `null` in `dst` deletes).
pub fn coalesce_tables(dst: &mut Values, src: Values) {
    tables(dst, src, false);
}

/// Merges `src` under `dst` (`dst` wins, `null`s kept).
pub fn merge_tables(dst: &mut Values, src: Values) {
    tables(dst, src, true);
}

fn coalesce(chart: Defaults, dest: &mut Values, merge: bool) -> Result<()> {
    chart_values(chart.values, &chart.subcharts, dest, merge);
    for sub in chart.subcharts {
        let name = sub.name.clone();
        match dest.get(&name) {
            None => {
                dest.insert(name.clone(), Value::Object(Values::new()));
            }
            Some(Value::Object(_)) => {}
            Some(other) => {
                return Err(Error::Values(format!("type mismatch on {name}: {other}")));
            }
        }
        let parent_global = dest.get(GLOBAL).cloned();
        if let Some(Value::Object(sub_values)) = dest.get_mut(&name) {
            push_globals(sub_values, parent_global);
            coalesce(sub, sub_values, merge)?;
        }
    }
    Ok(())
}

/// Copies the parent's globals into the subchart's `global`, the parent winning.
fn push_globals(dest: &mut Values, parent_global: Option<Value>) {
    let mut dg = match dest.get(GLOBAL) {
        None => Values::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return,
    };
    let sg = match parent_global {
        None => Values::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return,
    };
    for (key, val) in sg {
        match val {
            Value::Object(vv) => match dg.get(&key) {
                None => {
                    dg.insert(key, Value::Object(vv));
                }
                Some(Value::Object(existing)) => {
                    let mut vv = vv;
                    tables(&mut vv, existing.clone(), true);
                    dg.insert(key, Value::Object(vv));
                }
                Some(_) => {}
            },
            val => {
                if !matches!(dg.get(&key), Some(Value::Object(_))) {
                    dg.insert(key, val);
                }
            }
        }
    }
    dest.insert(GLOBAL.into(), Value::Object(dg));
}

fn chart_values(values: Values, subcharts: &[Defaults], v: &mut Values, merge: bool) {
    for (key, val) in values {
        match v.get_mut(&key) {
            Some(Value::Null) if !merge => {
                v.remove(&key);
            }
            Some(Value::Object(dest)) => {
                if let Value::Object(mut src) = val {
                    let merge = merge || subcharts.iter().any(|d| d.name == key);
                    if !merge {
                        clean_nulls(&mut src);
                    }
                    tables(dest, src, merge);
                }
            }
            Some(_) => {}
            None => {
                let val = match val {
                    Value::Null if !merge => continue,
                    Value::Object(mut m) if !merge => {
                        clean_nulls(&mut m);
                        Value::Object(m)
                    }
                    other => other,
                };
                v.insert(key, val);
            }
        }
    }
}

fn tables(dst: &mut Values, mut src: Values, merge: bool) {
    let src_non_null: Vec<String> = src
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, _)| k.clone())
        .collect();
    for (key, val) in dst.iter() {
        if val.is_null() {
            src.insert(key.clone(), Value::Null);
        }
    }
    for (key, val) in src {
        match dst.get_mut(&key) {
            Some(Value::Null) if !merge && src_non_null.contains(&key) => {
                dst.remove(&key);
            }
            None => {
                dst.insert(key, val);
            }
            Some(Value::Object(dv)) => {
                if let Value::Object(sv) = val {
                    tables(dv, sv, merge);
                }
            }
            Some(_) => {}
        }
    }
}

fn clean_nulls(m: &mut Values) {
    m.retain(|_, v| !v.is_null());
    for v in m.values_mut() {
        if let Value::Object(sub) = v {
            clean_nulls(sub);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Metadata;
    use serde_json::json;

    fn chart(name: &str, values: Value, deps: Vec<Chart>) -> Chart {
        let Value::Object(values) = values else {
            panic!()
        };
        Chart {
            metadata: Metadata {
                name: name.into(),
                ..Default::default()
            },
            values,
            dependencies: deps,
            ..Default::default()
        }
    }

    fn obj(v: Value) -> Values {
        let Value::Object(m) = v else { panic!() };
        m
    }

    #[test]
    fn user_values_win_and_null_deletes() {
        let c = chart(
            "top",
            json!({"a": 1, "b": {"c": 2, "d": 3}, "e": 4}),
            vec![],
        );
        let out = coalesce_values(&c, &obj(json!({"a": 9, "b": {"c": null}, "e": null}))).unwrap();
        assert_eq!(Value::Object(out), json!({"a": 9, "b": {"d": 3}}));
    }

    #[test]
    fn subcharts_get_their_defaults_and_globals() {
        let sub = chart("sub", json!({"x": 1, "global": {"g": "sub"}}), vec![]);
        let c = chart(
            "top",
            json!({"global": {"g": "top"}, "sub": {"x": 2}}),
            vec![sub],
        );
        let out = coalesce_values(&c, &Values::new()).unwrap();
        assert_eq!(out["sub"]["x"], json!(2));
        assert_eq!(out["sub"]["global"]["g"], json!("top"));
    }

    #[test]
    fn merge_keeps_nulls() {
        let c = chart("top", json!({"a": null}), vec![]);
        let out = merge_values(&c, &Values::new()).unwrap();
        assert!(out.contains_key("a"));
    }

    #[test]
    fn taking_the_defaults_gives_what_copying_gives() {
        let sub = chart(
            "sub",
            json!({"x": 1, "n": null, "global": {"g": "sub"}}),
            vec![],
        );
        let mut c = chart(
            "top",
            json!({"global": {"g": "top", "h": {"i": 1}}, "sub": {"x": 2}, "k": {"l": null}}),
            vec![sub],
        );
        let user = obj(json!({"k": {"m": 1}, "sub": {"n": 3}}));
        let copied = coalesce_values(&c, &user).unwrap();
        let taken = coalesce_values_taking(&mut c, user).unwrap();
        assert_eq!(copied, taken);
        assert!(c.values.is_empty() && c.dependencies[0].values.is_empty());
    }
}
