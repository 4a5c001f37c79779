//! Syntax trees built directly, for the items a large API has most of (client methods,
//! request builders, models' structs and wire impls): printing needs a `syn` tree, and
//! parsing our own tokens back into one was most of the generator's time. Each helper builds
//! what `syn` would parse from the tokens `quote!` would write, so the printed text is the
//! same either way (a test holds that per helper; `generated/` and the snapshot tests for
//! whole modules).

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

/// The doc attributes of doc text, printed as `docs::outer` writes them once the printed text
/// goes through `docs::splice`: one that stands for all the lines (`docs::defer`), or one
/// `#[doc = "..."]` per line where they cannot be deferred.
pub fn doc_attrs(text: &str) -> Vec<syn::Attribute> {
    let lines = super::docs::lines(text);
    if lines.is_empty() {
        return Vec::new();
    }
    match super::docs::defer(lines) {
        Ok(marker) => vec![doc_attr(&marker)],
        Err(lines) => lines.iter().map(|line| doc_attr(line)).collect(),
    }
}

/// `#[doc = "line"]`: what `/// line` is (the line keeps its leading space).
pub fn doc_attr(line: &str) -> syn::Attribute {
    attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: ident("doc").into(),
        eq_token: Default::default(),
        value: syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(doc_literal(line)) }),
    }))
}

/// A doc line as a string literal, raw (`r"line"`) where prettyplease prints it as a `///`
/// line: then the printed text is the same, and a raw literal costs a scan to make and none
/// to read back, where escaping looks up every character (doc text is most of what a module
/// holds). Any other line, e.g. one with a `"`, is escaped as usual.
fn doc_literal(line: &str) -> syn::LitStr {
    let raw = !line.starts_with('/') && !line.contains(['"', '\r', '\n']);
    let parsed = raw.then(|| format!("r\"{line}\"").parse::<proc_macro2::Literal>().ok()).flatten();
    match parsed.map(syn::Lit::new) {
        Some(syn::Lit::Str(lit)) => lit,
        _ => syn::LitStr::new(line, Span::call_site()),
    }
}

/// `#[name = "text"]`.
pub fn name_value_attr(name: &str, text: &str) -> syn::Attribute {
    attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: ident(name).into(),
        eq_token: Default::default(),
        value: lit_str(text),
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

/// `pub(super)`.
pub fn in_super() -> syn::Visibility {
    syn::Visibility::Restricted(syn::VisRestricted {
        pub_token: Default::default(),
        paren_token: Default::default(),
        in_token: None,
        path: Box::new(ident("super").into()),
    })
}

/// A named field: `attrs pub name: ty`.
pub fn field(attrs: Vec<syn::Attribute>, name: &str, ty: syn::Type) -> syn::Field {
    field_with(attrs, public(), name, ty)
}

/// A named field: `attrs vis name: ty`.
pub fn field_with(attrs: Vec<syn::Attribute>, vis: syn::Visibility, name: &str, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis,
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
pub fn path_type(global: bool, segments: &[&str], args: Vec<syn::Type>) -> syn::Type {
    syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path: path(global, segments, args) })
}

/// The path `::a::b::C<args>` (`global`), or `C<args>`.
pub fn path(global: bool, segments: &[&str], args: Vec<syn::Type>) -> syn::Path {
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
    syn::Path { leading_colon: global.then(Default::default), segments }
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

pub fn path_expr(name: &str) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: ident(name).into() })
}

pub fn lit_str(text: &str) -> syn::Expr {
    syn::Expr::Lit(expr_lit(text))
}

/// `"text"`, as an expression or a pattern.
pub fn expr_lit(text: &str) -> syn::ExprLit {
    syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())) }
}

/// `::a::b` (`global`) or `a::b`, as an expression or a pattern.
pub fn expr_path(global: bool, segments: &[&str]) -> syn::ExprPath {
    syn::ExprPath { attrs: Vec::new(), qself: None, path: path(global, segments, Vec::new()) }
}

/// `name: ty`, a function's parameter.
pub fn arg(name: &str, ty: syn::Type) -> syn::FnArg {
    syn::FnArg::Typed(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(syn::Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: ident(name),
            subpat: None,
        })),
        colon_token: Default::default(),
        ty: Box::new(ty),
    })
}

/// `base.field`.
pub fn member(base: syn::Expr, field: &str) -> syn::Expr {
    syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: syn::Member::Named(ident(field)),
    })
}

/// `&expr` or `&mut expr`.
pub fn reference(expr: syn::Expr, mutable: bool) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: mutable.then(Default::default),
        expr: Box::new(expr),
    })
}

/// `receiver.method(args)`.
pub fn method_call<const N: usize>(receiver: syn::Expr, method: &str, args: [syn::Expr; N]) -> syn::Expr {
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `expr?`.
pub fn question(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Try(syn::ExprTry { attrs: Vec::new(), expr: Box::new(expr), question_token: Default::default() })
}

/// `::a::b::c` as an expression.
pub fn global_path_expr(segments: &[&str]) -> syn::Expr {
    syn::Expr::Path(expr_path(true, segments))
}

/// `func(args)`.
pub fn call<const N: usize>(func: syn::Expr, args: [syn::Expr; N]) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `::std::option::Option::None`.
pub fn none() -> syn::Expr {
    global_path_expr(&["std", "option", "Option", "None"])
}

/// `::std::option::Option::Some(expr)`.
pub fn some(expr: syn::Expr) -> syn::Expr {
    call(global_path_expr(&["std", "option", "Option", "Some"]), [expr])
}

/// `left = right;`.
pub fn assign(left: syn::Expr, right: syn::Expr) -> syn::Stmt {
    let assign = syn::Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(left),
        eq_token: Default::default(),
        right: Box::new(right),
    });
    syn::Stmt::Expr(assign, Some(Default::default()))
}

/// `expr;`.
pub fn statement(expr: syn::Expr) -> syn::Stmt {
    syn::Stmt::Expr(expr, Some(Default::default()))
}

/// `expr` as a block's value.
pub fn tail(expr: syn::Expr) -> syn::Stmt {
    syn::Stmt::Expr(expr, None)
}

/// The Rust type of `ty` inside the models module: what `types::rust_type(ty, &empty)` writes.
pub fn model_type(ty: &Type) -> syn::Type {
    rust_type(ty, &[])
}

/// Makes each impl among `items` one of the model `name`'s (templates name a placeholder).
pub fn rename_impls(items: &mut [syn::Item], name: &str) {
    for item in items {
        if let syn::Item::Impl(imp) = item {
            *imp.self_ty = model_type(&Type::Model { rust_name: name.into(), is_enum: false });
        }
    }
}

/// Puts `cfg` on each impl among `items`, after its doc attributes (where `#cfg` stands in
/// the tokens the templates come from).
pub fn with_cfg(mut items: Vec<syn::Item>, cfg: &[syn::Attribute]) -> Vec<syn::Item> {
    for item in &mut items {
        if let syn::Item::Impl(imp) = item {
            let docs = imp.attrs.iter().take_while(|a| a.path().is_ident("doc")).count();
            imp.attrs.splice(docs..docs, cfg.iter().cloned());
        }
    }
    items
}

/// The statements of the `index`th function of `item`, an impl.
pub fn impl_fn_body(item: &mut syn::Item, index: usize) -> Option<&mut Vec<syn::Stmt>> {
    let syn::Item::Impl(imp) = item else { return None };
    let fns = imp.items.iter_mut().filter_map(|i| match i {
        syn::ImplItem::Fn(f) => Some(f),
        _ => None,
    });
    fns.into_iter().nth(index).map(|f| &mut f.block.stmts)
}

/// `()`.
pub fn unit() -> syn::Type {
    syn::Type::Tuple(syn::TypeTuple { attrs: Vec::new(), paren_token: Default::default(), elems: Punctuated::new() })
}

/// The Rust type of `ty` where models are reached through `models` (`["super", "models"]`
/// from `requests`): what `types::rust_type(ty, &quote!(super::models::))` writes.
pub fn rust_type(ty: &Type, models: &[&str]) -> syn::Type {
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
        Type::Model { rust_name, .. } => {
            let path: Vec<&str> = models.iter().copied().chain([rust_name.as_str()]).collect();
            path_type(false, &path, vec![])
        }
        Type::Array(inner) => std(&["std", "vec", "Vec"], vec![rust_type(inner, models)]),
        Type::Map(inner) => std(
            &["std", "collections", "BTreeMap"],
            vec![std(&["std", "string", "String"], vec![]), rust_type(inner, models)],
        ),
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    #[test]
    fn doc_lines_print_as_the_escaped_literal_does() {
        let lines = [
            "",
            " plain text",
            " a tab\there, a backslash \\n, a `#` and r#\"raw\"#",
            " unicode: caf\u{e9} \u{1F600} e\u{301} \u{200b}",
            " a \"quote\"",
            "/ starts with a slash",
            " ends with spaces   ",
        ];
        let print = |attr: syn::Attribute| {
            let item: syn::ItemStruct = syn::parse_quote!(#attr struct S;);
            prettyplease::unparse(&syn::File {
                shebang: None,
                frontmatter: None,
                attrs: Vec::new(),
                items: vec![syn::Item::Struct(item)],
            })
        };
        for line in lines {
            assert_eq!(doc_literal(line).value(), line);
            assert_eq!(print(doc_attr(line)), print(name_value_attr("doc", line)), "{line:?}");
        }
        assert!(doc_literal(" plain").token().to_string().starts_with('r'), "plain lines are raw");
    }

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
            let tokens = super::super::types::rust_type(&ty, &quote::quote!(super::models::));
            let built = rust_type(&ty, &["super", "models"]);
            assert_eq!(built.to_token_stream().to_string(), tokens.to_string(), "{ty:?}");
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
        let printed = super::super::docs::splice(prettyplease::unparse(&built)).expect("spliced");
        assert_eq!(printed, prettyplease::unparse(&parsed));
    }
}
