//! The fallback for what our `printf` does not format itself: `gotmpl`'s
//! port of Go's `fmt`, through a cached one-call template per operand count.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::Builtin;
use crate::engine::value::Value;

thread_local! {
    /// `{{printf .F .A0 .A1 ...}}` by operand count.
    static CALLS: RefCell<HashMap<usize, gotmpl::Template>> = RefCell::new(HashMap::new());
}

/// `fmt.Sprintf(args[0], args[1:]...)` by `gotmpl`.
pub(super) fn general(args: &[Value]) -> Builtin {
    let n = args.len() - 1;
    let mut data: BTreeMap<Arc<str>, gotmpl::Value> = BTreeMap::new();
    data.insert(Arc::from("F"), args[0].to_gotmpl());
    for (i, a) in args[1..].iter().enumerate() {
        data.insert(Arc::from(format!("A{i}")), a.to_gotmpl());
    }
    let data = gotmpl::Value::Map(Arc::new(data));
    CALLS.with(|calls| {
        let mut calls = calls.borrow_mut();
        let t = match calls.entry(n) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut text = String::from("{{printf .F");
                for i in 0..n {
                    text.push_str(&format!(" .A{i}"));
                }
                text.push_str("}}");
                let t = gotmpl::Template::new("printf")
                    .parse(&text)
                    .map_err(|e| e.to_string())?;
                e.insert(t)
            }
        };
        t.execute_to_string(&data)
            .map(Value::from)
            .map_err(|e| crate::engine::exec::error::function_message(&e))
    })
}
