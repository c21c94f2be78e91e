//! flyte attributes that are unknown or do not apply where they are written.
use flyte_types::engine::{FlyteInputs, FlyteType};

#[derive(FlyteType)]
#[flyte(values)]
struct NotAnEnum {
    a: i64,
}

#[derive(FlyteType)]
#[flyte(pydantic)]
enum NotAStruct {
    A,
}

#[derive(FlyteType)]
struct Field {
    #[flyte(rename = "x", optional)]
    a: i64,
}

#[derive(FlyteType)]
enum Member {
    #[flyte(label = "x")]
    A,
}

#[derive(FlyteInputs)]
struct Inputs {
    #[flyte(default)]
    a: i64,
}

fn main() {}
