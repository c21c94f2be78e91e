//! Shapes the derive cannot map.
use flyte_types::engine::FlyteType;

#[derive(FlyteType)]
struct Pair(i64, i64);

#[derive(FlyteType)]
enum Empty {}

#[derive(FlyteType)]
enum Mixed {
    A(i64),
    B { x: i64 },
}

#[derive(FlyteType)]
union Raw {
    a: i64,
}

#[derive(FlyteType)]
struct Borrowed<'a> {
    name: &'a str,
}

fn main() {}
