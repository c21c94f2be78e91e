//! `flyte_types._native`: the Rust half of the `flyte_types` Python package.
//!
//! The Python half (`python/flyte_types/`) turns a Python type into a [`plan::Plan`] (what the
//! SDK's transformers do with it) and patches Flyte 2's `TypeEngine`; this half converts values
//! under a plan, Python object <-> `Literal` bytes, without building any intermediate tree.

mod decode;
mod encode;
mod fail;
mod plan;
mod pytime;
mod pytypes;

use fail::{Fail, Why};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::sync::atomic::{AtomicU64, Ordering};

create_exception!(
    _native,
    Unsupported,
    PyException,
    "A value (or literal) this extension does not convert exactly itself: args are (path, reason)."
);

fn raise(py: Python<'_>, fail: Fail) -> PyErr {
    match fail.why() {
        Why::Py(e) => e,
        Why::Unsupported { path, reason } => {
            let _ = py;
            Unsupported::new_err((Fail::path_text(&path), reason))
        }
    }
}

/// How many conversions the Rust path finished (encodes, decodes), counted so that a test can
/// tell a fast conversion from a silent fallback to the SDK.
static FINISHED: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];

/// `(encodes, decodes)` the Rust path finished since the module was loaded.
#[pyfunction]
fn finished() -> (u64, u64) {
    (
        FINISHED[0].load(Ordering::Relaxed),
        FINISHED[1].load(Ordering::Relaxed),
    )
}

/// The `Literal` bytes of `value` under `plan`. `deterministic`: map entries in upb's
/// deterministic order (as `SerializeToString(deterministic=True)`), else in the dict's order.
#[pyfunction(name = "encode")]
#[pyo3(signature = (value, plan, deterministic = true))]
fn encode_py<'py>(
    py: Python<'py>,
    value: &Bound<'py, PyAny>,
    plan: &plan::Plan,
    deterministic: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let hint = plan.last_len.load(Ordering::Relaxed);
    let bytes =
        encode::literal(py, value, &plan.root, deterministic, hint).map_err(|f| raise(py, f))?;
    plan.last_len.store(bytes.len(), Ordering::Relaxed);
    FINISHED[0].fetch_add(1, Ordering::Relaxed);
    Ok(PyBytes::new(py, &bytes))
}

/// The Python value of the `Literal` bytes `data` under `plan`.
#[pyfunction(name = "decode")]
fn decode_py<'py>(py: Python<'py>, data: &[u8], plan: &plan::Plan) -> PyResult<Bound<'py, PyAny>> {
    let value = decode::literal(py, data, &plan.root).map_err(|f| raise(py, f))?;
    FINISHED[1].fetch_add(1, Ordering::Relaxed);
    Ok(value)
}

/// The Python value of a `Scalar.binary` msgpack payload `data` under `plan` (a struct or an
/// untyped dict): what the SDK transformer's `from_binary_idl` returns.
#[pyfunction(name = "decode_payload")]
fn decode_payload_py<'py>(
    py: Python<'py>,
    data: &[u8],
    plan: &plan::Plan,
) -> PyResult<Bound<'py, PyAny>> {
    let value = decode::payload(py, data, &plan.root).map_err(|f| raise(py, f))?;
    FINISHED[1].fetch_add(1, Ordering::Relaxed);
    Ok(value)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<plan::Plan>()?;
    m.add_function(wrap_pyfunction!(encode_py, m)?)?;
    m.add_function(wrap_pyfunction!(decode_py, m)?)?;
    m.add_function(wrap_pyfunction!(decode_payload_py, m)?)?;
    m.add_function(wrap_pyfunction!(finished, m)?)?;
    m.add("Unsupported", m.py().get_type::<Unsupported>())?;
    Ok(())
}
