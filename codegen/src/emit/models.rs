//! `pub mod models`: one struct per object model, one enum per string enum, and the error
//! model's `ErrorModel` impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::runtime;
use super::syntax;
use super::wire;
use crate::ir::{self, Type};

/// The `models` module with the models in `models` only (a part, when the module is formatted
/// in parts); the error-model impl comes with the last part. Built as syntax: the object
/// models' structs directly, the rest parsed from tokens (see `syntax`).
///
/// # Errors
/// Tokens that do not parse (a generator bug).
pub fn models_module(api: &ir::Api, models: std::ops::Range<usize>) -> Result<syn::Item, String> {
    let last = models.end == api.models.len();
    let mut items = Vec::new();
    for m in &api.models[models] {
        let cfg: Vec<syn::Attribute> = super::model_cfg(api, m.reach()).into_iter().collect();
        match m {
            ir::Model::Struct(s) if !s.opaque => items.extend(model_struct(s, &cfg)?),
            ir::Model::Struct(s) => items.extend(syntax::parse_items(opaque_struct(s, &cfg))?),
            ir::Model::Enum(e) => {
                items.extend(model_enum_items(e, &cfg)?);
                items.extend(wire::enum_impls(e, &cfg)?);
            }
        }
    }
    if let Some(error) = api.error.as_ref().filter(|_| last) {
        items.extend(syntax::parse_items(error_model_impl(error))?);
    }
    let doc = syntax::doc_attrs(&format!(
        "The types {} documents: request and response bodies, their parts, and enums.\n\n\
         Decoding forgives what vendors' documentation often gets wrong: a field documented as \
         required that a response leaves out (or sends as `null`) takes its type's empty value \
         (`\"\"`, `0`, `false`, an empty list or map, a model whose fields are all empty, an \
         enum's `{unknown}(\"\")`), as smithy's client error correction does, so one such \
         element cannot fail a whole listing. A value the documentation does not list for an \
         enum is kept as `{unknown}`. Requests always send required fields.",
        api.title,
        unknown = ir::UNKNOWN_VARIANT,
    ));
    Ok(syntax::module(doc, crate::reserved::MODELS, items))
}

/// An object model's struct, and its constructor and `Debug` where it has them.
fn model_struct(s: &ir::Struct, cfg: &[syn::Attribute]) -> Result<Vec<syn::Item>, String> {
    let mut attrs = syntax::doc_attrs(&match &s.description {
        Some(d) => docs::prose(d),
        None => format!("The `{}` object.", s.name),
    });
    attrs.extend(cfg.iter().cloned());
    let secret = s.fields.iter().any(|f| f.secret);
    let derive_debug = (!secret).then(|| quote!(Debug,));
    attrs.push(syntax::list_attr("derive", quote!(#derive_debug Clone, PartialEq, Default)));
    let mut fields: Vec<syn::Field> = s
        .fields
        .iter()
        .map(|f| {
            let mut ty = syntax::model_type(&f.ty);
            if f.boxed {
                ty = syntax::boxed(ty);
            }
            if !f.required {
                ty = syntax::option(ty);
            }
            syntax::field(syntax::doc_attrs(&field_doc(f)), &f.rust_name, ty)
        })
        .collect();
    let unknown = [
        " The fields the server sent that the documentation does not list, kept as",
        " received: they are sent back with the model, so a fetched model can be changed",
        " and sent again without losing any of them.",
    ]
    .map(syntax::doc_attr)
    .to_vec();
    fields.push(syntax::field(unknown, ir::UNKNOWN_FIELDS, syntax::json_map()));
    let mut items = vec![syntax::named_struct(attrs, &s.rust_name, fields)];
    items.extend(constructor_item(s, cfg)?);
    if secret {
        items.extend(syntax::parse_items(secret_debug(s, cfg))?);
    }
    items.extend(wire::struct_impls(s, cfg)?);
    Ok(items)
}

/// [`constructor`] as syntax, under `cfg`: the template's clone with the parameters and the
/// fields' values built directly.
///
/// # Errors
/// A template that does not parse or has changed shape (a generator bug).
fn constructor_item(s: &ir::Struct, cfg: &[syn::Attribute]) -> Result<Option<syn::Item>, String> {
    let Some(doc) = constructor_doc(s) else { return Ok(None) };
    let (mut imp, into_string) = CONSTRUCTOR_TEMPLATE.with(Clone::clone)?;
    let shape = || format!("the constructor template of `{}` changed shape", s.rust_name);
    imp.attrs = cfg.to_vec();
    *imp.self_ty = syntax::model_type(&Type::Model { rust_name: s.rust_name.clone(), is_enum: false });
    let Some(syn::ImplItem::Fn(new)) = imp.items.first_mut() else { return Err(shape()) };
    new.attrs.splice(0..0, syntax::doc_attrs(&doc));
    new.sig.inputs = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            let ty = match (&f.ty, f.boxed) {
                (Type::String, _) => into_string.clone(),
                (ty, true) => syntax::boxed(syntax::model_type(ty)),
                (ty, false) => syntax::model_type(ty),
            };
            syntax::arg(&f.rust_name, ty)
        })
        .collect();
    let Some(syn::Stmt::Expr(syn::Expr::Struct(init), None)) = new.block.stmts.first_mut() else { return Err(shape()) };
    let unknown = std::mem::take(&mut init.fields);
    let fields = s.fields.iter().map(|f| {
        let (member, value) = (syn::Member::Named(syntax::ident(&f.rust_name)), syntax::path_expr(&f.rust_name));
        // `Self { id, .. }` where the value is the parameter of the same name.
        let (colon_token, expr) = match (f.required, &f.ty) {
            (true, Type::String) => (Some(Default::default()), syntax::method_call(value, "into", [])),
            (true, _) => (None, value),
            (false, _) => (Some(Default::default()), syntax::none()),
        };
        syn::FieldValue { attrs: Vec::new(), member, colon_token, expr }
    });
    init.fields = fields.chain(unknown).collect();
    Ok(Some(syn::Item::Impl(imp)))
}

thread_local! {
    /// `impl __Model { #[inline] pub fn new() -> Self { Self { unknown_fields: .. } } }`, and
    /// `impl Into<String>`.
    static CONSTRUCTOR_TEMPLATE: Result<(syn::ItemImpl, syn::Type), String> = {
        let unknown = format_ident!("{}", ir::UNKNOWN_FIELDS);
        let imp = syn::parse2(quote! {
            impl __Model {
                #[inline]
                pub fn new() -> Self {
                    Self { #unknown: ::serde_json::Map::new() }
                }
            }
        });
        let into_string = syn::parse2(quote!(impl ::std::convert::Into<::std::string::String>));
        imp.and_then(|imp| Ok((imp, into_string?))).map_err(|e| e.to_string())
    };
}

/// `Debug` of a model with secret fields: those show as `"<redacted>"` (or `None`), so a
/// logged model cannot leak them.
fn secret_debug(s: &ir::Struct, cfg: &[syn::Attribute]) -> TokenStream {
    let name = format_ident!("{}", s.rust_name);
    let shown = &s.rust_name;
    let fields = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust_name);
        let field = &f.rust_name;
        match (f.secret, f.required) {
            (false, _) => quote!(.field(#field, &self.#ident)),
            (true, true) => quote!(.field(#field, &"<redacted>")),
            (true, false) => quote!(.field(#field, &self.#ident.as_ref().map(|_| "<redacted>"))),
        }
    });
    let unknown = format_ident!("{}", ir::UNKNOWN_FIELDS);
    let unknown_name = ir::UNKNOWN_FIELDS;
    quote! {
        #(#cfg)*
        impl ::std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#shown)
                    #(#fields)*
                    .field(#unknown_name, &self.#unknown)
                    .finish()
            }
        }
    }
}

/// A model the page names without giving its shape: its JSON, kept whole.
fn opaque_struct(s: &ir::Struct, cfg: &[syn::Attribute]) -> TokenStream {
    let name = format_ident!("{}", s.rust_name);
    let described = s.description.as_deref().map(docs::prose).unwrap_or_else(|| format!("The `{}` object.", s.name));
    let doc = docs::outer(&format!(
        "{described}\n\nThe documentation names this type but does not give its fields, so it holds \
         the JSON value as sent or received (build one with `{}::from(serde_json::json!({{...}}))`).",
        s.rust_name
    ));
    quote! {
        #doc
        #(#cfg)*
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub ::serde_json::Value);

        #(#cfg)*
        impl ::std::convert::From<::serde_json::Value> for #name {
            #[inline]
            fn from(value: ::serde_json::Value) -> Self {
                Self(value)
            }
        }
    }
}

fn field_doc(f: &ir::Field) -> String {
    let mut text = match &f.description {
        Some(d) if !d.trim().is_empty() => docs::prose(d),
        _ => format!("The {} `{}` (not described by the vendor).", super::types::describe(&f.ty), f.name),
    };
    if f.wire_name != f.name {
        text.push_str(&format!(
            "\n\nDocumented as {}; the JSON key is {}.",
            docs::code(&f.name),
            docs::code(&f.wire_name)
        ));
    }
    if f.read_only {
        text.push_str("\n\nRead-only: set by the server, ignored in requests.");
    }
    if f.secret {
        text.push_str("\n\nA secret: `Debug` shows it as `<redacted>`.");
    }
    text
}

/// The doc of a model's constructor, or `None` where it has none: no required fields, or
/// more than seven, where positional arguments stop being readable
/// (`clippy::too_many_arguments`); struct literal syntax still works.
fn constructor_doc(s: &ir::Struct) -> Option<String> {
    let listed: Vec<String> = s.fields.iter().filter(|f| f.required).map(|f| format!("`{}`", f.rust_name)).collect();
    if listed.is_empty() || listed.len() > 7 {
        return None;
    }
    Some(format!(
        "A `{}` with the required {} set and every optional field `None`.",
        s.rust_name,
        if listed.len() == 1 { format!("field {}", listed[0]) } else { format!("fields {}", listed.join(", ")) }
    ))
}

/// `new(required fields...)` with the optional ones `None`, so a body is built without
/// spelling out every field (see [`constructor_doc`] for when there is none). As tokens: what
/// the test compares [`constructor_item`] with.
#[cfg(test)]
fn constructor(s: &ir::Struct) -> Option<TokenStream> {
    let required: Vec<&ir::Field> = s.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() || required.len() > 7 {
        return None;
    }
    let name = format_ident!("{}", s.rust_name);
    let here = TokenStream::new();
    let params = required.iter().map(|f| {
        let ident = format_ident!("{}", f.rust_name);
        match (&f.ty, f.boxed) {
            (Type::String, _) => quote!(#ident: impl ::std::convert::Into<::std::string::String>),
            (ty, boxed) => {
                let ty = super::types::rust_type(ty, &here);
                if boxed { quote!(#ident: ::std::boxed::Box<#ty>) } else { quote!(#ident: #ty) }
            }
        }
    });
    let inits = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust_name);
        match (f.required, &f.ty) {
            (true, Type::String) => quote!(#ident: #ident.into()),
            (true, _) => quote!(#ident),
            (false, _) => quote!(#ident: ::std::option::Option::None),
        }
    });
    let unknown = format_ident!("{}", ir::UNKNOWN_FIELDS);
    let doc = docs::outer(&constructor_doc(s)?);
    Some(quote! {
        impl #name {
            #doc
            #[inline]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #unknown: ::serde_json::Map::new() }
            }
        }
    })
}

/// A string enum and its own impls (`as_str`, `Default`, `Display`, `From<&str>`, the
/// runtime's parameter trait), each under `cfg`: the template's clone, renamed, with the
/// variants and their match arms built directly (as `wire` builds the models' impls).
///
/// # Errors
/// A template that does not parse or has changed shape (a generator bug).
fn model_enum_items(e: &ir::Enum, cfg: &[syn::Attribute]) -> Result<Vec<syn::Item>, String> {
    let mut items = ENUM_TEMPLATE.with(Clone::clone)?;
    let shape = || format!("the template of enum `{}` changed shape", e.rust_name);
    let [syn::Item::Enum(en), impls @ ..] = items.as_mut_slice() else { return Err(shape()) };
    en.ident = syntax::ident(&e.rust_name);
    let mut attrs = syntax::doc_attrs(&enum_doc(e));
    attrs.extend(cfg.iter().cloned());
    attrs.append(&mut en.attrs);
    en.attrs = attrs;
    let unknown = std::mem::take(&mut en.variants);
    let variants = e.variants.iter().map(|v| syn::Variant {
        attrs: syntax::doc_attrs(&variant_doc(v)),
        ident: syntax::ident(&v.rust_name),
        fields: syn::Fields::Unit,
        discriminant: None,
    });
    en.variants = variants.chain(unknown).collect();
    let variant = |v: &ir::Variant| syntax::expr_path(false, &["Self", &v.rust_name]);
    let arm = |pat: syn::Pat, body: syn::Expr| syn::Arm {
        attrs: Vec::new(),
        pat,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    };
    let to_str = e.variants.iter().map(|v| arm(syn::Pat::Path(variant(v)), syntax::lit_str(&v.value)));
    first_match_arms(impls.first_mut()).ok_or_else(shape)?.splice(0..0, to_str);
    let from_str =
        e.variants.iter().map(|v| arm(syn::Pat::Lit(syntax::expr_lit(&v.value)), syn::Expr::Path(variant(v))));
    first_match_arms(impls.get_mut(3)).ok_or_else(shape)?.splice(0..0, from_str);
    syntax::rename_impls(impls, &e.rust_name);
    Ok(syntax::with_cfg(items, cfg))
}

/// The arms of the `match` that is the body of the first function of `item`, an impl.
fn first_match_arms(item: Option<&mut syn::Item>) -> Option<&mut Vec<syn::Arm>> {
    match syntax::impl_fn_body(item?, 0)?.first_mut()? {
        syn::Stmt::Expr(syn::Expr::Match(m), None) => Some(&mut m.arms),
        _ => None,
    }
}

thread_local! {
    /// An enum of no documented variants and its impls, without docs or `cfg`.
    static ENUM_TEMPLATE: Result<Vec<syn::Item>, String> = {
        let template = ir::Enum {
            name: String::new(),
            rust_name: "__Enum".into(),
            description: None,
            variants: Vec::new(),
            reach: ir::Reach::All,
        };
        syntax::parse_items(model_enum(&template, None)).map(|mut items| {
            if let Some(syn::Item::Enum(en)) = items.first_mut() {
                en.attrs.retain(|a| !a.path().is_ident("doc"));
            }
            items
        })
    };
}

fn enum_doc(e: &ir::Enum) -> String {
    match &e.description {
        Some(d) => docs::prose(d),
        None => format!("The documented values of `{}`.", e.name),
    }
}

fn variant_doc(v: &ir::Variant) -> String {
    match &v.description {
        Some(d) => format!("{}: {}", docs::code(&v.value), docs::prose(d)),
        None => docs::code(&v.value),
    }
}

/// An enum and its own impls as tokens: the template, and what the test compares.
fn model_enum(e: &ir::Enum, cfg: Option<&TokenStream>) -> TokenStream {
    let name = format_ident!("{}", e.rust_name);
    let param_value = runtime::param_value();
    let unknown = format_ident!("{}", ir::UNKNOWN_VARIANT);
    let doc = docs::outer(&enum_doc(e));
    let variants = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let doc = docs::outer(&variant_doc(v));
        quote! { #doc #ident, }
    });
    let to_str = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let value = &v.value;
        quote!(Self::#ident => #value,)
    });
    let from_str = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust_name);
        let value = &v.value;
        quote!(#value => Self::#ident,)
    });
    quote! {
        #doc
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the documentation did not list, kept as received so it survives a
            /// round trip.
            #unknown(::std::string::String),
        }

        #cfg
        impl #name {
            /// The value as it is sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        /// The empty value a response that lacks a required field of this type decodes to:
        /// an unknown, empty value.
        #cfg
        impl ::std::default::Default for #name {
            #[inline]
            fn default() -> Self {
                Self::#unknown(::std::string::String::new())
            }
        }

        #cfg
        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #cfg
        impl ::std::convert::From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        #cfg
        impl #param_value for #name {
            #[inline]
            fn to_wire(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    }
}

fn error_model_impl(error: &ir::ErrorModel) -> TokenStream {
    let name = format_ident!("{}", error.model);
    let error_model = runtime::error_model();
    let body = match error.message.split_last() {
        None => quote!(::std::option::Option::None),
        Some((last, init)) => {
            let mut expr = quote!(self);
            for step in init {
                let field = format_ident!("{}", step.field);
                expr = quote!(#expr.#field);
                if step.optional {
                    expr = quote!(#expr.as_ref()?);
                }
                if step.array {
                    expr = quote!(#expr.first()?);
                }
            }
            let field = format_ident!("{}", last.field);
            match (last.optional, last.array) {
                (true, true) => quote!(#expr.#field.as_ref()?.first().map(::std::string::String::as_str)),
                (true, false) => quote!(#expr.#field.as_deref()),
                (false, true) => quote!(#expr.#field.first().map(::std::string::String::as_str)),
                (false, false) => quote!(::std::option::Option::Some(#expr.#field.as_str())),
            }
        }
    };
    quote! {
        impl #error_model for #name {
            fn message(&self) -> ::std::option::Option<&str> {
                #body
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(items: Vec<syn::Item>) -> String {
        let printed = prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items });
        crate::emit::docs::splice(printed).expect("spliced")
    }

    #[test]
    fn the_built_constructors_print_as_their_tokens_do() {
        let field = |rust_name: &str, ty: Type, required: bool, boxed: bool| ir::Field {
            name: rust_name.into(),
            wire_name: rust_name.into(),
            rust_name: rust_name.into(),
            ty,
            required,
            read_only: false,
            secret: false,
            description: None,
            boxed,
        };
        let pet = Type::Model { rust_name: "Pet".into(), is_enum: false };
        let models = [
            vec![field("id", Type::String, true, false), field("r#type", Type::I64, false, false)],
            vec![
                field("parent", pet.clone(), true, true),
                field("tags", Type::Array(Box::new(Type::String)), true, false),
                field("owner", pet, false, false),
            ],
            vec![field("only", Type::Bool, false, false)],
            (0..8).map(|i| field(&format!("f{i}"), Type::I32, true, false)).collect(),
        ];
        let cfg = quote!(#[cfg(feature = "x")]);
        for fields in models {
            let s = ir::Struct {
                name: "Owner".into(),
                rust_name: "Owner".into(),
                description: None,
                fields,
                opaque: false,
                reach: ir::Reach::All,
            };
            let attrs = syntax::parse_attrs(cfg.clone()).expect("an attribute");
            let parsed = constructor(&s).map(|c| syntax::parse_items(quote!(#cfg #c)).expect("items"));
            let built = constructor_item(&s, &attrs).expect("a constructor or none").map(|item| vec![item]);
            assert_eq!(built.map(print), parsed.map(print), "{:?}", s.fields.len());
        }
    }

    #[test]
    fn the_built_enums_print_as_their_tokens_do() {
        let variant = |value: &str, rust_name: &str, description: Option<&str>| ir::Variant {
            value: value.into(),
            rust_name: rust_name.into(),
            description: description.map(Into::into),
        };
        let enums = [
            (None, vec![variant("active", "Active", None), variant("in \"use\"", "InUse", Some("Taken; see `x`."))]),
            (Some("A state.\n\nWith a second paragraph."), vec![variant("type", "r#Type", None)]),
            (None, Vec::new()),
        ];
        let cfg = quote!(#[cfg(feature = "x")]);
        for (description, variants) in enums {
            let e = ir::Enum {
                name: "state".into(),
                rust_name: "State".into(),
                description: description.map(Into::into),
                variants,
                reach: ir::Reach::All,
            };
            for cfg in [None, Some(&cfg)] {
                let attrs =
                    cfg.cloned().map(syntax::parse_attrs).transpose().expect("an attribute").unwrap_or_default();
                let parsed = syntax::parse_items(model_enum(&e, cfg)).expect("items");
                let built = model_enum_items(&e, &attrs).expect("items");
                assert_eq!(print(built), print(parsed), "{:?} {cfg:?}", e.description);
            }
        }
    }
}
