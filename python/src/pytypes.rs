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

/// The cyclic garbage collector held off during one conversion, which creates no cyclic garbage
/// (a read builds objects that are all reachable from its result; a write makes only
/// short-lived ones): otherwise every few hundred new containers start a collection that walks
/// all the young objects again, which costs a bulk read more than building them. The collector
/// runs as usual afterwards (the allocation counts it acts on keep growing meanwhile), and stays
/// off if it was off.
pub struct GcPause {
    was_enabled: bool,
}

impl GcPause {
    pub fn new(_py: Python<'_>) -> Self {
        // SAFETY: the GIL is held (a `Python` token exists); PyGC_Disable has no preconditions.
        let was_enabled = unsafe { pyo3::ffi::PyGC_Disable() } != 0;
        GcPause { was_enabled }
    }
}

impl Drop for GcPause {
    fn drop(&mut self) {
        if self.was_enabled {
            // SAFETY: still under the GIL of `new` (the guard lives inside the same call).
            unsafe { pyo3::ffi::PyGC_Enable() };
        }
    }
}
