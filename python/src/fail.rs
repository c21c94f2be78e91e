//! Why a conversion stopped, and where in the value.

use pyo3::PyErr;

/// A conversion that did not finish. Boxed: a [`Step`] is then two words, returned in
/// registers by every step of a walk (an unboxed one is returned through memory, a stall on
/// each of the millions of values a bulk conversion reads).
pub struct Fail(Box<Why>);

/// Why a conversion did not finish.
pub enum Why {
    /// The value (or the bytes) is outside what this extension converts exactly: the caller
    /// hands it to the SDK's own transformer, which converts it or raises its own error.
    Unsupported {
        /// Where in the value, outermost first once complete (`[3]`, `.name`, `["key"]`).
        path: Vec<String>,
        /// What was found there.
        reason: String,
    },
    /// A Python call raised.
    Py(PyErr),
}

/// The result of one conversion step.
pub type Step<T> = Result<T, Fail>;

impl Fail {
    /// A value the extension does not convert itself.
    #[cold]
    pub fn unsupported(reason: impl Into<String>) -> Fail {
        Fail(Box::new(Why::Unsupported {
            path: Vec::new(),
            reason: reason.into(),
        }))
    }

    /// Why.
    pub fn why(self) -> Why {
        *self.0
    }

    /// Adds the segment of the enclosing container (built innermost first while unwinding).
    pub fn at(mut self, segment: impl FnOnce() -> String) -> Fail {
        if let Why::Unsupported { path, .. } = &mut *self.0 {
            path.push(segment());
        }
        self
    }

    /// `value[3].name`-style text of the path, outermost first.
    pub fn path_text(path: &[String]) -> String {
        let mut s = String::from("value");
        for seg in path.iter().rev() {
            s.push_str(seg);
        }
        s
    }
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Self {
        Fail(Box::new(Why::Py(e)))
    }
}

/// Deepest nesting followed in a Python value or a payload (msgpack-python stops at 512; the
/// SDK path decides anything deeper).
pub const MAX_DEPTH: usize = 256;
