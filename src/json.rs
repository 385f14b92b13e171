//! Small JSON helpers shared by every layer (foundation): how a value is
//! named in messages. Nothing here knows about tokens, keys or protocols.

use serde_json::Value;

/// The JSON type of a value, for messages ("a string", "an array").
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_json_type_has_its_name() {
        assert_eq!(type_name(&json!(null)), "null");
        assert_eq!(type_name(&json!(true)), "a boolean");
        assert_eq!(type_name(&json!(1.5)), "a number");
        assert_eq!(type_name(&json!("x")), "a string");
        assert_eq!(type_name(&json!([1])), "an array");
        assert_eq!(type_name(&json!({"a": 1})), "an object");
    }
}
