//! serde attributes on enum variants: members are named with #[flyte(name/value)].
use flyte_types::engine::FlyteType;

#[derive(FlyteType)]
enum Color {
    #[serde(rename = "crimson")]
    Red,
}

#[derive(FlyteType)]
enum Shape {
    #[serde(rename = "circle")]
    Circle(f64),
}

fn main() {}
