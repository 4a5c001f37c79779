//! Syntax trees built directly, for the items a large API has most of (its models' structs):
//! printing needs a `syn` tree, and parsing our own tokens back into one was most of the
//! generator's time. Each helper builds what `syn` would parse from the tokens the rest of
//! `emit` writes, so the printed text is the same either way (a test holds that per helper,
//! the snapshot tests for whole modules).

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;

use crate::ir::Type;

/// An identifier; `r#type` is a raw one, as `format_ident!` makes it.
pub fn ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => syn::Ident::new_raw(raw, Span::call_site()),
        None => syn::Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "..."]` for each line of doc text, as `docs::outer` writes them.
pub fn doc_attrs(text: &str) -> Vec<syn::Attribute> {
    super::docs::lines(text).iter().map(|line| doc_attr(line)).collect()
}

/// `#[doc = "line"]`: what `/// line` is (the line keeps its leading space).
pub fn doc_attr(line: &str) -> syn::Attribute {
    let value = syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(line, Span::call_site())),
    });
    attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: ident("doc").into(),
        eq_token: Default::default(),
        value,
    }))
}

/// `#[name(tokens)]`.
pub fn list_attr(name: &str, tokens: TokenStream) -> syn::Attribute {
    attribute(syn::Meta::List(syn::MetaList {
        path: ident(name).into(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

fn attribute(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// Attributes written as tokens (`#[cfg(...)]`), parsed: small, and rare next to the fields.
pub fn parse_attrs(tokens: TokenStream) -> Result<Vec<syn::Attribute>, String> {
    syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens).map_err(|e| e.to_string())
}

/// Items written as tokens, parsed.
pub fn parse_items(tokens: TokenStream) -> Result<Vec<syn::Item>, String> {
    syn::parse2::<syn::File>(tokens).map(|file| file.items).map_err(|e| e.to_string())
}

/// `pub`.
pub fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// A named field: `attrs pub name: ty`.
pub fn field(attrs: Vec<syn::Attribute>, name: &str, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        modifiers: Default::default(),
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

/// `attrs pub struct name { fields }`.
pub fn named_struct(attrs: Vec<syn::Attribute>, name: &str, fields: Vec<syn::Field>) -> syn::Item {
    let mut named: Punctuated<syn::Field, syn::Token![,]> = fields.into_iter().collect();
    if !named.empty_or_trailing() {
        named.push_punct(Default::default());
    }
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed { brace_token: Default::default(), named }),
        semi_token: None,
    })
}

/// `attrs pub mod name { items }`.
pub fn module(attrs: Vec<syn::Attribute>, name: &str, items: Vec<syn::Item>) -> syn::Item {
    syn::Item::Mod(syn::ItemMod {
        attrs,
        vis: public(),
        unsafety: None,
        mod_token: Default::default(),
        ident: ident(name),
        content: Some((Default::default(), items)),
        semi: None,
    })
}

/// `::a::b::C<args>` (`global`), or `C<args>`.
fn path_type(global: bool, segments: &[&str], args: Vec<syn::Type>) -> syn::Type {
    let last = segments.len().saturating_sub(1);
    let segments = segments
        .iter()
        .enumerate()
        .map(|(i, name)| syn::PathSegment {
            ident: ident(name),
            arguments: if i == last && !args.is_empty() {
                syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                    colon2_token: None,
                    lt_token: Default::default(),
                    args: args.iter().cloned().map(syn::GenericArgument::Type).collect(),
                    gt_token: Default::default(),
                })
            } else {
                syn::PathArguments::None
            },
        })
        .collect();
    let path = syn::Path { leading_colon: global.then(Default::default), segments };
    syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path })
}

/// `::std::option::Option<ty>`.
pub fn option(ty: syn::Type) -> syn::Type {
    path_type(true, &["std", "option", "Option"], vec![ty])
}

/// `::std::boxed::Box<ty>`.
pub fn boxed(ty: syn::Type) -> syn::Type {
    path_type(true, &["std", "boxed", "Box"], vec![ty])
}

/// `::serde_json::Map<::std::string::String, ::serde_json::Value>`.
pub fn json_map() -> syn::Type {
    path_type(
        true,
        &["serde_json", "Map"],
        vec![path_type(true, &["std", "string", "String"], vec![]), path_type(true, &["serde_json", "Value"], vec![])],
    )
}

/// The Rust type of `ty` inside the models module: what `types::rust_type(ty, &empty)` writes.
pub fn model_type(ty: &Type) -> syn::Type {
    let std = |segments: &[&str], args| path_type(true, segments, args);
    match ty {
        Type::String => std(&["std", "string", "String"], vec![]),
        Type::Bool => path_type(false, &["bool"], vec![]),
        Type::I32 => path_type(false, &["i32"], vec![]),
        Type::I64 => path_type(false, &["i64"], vec![]),
        Type::F32 => path_type(false, &["f32"], vec![]),
        Type::F64 => path_type(false, &["f64"], vec![]),
        Type::DateTime => std(&["chrono", "DateTime"], vec![std(&["chrono", "Utc"], vec![])]),
        Type::Date => std(&["chrono", "NaiveDate"], vec![]),
        Type::LocalDateTime => std(&["chrono", "NaiveDateTime"], vec![]),
        Type::Any => std(&["serde_json", "Value"], vec![]),
        Type::Model { rust_name, .. } => path_type(false, &[rust_name.as_str()], vec![]),
        Type::Array(inner) => std(&["std", "vec", "Vec"], vec![model_type(inner)]),
        Type::Map(inner) => {
            std(&["std", "collections", "BTreeMap"], vec![std(&["std", "string", "String"], vec![]), model_type(inner)])
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    #[test]
    fn types_are_what_the_token_emitter_writes() {
        let model = |name: &str| Type::Model { rust_name: name.into(), is_enum: false };
        let types = [
            Type::String,
            Type::Bool,
            Type::I32,
            Type::I64,
            Type::F32,
            Type::F64,
            Type::DateTime,
            Type::Date,
            Type::LocalDateTime,
            Type::Any,
            model("User"),
            Type::Array(Box::new(model("User"))),
            Type::Map(Box::new(Type::Array(Box::new(Type::DateTime)))),
        ];
        for ty in types {
            let tokens = super::super::types::rust_type(&ty, &TokenStream::new());
            assert_eq!(model_type(&ty).to_token_stream().to_string(), tokens.to_string(), "{ty:?}");
        }
    }

    #[test]
    fn attributes_and_items_are_what_parsing_the_tokens_gives() {
        let built = named_struct(
            [doc_attrs("A model.\n\nSecond paragraph."), vec![list_attr("serde", quote::quote!(default))]].concat(),
            "Pet",
            vec![field(doc_attrs("The id."), "r#type", option(model_type(&Type::String)))],
        );
        let parsed: syn::File = syn::parse2(quote::quote! {
            /// A model.
            ///
            /// Second paragraph.
            #[serde(default)]
            pub struct Pet {
                /// The id.
                pub r#type: ::std::option::Option<::std::string::String>,
            }
        })
        .expect("an item");
        let built = syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: vec![built] };
        assert_eq!(prettyplease::unparse(&built), prettyplease::unparse(&parsed));
    }
}
