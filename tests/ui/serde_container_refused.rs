//! Container-level serde attributes that would change serde's bytes and have no Flyte form.
use flyte_types::engine::FlyteType;

#[derive(FlyteType)]
#[serde(tag = "kind")]
enum Tagged {
    A(i64),
}

#[derive(FlyteType)]
#[serde(untagged)]
enum Untagged {
    A(i64),
}

#[derive(FlyteType)]
#[serde(transparent)]
struct TwoFields {
    id: i64,
    name: String,
}

#[derive(FlyteType)]
#[serde(from = "i64", into = "i64")]
struct Converted {
    id: i64,
}

#[derive(FlyteType)]
#[serde(rename_all = "kebab-case")]
enum Color {
    DarkRed,
}

#[derive(FlyteType)]
#[serde(rename_all(serialize = "camelCase"))]
struct Split {
    page_size: i64,
}

fn main() {}
