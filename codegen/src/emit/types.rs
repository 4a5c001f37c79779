//! IR types -> Rust type tokens. Every std path is absolute, so a model named `Result`,
//! `Option` or `String` (Knetik's error body is `Result`) cannot shadow what the code means.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Type;

/// The Rust type of `ty`; `models` is the path to the models module from where it is used
/// (empty inside it).
pub fn rust_type(ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String),
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        Type::Date => quote!(::chrono::NaiveDate),
        Type::LocalDateTime => quote!(::chrono::NaiveDateTime),
        Type::Any => quote!(::serde_json::Value),
        Type::Model { rust_name, .. } => {
            let name = format_ident!("{}", rust_name);
            quote!(#models #name)
        }
        Type::Array(inner) => {
            let inner = rust_type(inner, models);
            quote!(::std::vec::Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, models);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
    }
}

/// How the type reads in docs: `string`, `array of OAuthClient`.
pub fn describe(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Bool => "boolean".into(),
        Type::I32 => "32-bit integer".into(),
        Type::I64 => "64-bit integer".into(),
        Type::F32 | Type::F64 => "number".into(),
        Type::DateTime => "date-time".into(),
        Type::Date => "date".into(),
        Type::LocalDateTime => "date-time without offset".into(),
        Type::Any => "any JSON value".into(),
        Type::Model { rust_name, .. } => format!("`{rust_name}`"),
        Type::Array(inner) => format!("array of {}", describe(inner)),
        Type::Map(inner) => format!("map of {}", describe(inner)),
    }
}
