//! Field-level serde attributes that would change serde's bytes and have no Flyte form.
use flyte_types::engine::FlyteType;

#[derive(FlyteType)]
struct Inner {
    a: i64,
}

#[derive(FlyteType)]
struct Order {
    #[serde(flatten)]
    inner: Inner,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(with = "my_codec")]
    raw: i64,
    #[serde(alias = "identifier")]
    id: i64,
    #[serde(skip_deserializing)]
    cache: i64,
    #[serde(rename(serialize = "a", deserialize = "b"))]
    split: i64,
}

fn main() {}
