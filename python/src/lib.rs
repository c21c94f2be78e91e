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

use fail::Fail;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

create_exception!(
    _native,
    Unsupported,
    PyException,
    "A value (or literal) this extension does not convert exactly itself: args are (path, reason)."
);

fn raise(py: Python<'_>, fail: Fail) -> PyErr {
    match fail {
        Fail::Py(e) => e,
        Fail::Unsupported { path, reason } => {
            let _ = py;
            Unsupported::new_err((Fail::path_text(&path), reason))
        }
    }
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
    let bytes = encode::literal(py, value, &plan.root, deterministic).map_err(|f| raise(py, f))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The Python value of the `Literal` bytes `data` under `plan`.
#[pyfunction(name = "decode")]
fn decode_py<'py>(py: Python<'py>, data: &[u8], plan: &plan::Plan) -> PyResult<Bound<'py, PyAny>> {
    decode::literal(py, data, &plan.root).map_err(|f| raise(py, f))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<plan::Plan>()?;
    m.add_function(wrap_pyfunction!(encode_py, m)?)?;
    m.add_function(wrap_pyfunction!(decode_py, m)?)?;
    m.add("Unsupported", m.py().get_type::<Unsupported>())?;
    Ok(())
}
