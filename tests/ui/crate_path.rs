//! `#[flyte(crate = path)]` is where the generated code looks for flyte_types.
use flyte_types::engine::FlyteType;

#[derive(FlyteType)]
#[flyte(crate = nowhere::flyte_types)]
struct Point {
    x: i64,
}

fn main() {}
