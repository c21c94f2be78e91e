//! A NamedTuple wrapper requires every field: no skipped or defaulted fields.
use flyte_types::engine::FlyteType;

#[derive(FlyteType)]
#[flyte(named_tuple)]
struct Span {
    start_at: i64,
    #[flyte(default)]
    end_at: i64,
}

fn main() {}
