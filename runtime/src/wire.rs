//! The models' JSON, written once: each generated model's `Serialize` and `Deserialize` impls
//! are a table of its fields' wire names and one call per field into this module.
//!
//! serde's derive writes, for each model, a field enum and its visitor, a map visitor, a
//! wrapper type per `deserialize_with` field and a buffer of `Content` for the flattened
//! unknown fields: at the size of a whole API that was half of the generated crate's build.
//! Here the loop over a JSON object's entries, the lookup of a key, the null-tolerance of
//! required fields, duplicate detection and the keeping of unlisted fields are generic code
//! that rustc checks once. The wire behaviour is the derive's: listed fields by their wire
//! names, `None` never sent, a duplicate listed key an error, unlisted keys kept in
//! `unknown_fields` (the last of a repeated one wins).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// An object model's decoding: its name (for errors), its fields' wire names, and where the
/// value of each goes.
pub trait DecodeStruct: Default {
    /// The model's name, as errors name it ("expected struct `User`").
    const NAME: &'static str;
    /// The listed fields' wire names; an entry's index here is what `decode` matches on.
    const FIELDS: &'static [&'static str];

    /// Reads the object's entries: for each listed field `Fields::next_field` returns, stores its
    /// value with `Fields::optional` or `Fields::required`.
    ///
    /// # Errors
    /// The deserializer's, for a value of the wrong type or a duplicate listed field.
    fn decode<'de, A: MapAccess<'de>>(entries: Fields<A, Self>) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of an object model: a JSON object, decoded by `T::decode`.
///
/// # Errors
/// The deserializer's, for anything but an object or a field of the wrong type.
#[inline]
pub fn decode_struct<'de, D: Deserializer<'de>, T: DecodeStruct>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct `{}`", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(Fields { map, seen: Seen::default(), last: None, unknown: Map::new(), model: PhantomData })
    }
}

/// The entries of one JSON object being decoded as the model `T`.
pub struct Fields<A, T> {
    map: A,
    seen: Seen,
    /// The index of the field `next_field` returned last.
    last: Option<usize>,
    unknown: Map<String, Value>,
    model: PhantomData<fn() -> T>,
}

impl<'de, A: MapAccess<'de>, T: DecodeStruct> Fields<A, T> {
    /// The index in `T::FIELDS` of the next listed field, keeping any unlisted entries before
    /// it; `None` after the last entry.
    ///
    /// # Errors
    /// A key that is listed twice, or the deserializer's.
    #[inline]
    pub fn next_field(&mut self) -> Result<Option<usize>, A::Error> {
        loop {
            // Servers mostly send fields in the documented order: the search starts after the
            // field seen last.
            let start = self.last.map_or(0, |last| last + 1);
            match self.map.next_key_seed(KeySeed { fields: T::FIELDS, start })? {
                None => return Ok(None),
                Some(Key::Listed(index)) => {
                    if !self.seen.insert(index) {
                        return Err(de::Error::duplicate_field(T::FIELDS.get(index).copied().unwrap_or_default()));
                    }
                    self.last = Some(index);
                    return Ok(Some(index));
                }
                Some(Key::Unlisted(key)) => {
                    let value: Value = self.map.next_value()?;
                    self.unknown.insert(key, value);
                }
            }
        }
    }

    /// Stores the value of an optional field: `null` is `None`.
    ///
    /// # Errors
    /// A value of the wrong type.
    #[inline]
    pub fn optional<V: Deserialize<'de>>(&mut self, slot: &mut Option<V>) -> Result<(), A::Error> {
        *slot = self.map.next_value()?;
        Ok(())
    }

    /// Stores the value of a field the docs call required: `null` is its type's empty value,
    /// as a missing field is (the model starts as its `Default`), so that one element the
    /// vendor's server sends without it does not fail a whole response.
    ///
    /// # Errors
    /// A value of the wrong type.
    #[inline]
    pub fn required<V: Deserialize<'de> + Default>(&mut self, slot: &mut V) -> Result<(), A::Error> {
        let value: Option<V> = self.map.next_value()?;
        *slot = value.unwrap_or_default();
        Ok(())
    }

    /// Skips the value of the entry `next_field` returned (for an index `decode` does not list,
    /// which `next_field` never returns).
    ///
    /// # Errors
    /// The deserializer's.
    #[inline]
    pub fn ignore(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<de::IgnoredAny>()?;
        Ok(())
    }

    /// All the entries, for a model that lists no fields: its `unknown_fields`.
    ///
    /// # Errors
    /// The deserializer's.
    #[inline]
    pub fn rest(mut self) -> Result<Map<String, Value>, A::Error> {
        while self.next_field()?.is_some() {
            self.ignore()?;
        }
        Ok(self.unknown)
    }

    /// The unlisted entries, for the model's `unknown_fields`.
    #[inline]
    pub fn unknown(self) -> Map<String, Value> {
        self.unknown
    }
}

/// Which listed fields an object has had: a bit each, the first 128 without allocating.
#[derive(Default)]
struct Seen {
    low: u128,
    high: Vec<u128>,
}

impl Seen {
    /// Marks `index`; `false` when it was marked already.
    #[inline]
    fn insert(&mut self, index: usize) -> bool {
        if index < 128 {
            let bit = 1u128 << index;
            let fresh = self.low & bit == 0;
            self.low |= bit;
            fresh
        } else {
            self.insert_high(index - 128)
        }
    }

    #[cold]
    fn insert_high(&mut self, index: usize) -> bool {
        let (word, bit) = (index / 128, 1u128 << (index % 128));
        if self.high.len() <= word {
            self.high.resize(word + 1, 0);
        }
        let fresh = self.high[word] & bit == 0;
        self.high[word] |= bit;
        fresh
    }
}

/// An object's key: a listed field's index, or an unlisted key's text.
enum Key {
    Listed(usize),
    Unlisted(String),
}

struct KeySeed {
    fields: &'static [&'static str],
    start: usize,
}

impl KeySeed {
    #[inline]
    fn key(&self, key: &str) -> Option<usize> {
        // Length and first byte before the bytes: most names differ there, and a call to
        // `memcmp` per candidate is what a derived `match` on constant strings avoids.
        let first = key.as_bytes().first();
        let same = |field: &&str| field.len() == key.len() && field.as_bytes().first() == first && *field == key;
        let (before, after) = self.fields.split_at(self.start.min(self.fields.len()));
        match after.iter().position(same) {
            Some(i) => Some(self.start + i),
            None => before.iter().position(same),
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(self.key(key).map_or_else(|| Key::Unlisted(key.to_owned()), Key::Listed))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key, E> {
        Ok(self.key(&key).map_or(Key::Unlisted(key), Key::Listed))
    }
}

/// `Serialize::serialize` of an object model, begun: a map, to which the model adds its
/// fields and then its unknown fields.
///
/// # Errors
/// The serializer's.
#[inline]
pub fn encode_struct<S: Serializer>(serializer: S) -> Result<Encoder<S::SerializeMap>, S::Error> {
    Ok(Encoder(serializer.serialize_map(None)?))
}

/// A model being serialized.
pub struct Encoder<M>(M);

impl<M: SerializeMap> Encoder<M> {
    /// An optional field: nothing when `None` (never `null`).
    ///
    /// # Errors
    /// The serializer's.
    #[inline]
    pub fn optional<V: Serialize>(&mut self, key: &'static str, value: &Option<V>) -> Result<(), M::Error> {
        match value {
            Some(_) => self.0.serialize_entry(key, value),
            None => Ok(()),
        }
    }

    /// A required field, always sent.
    ///
    /// # Errors
    /// The serializer's.
    #[inline]
    pub fn required<V: Serialize>(&mut self, key: &'static str, value: &V) -> Result<(), M::Error> {
        self.0.serialize_entry(key, value)
    }

    /// The unknown fields, kept as received, and the end of the object.
    ///
    /// # Errors
    /// The serializer's.
    #[inline]
    pub fn end(mut self, unknown: &Map<String, Value>) -> Result<M::Ok, M::Error> {
        for (key, value) in unknown {
            self.0.serialize_entry(key, value)?;
        }
        self.0.end()
    }
}

/// `Deserialize::deserialize` of a string enum: a JSON string, a documented value's variant or
/// kept as an unknown one (`T::from`).
///
/// # Errors
/// The deserializer's, for anything but a string.
#[inline]
pub fn decode_enum<'de, D, T>(deserializer: D, name: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer.deserialize_str(EnumVisitor { name, enumeration: PhantomData })
}

struct EnumVisitor<T> {
    name: &'static str,
    enumeration: PhantomData<fn() -> T>,
}

impl<T: for<'a> From<&'a str>> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string, a value of `{}`", self.name)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// What a generated model's impls look like, written by hand.
    #[derive(Debug, Default, PartialEq)]
    struct Pet {
        id: String,
        name: Option<String>,
        tags: Option<Vec<String>>,
        unknown_fields: Map<String, Value>,
    }

    impl Serialize for Pet {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = encode_struct(serializer)?;
            map.required("id", &self.id)?;
            map.optional("name", &self.name)?;
            map.optional("tags", &self.tags)?;
            map.end(&self.unknown_fields)
        }
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_struct(deserializer)
        }
    }

    impl DecodeStruct for Pet {
        const NAME: &'static str = "Pet";
        const FIELDS: &'static [&'static str] = &["id", "name", "tags"];

        fn decode<'de, A: MapAccess<'de>>(mut entries: Fields<A, Self>) -> Result<Self, A::Error> {
            let mut value = Self::default();
            while let Some(field) = entries.next_field()? {
                match field {
                    0 => entries.required(&mut value.id)?,
                    1 => entries.optional(&mut value.name)?,
                    2 => entries.optional(&mut value.tags)?,
                    _ => entries.ignore()?,
                }
            }
            value.unknown_fields = entries.unknown();
            Ok(value)
        }
    }

    #[derive(Debug, PartialEq)]
    enum Kind {
        Cat,
        Unknown(String),
    }

    impl From<&str> for Kind {
        fn from(value: &str) -> Self {
            match value {
                "cat" => Self::Cat,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    impl<'de> Deserialize<'de> for Kind {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_enum(deserializer, "Kind")
        }
    }

    fn pet(json: &str) -> Result<Pet, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn fields_in_any_order_decode_and_unlisted_ones_are_kept_and_sent_back() {
        let decoded = pet(r#"{"z": 1, "tags": ["a"], "name": "Rex", "id": "7", "a": {"b": null}}"#).unwrap();
        assert_eq!(decoded.id, "7");
        assert_eq!(decoded.name.as_deref(), Some("Rex"));
        assert_eq!(decoded.tags, Some(vec!["a".to_owned()]));
        assert_eq!(Value::Object(decoded.unknown_fields.clone()), json!({"z": 1, "a": {"b": null}}));
        let sent = serde_json::to_value(&decoded).unwrap();
        assert_eq!(sent, json!({"id": "7", "name": "Rex", "tags": ["a"], "z": 1, "a": {"b": null}}));
    }

    #[test]
    fn null_or_missing_is_empty_for_required_fields_and_none_for_optional_ones() {
        assert_eq!(pet(r#"{"id": null, "name": null}"#).unwrap(), Pet::default());
        assert_eq!(pet("{}").unwrap(), Pet::default());
        // `None` is never sent as `null`; a required field always is sent.
        assert_eq!(serde_json::to_value(Pet::default()).unwrap(), json!({"id": ""}));
    }

    #[test]
    fn a_listed_field_twice_is_an_error_an_unlisted_one_twice_keeps_the_last() {
        let error = pet(r#"{"name": "a", "id": "1", "name": "b"}"#).unwrap_err();
        assert!(error.contains("duplicate field `name`"), "{error}");
        let decoded = pet(r#"{"x": 1, "x": 2}"#).unwrap();
        assert_eq!(decoded.unknown_fields["x"], json!(2));
    }

    #[test]
    fn escaped_keys_are_matched_by_their_text() {
        assert_eq!(pet(r#"{"i\u0064": "9"}"#).unwrap().id, "9");
        let decoded = pet(r#"{"\u00e9t\u00e9": true}"#).unwrap();
        assert_eq!(decoded.unknown_fields["été"], json!(true));
    }

    #[test]
    fn the_wrong_shape_is_an_error_that_names_what_was_expected() {
        let error = pet("[1, 2]").unwrap_err();
        assert!(error.contains("expected struct `Pet`"), "{error}");
        let error = pet(r#"{"tags": "a"}"#).unwrap_err();
        assert!(error.contains("invalid type: string \"a\", expected a sequence"), "{error}");
        let error = pet(r#"{"id": 1e999}"#).unwrap_err();
        assert!(error.contains("number out of range"), "{error}");
        assert!(pet(r#"{"id": "1""#).is_err());
    }

    #[test]
    fn more_than_128_fields_are_told_apart() {
        let mut seen = Seen::default();
        for index in [0, 127, 128, 300, 1000] {
            assert!(seen.insert(index), "{index} is new");
        }
        for index in [0, 127, 128, 300, 1000] {
            assert!(!seen.insert(index), "{index} was seen");
        }
        assert!(seen.insert(129) && seen.insert(999));
    }

    #[test]
    fn the_search_for_a_key_wraps_around_from_the_last_field() {
        let seed = |start| KeySeed { fields: &["a", "b", "c"], start };
        assert_eq!(seed(2).key("a"), Some(0));
        assert_eq!(seed(1).key("c"), Some(2));
        assert_eq!(seed(3).key("b"), Some(1));
        assert_eq!(seed(9).key("d"), None);
    }

    #[test]
    fn enums_keep_unknown_values_and_refuse_what_is_not_a_string() {
        assert_eq!(serde_json::from_str::<Kind>(r#""cat""#).unwrap(), Kind::Cat);
        assert_eq!(serde_json::from_str::<Kind>(r#""c\u0061t""#).unwrap(), Kind::Cat);
        assert_eq!(serde_json::from_str::<Kind>(r#""dog""#).unwrap(), Kind::Unknown("dog".to_owned()));
        let error = serde_json::from_str::<Kind>("1").unwrap_err().to_string();
        assert!(error.contains("expected a string, a value of `Kind`"), "{error}");
    }
}
