//! Replays the fuzz targets' checks (`flyte_types::value::__fuzz`) in plain `cargo test`: every
//! crash input kept in `tests/data/fuzz-regressions/<target>/`, and every seed the golden corpus
//! gives the targets. `scripts/fuzz-smoke.sh` writes the seed corpora with the ignored test
//! `write_seed_corpus` (`FLYTE_TYPES_FUZZ_SEEDS=DIR`).

use flyte_types::idl::core::LiteralType;
use flyte_types::value::__fuzz;
use std::path::PathBuf;

use crate::corpus::interop;

struct Checks {
    types: Vec<LiteralType>,
    structs: Vec<LiteralType>,
}

impl Checks {
    fn new() -> Self {
        let types = __fuzz::corpus_types(&interop());
        assert!(!types.is_empty(), "no golden corpus under {:?}", interop());
        let structs = __fuzz::struct_types(&types);
        Self { types, structs }
    }

    fn run(&self, target: &str, data: &[u8]) {
        match target {
            "literal" => __fuzz::check_literal(data),
            "msgpack" => __fuzz::check_msgpack(&self.structs, data),
            "json_schema" => __fuzz::check_json_schema(data),
            "canonical_json" => __fuzz::check_canonical_json(&self.types, data),
            "castability" => __fuzz::check_castability(data),
            "typed_literal" => flyte_types::engine::__fuzz::check_typed_literal(data),
            other => panic!("unknown fuzz target {other:?}"),
        }
    }
}

const TARGETS: [&str; 6] = [
    "literal",
    "msgpack",
    "json_schema",
    "canonical_json",
    "castability",
    "typed_literal",
];

#[test]
fn regression_inputs_pass_their_checks() {
    let checks = Checks::new();
    let root = crate::corpus::data().join("fuzz-regressions");
    let mut replayed = 0;
    for target in TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let name = file.display().to_string();
            let result = std::panic::catch_unwind(|| checks.run(target, &data));
            assert!(result.is_ok(), "{target} regression {name} fails");
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} regression inputs");
}

#[test]
fn corpus_seeds_pass_every_check() {
    let checks = Checks::new();
    let mut seeds = __fuzz::seeds(&interop());
    seeds.extend(flyte_types::engine::__fuzz::seeds());
    for target in TARGETS {
        assert!(
            seeds.iter().any(|(t, _, _)| *t == target),
            "no seeds for {target}"
        );
    }
    for (target, name, data) in &seeds {
        if TARGETS.contains(target) {
            let result = std::panic::catch_unwind(|| checks.run(target, data));
            assert!(result.is_ok(), "{target} seed {name} fails");
        }
    }
}

#[test]
#[ignore = "writes the fuzz seed corpora; run by scripts/fuzz-smoke.sh"]
fn write_seed_corpus() {
    let out = PathBuf::from(
        std::env::var_os("FLYTE_TYPES_FUZZ_SEEDS").expect("FLYTE_TYPES_FUZZ_SEEDS=DIR"),
    );
    let mut seeds = __fuzz::seeds(&interop());
    seeds.extend(flyte_types::engine::__fuzz::seeds());
    for (target, name, data) in &seeds {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("seed-{name}")), data).unwrap();
    }
    eprintln!("wrote {} seeds under {}", seeds.len(), out.display());
}
