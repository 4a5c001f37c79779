//! [`ParamValue`]: how a typed parameter becomes text on the wire.

use std::borrow::Cow;

use crate::secret::Secret;

/// A value that can be sent as a path segment, query value or header value.
pub trait ParamValue {
    /// The wire text of a single value.
    fn to_wire(&self) -> Cow<'_, str>;

    /// Calls `f` once per wire value: once for a scalar, once per element for an array
    /// (a query parameter is then repeated; a header joins them with `,`).
    fn for_each_wire(&self, f: &mut dyn FnMut(&str)) {
        f(&self.to_wire());
    }

    /// The value, when it is a secret (errors then redact it, and a header carrying it is
    /// marked sensitive).
    fn as_secret(&self) -> Option<&Secret> {
        None
    }
}

impl ParamValue for String {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for str {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for Secret {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.expose())
    }

    fn as_secret(&self) -> Option<&Secret> {
        Some(self)
    }
}

impl ParamValue for bool {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
display_param!(i32, i64, f32, f64);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl ParamValue for chrono::NaiveDate {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%Y-%m-%d").to_string())
    }
}

/// A date-time without an offset (Genesys's `local-date-time`), as ISO 8601 writes it.
impl ParamValue for chrono::NaiveDateTime {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%Y-%m-%dT%H:%M:%S%.f").to_string())
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn to_wire(&self) -> Cow<'_, str> {
        let parts: Vec<Cow<'_, str>> = self.iter().map(ParamValue::to_wire).collect();
        Cow::Owned(parts.join(","))
    }

    fn for_each_wire(&self, f: &mut dyn FnMut(&str)) {
        for value in self {
            f(&value.to_wire());
        }
    }
}
