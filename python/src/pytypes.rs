//! The Python classes the conversions construct or compare against, looked up once.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// `datetime.datetime`, `datetime.date`, `datetime.timedelta`, `datetime.timezone.utc`, `object.__new__`.
pub struct PyTypes {
    /// `datetime.datetime`
    pub datetime: Py<PyType>,
    /// `datetime.date`
    pub date: Py<PyType>,
    /// `datetime.timedelta`
    pub timedelta: Py<PyType>,
    /// `datetime.timezone.utc`
    pub utc: Py<PyAny>,
    /// `object.__new__`
    pub object_new: Py<PyAny>,
}

static TYPES: PyOnceLock<PyTypes> = PyOnceLock::new();

impl PyTypes {
    /// The classes, imported on first use.
    pub fn get(py: Python<'_>) -> PyResult<&'static PyTypes> {
        TYPES.get_or_try_init(py, || {
            let m = py.import("datetime")?;
            let class = |name: &str| -> PyResult<Py<PyType>> {
                Ok(m.getattr(name)?.cast_into::<PyType>()?.unbind())
            };
            Ok(PyTypes {
                datetime: class("datetime")?,
                date: class("date")?,
                timedelta: class("timedelta")?,
                utc: m.getattr("timezone")?.getattr("utc")?.unbind(),
                object_new: py
                    .import("builtins")?
                    .getattr("object")?
                    .getattr("__new__")?
                    .unbind(),
            })
        })
    }
}
