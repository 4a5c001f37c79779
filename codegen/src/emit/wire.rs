//! The models' `Serialize` and `Deserialize` impls, over the runtime's `wire` module: an
//! object model's field table and one call per field, a string enum's `as_str` and `From`.
//!
//! Built as syntax, as the models' structs are (see `syntax`): the impls' fixed parts are
//! parsed once per thread from `templates` (with the placeholder model `__Model`) and cloned
//! for each model; the parts per field are built directly. `tokens` writes the same impls as
//! tokens; a test holds that both print the same text.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;

use super::runtime;
use super::syntax::{self, lit_str, member, method_call, path_expr, question, reference};
use crate::ir;

/// The placeholder the templates name their model by.
const PLACEHOLDER: &str = "__Model";

/// An object model's `Serialize`, `Deserialize` and `DecodeStruct` impls, each under `cfg`.
///
/// # Errors
/// A template that does not parse or has changed shape (a generator bug).
pub fn struct_impls(s: &ir::Struct, cfg: &[syn::Attribute]) -> Result<Vec<syn::Item>, String> {
    if s.fields.is_empty() {
        return syntax::parse_items(tokens::struct_impls(s)).map(|items| syntax::with_cfg(items, cfg));
    }
    let mut items = TEMPLATES.with(|t| t.as_ref().map(|t| t.object.clone()).map_err(Clone::clone))?;
    let shape = || format!("the wire template of `{}` changed shape", s.rust_name);
    syntax::rename_impls(&mut items, &s.rust_name);
    let [serialize, _, decode] = items.as_mut_slice() else { return Err(shape()) };
    *named_const(decode, "NAME").ok_or_else(shape)? = lit_str(&s.rust_name);
    let kind = |f: &ir::Field| if f.required { "required" } else { "optional" };

    let encode = syntax::impl_fn_body(serialize, 0).ok_or_else(shape)?;
    let fields = s.fields.iter().map(|f| {
        let field = reference(member(path_expr("self"), &f.rust_name), false);
        let call = method_call(path_expr("map"), kind(f), [lit_str(&f.wire_name), field]);
        syn::Stmt::Expr(question(call), Some(Default::default()))
    });
    encode.splice(1..1, fields);

    let table = fields_table(decode).ok_or_else(shape)?;
    table.extend(s.fields.iter().map(|f| lit_str(&f.wire_name)));
    let arms = match_arms(decode).ok_or_else(shape)?;
    let fields = s.fields.iter().enumerate().map(|(i, f)| syn::Arm {
        attrs: Vec::new(),
        pat: syn::Pat::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Int(syn::LitInt::new(&i.to_string(), Span::call_site())),
        }),
        fat_arrow_token: Default::default(),
        body: Box::new(question(method_call(
            path_expr("entries"),
            kind(f),
            [reference(member(path_expr("value"), &f.rust_name), true)],
        ))),
        comma: Some(Default::default()),
    });
    arms.splice(0..0, fields);
    Ok(syntax::with_cfg(items, cfg))
}

/// A string enum's `Serialize` and `Deserialize` impls, each under `cfg`.
///
/// # Errors
/// A template that does not parse (a generator bug).
pub fn enum_impls(e: &ir::Enum, cfg: &[syn::Attribute]) -> Result<Vec<syn::Item>, String> {
    let mut items = TEMPLATES.with(|t| t.as_ref().map(|t| t.string_enum.clone()).map_err(Clone::clone))?;
    let shape = || format!("the wire template of `{}` changed shape", e.rust_name);
    syntax::rename_impls(&mut items, &e.rust_name);
    // `decode_enum(deserializer, "Name")`: the name is its last argument.
    let name =
        items.get_mut(1).and_then(|item| syntax::impl_fn_body(item, 0)).and_then(|body| match body.first_mut() {
            Some(syn::Stmt::Expr(syn::Expr::Call(call), None)) => call.args.last_mut(),
            _ => None,
        });
    *name.ok_or_else(shape)? = lit_str(&e.rust_name);
    Ok(syntax::with_cfg(items, cfg))
}

/// The impls' fixed parts, parsed once per thread.
struct Templates {
    /// An object model's, with no fields (they go where the first field would be).
    object: Vec<syn::Item>,
    string_enum: Vec<syn::Item>,
}

impl Templates {
    fn parse() -> Result<Self, String> {
        let name = format_ident!("{PLACEHOLDER}");
        Ok(Self {
            object: syntax::parse_items(tokens::object(
                &name,
                PLACEHOLDER,
                Vec::<String>::new(),
                (Vec::new(), Vec::new()),
            ))?,
            string_enum: syntax::parse_items(tokens::string_enum(&name, PLACEHOLDER))?,
        })
    }
}

thread_local! {
    static TEMPLATES: Result<Templates, String> = Templates::parse();
}

/// The value of the associated `const name` of an impl.
fn named_const<'a>(item: &'a mut syn::Item, name: &str) -> Option<&'a mut syn::Expr> {
    let syn::Item::Impl(imp) = item else { return None };
    imp.items.iter_mut().find_map(|i| match i {
        syn::ImplItem::Const(c) if c.ident == name => Some(&mut c.expr),
        _ => None,
    })
}

/// The elements of `const FIELDS: ... = &[...]` in the `DecodeStruct` impl.
fn fields_table(item: &mut syn::Item) -> Option<&mut Punctuated<syn::Expr, syn::Token![,]>> {
    match named_const(item, "FIELDS")? {
        syn::Expr::Reference(r) => match &mut *r.expr {
            syn::Expr::Array(array) => Some(&mut array.elems),
            _ => None,
        },
        _ => None,
    }
}

/// The arms of the `match` in the loop of `decode`.
fn match_arms(item: &mut syn::Item) -> Option<&mut Vec<syn::Arm>> {
    syntax::impl_fn_body(item, 0)?.iter_mut().find_map(|stmt| match stmt {
        syn::Stmt::Expr(syn::Expr::While(w), _) => w.body.stmts.iter_mut().find_map(|stmt| match stmt {
            syn::Stmt::Expr(syn::Expr::Match(m), _) => Some(&mut m.arms),
            _ => None,
        }),
        _ => None,
    })
}

/// The impls as tokens: the templates, a model without fields, and what the test compares.
mod tokens {
    use super::*;

    pub(super) fn struct_impls(s: &ir::Struct) -> TokenStream {
        let name = format_ident!("{}", s.rust_name);
        let kind = |f: &ir::Field| if f.required { quote!(required) } else { quote!(optional) };
        let encode = s.fields.iter().map(|f| {
            let (ident, wire, kind) = (format_ident!("{}", f.rust_name), &f.wire_name, kind(f));
            quote!(map.#kind(#wire, &self.#ident)?;)
        });
        let decode = s.fields.iter().enumerate().map(|(i, f)| {
            let (i, ident, kind) =
                (proc_macro2::Literal::usize_unsuffixed(i), format_ident!("{}", f.rust_name), kind(f));
            quote!(#i => entries.#kind(&mut value.#ident)?,)
        });
        if s.fields.is_empty() {
            empty_object(&name, &s.rust_name)
        } else {
            object(&name, &s.rust_name, s.fields.iter().map(|f| &f.wire_name), (encode, decode))
        }
    }

    /// `object(name, shown, wire_names, (encode, decode))`: an object model's impls with its
    /// fields' wire names, encoding statements and decoding arms.
    pub(super) fn object<W: quote::ToTokens>(
        name: &syn::Ident,
        shown: &str,
        wire_names: impl IntoIterator<Item = W>,
        (encode, decode): (impl IntoIterator<Item = TokenStream>, impl IntoIterator<Item = TokenStream>),
    ) -> TokenStream {
        let (encode, decode) = (encode.into_iter(), decode.into_iter());
        let unknown = format_ident!("{}", ir::UNKNOWN_FIELDS);
        let (trait_, fields, encode_struct) =
            (runtime::decode_struct_trait(), runtime::fields(), runtime::encode_struct());
        let wire_names = wire_names.into_iter();
        let deserialize = deserialize(name);
        quote! {
            impl ::serde::Serialize for #name {
                #[inline]
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    let mut map = #encode_struct(serializer)?;
                    #(#encode)*
                    map.end(&self.#unknown)
                }
            }

            #deserialize

            impl #trait_ for #name {
                const NAME: &'static str = #shown;
                const FIELDS: &'static [&'static str] = &[#(#wire_names),*];

                #[inline]
                fn decode<'de, A: ::serde::de::MapAccess<'de>>(
                    mut entries: #fields<A, Self>,
                ) -> ::std::result::Result<Self, A::Error> {
                    let mut value = Self::default();
                    while let ::std::option::Option::Some(field) = entries.next_field()? {
                        match field {
                            #(#decode)*
                            _ => entries.ignore()?,
                        }
                    }
                    value.#unknown = entries.unknown();
                    ::std::result::Result::Ok(value)
                }
            }
        }
    }

    /// An object model's `Deserialize`, which `DecodeStruct` does the work of.
    fn deserialize(name: &syn::Ident) -> TokenStream {
        let decode_struct = runtime::decode_struct();
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                #[inline]
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #decode_struct(deserializer)
                }
            }
        }
    }

    /// A model that lists no fields: all it has is its unknown ones.
    fn empty_object(name: &syn::Ident, shown: &str) -> TokenStream {
        let unknown = format_ident!("{}", ir::UNKNOWN_FIELDS);
        let (trait_, fields, encode_struct) =
            (runtime::decode_struct_trait(), runtime::fields(), runtime::encode_struct());
        let deserialize = deserialize(name);
        quote! {
            impl ::serde::Serialize for #name {
                #[inline]
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    #encode_struct(serializer)?.end(&self.#unknown)
                }
            }

            #deserialize

            impl #trait_ for #name {
                const NAME: &'static str = #shown;
                const FIELDS: &'static [&'static str] = &[];

                #[inline]
                fn decode<'de, A: ::serde::de::MapAccess<'de>>(
                    entries: #fields<A, Self>,
                ) -> ::std::result::Result<Self, A::Error> {
                    ::std::result::Result::Ok(Self { #unknown: entries.rest()? })
                }
            }
        }
    }

    pub(super) fn string_enum(name: &syn::Ident, shown: &str) -> TokenStream {
        let decode_enum = runtime::decode_enum();
        quote! {
            impl ::serde::Serialize for #name {
                #[inline]
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                #[inline]
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #decode_enum(deserializer, #shown)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Type;

    fn print(items: Vec<syn::Item>) -> String {
        let printed = prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items });
        crate::emit::docs::splice(printed).expect("spliced")
    }

    fn field(rust_name: &str, wire_name: &str, required: bool) -> ir::Field {
        ir::Field {
            name: wire_name.into(),
            wire_name: wire_name.into(),
            rust_name: rust_name.into(),
            ty: Type::String,
            required,
            read_only: false,
            secret: false,
            description: None,
            boxed: false,
        }
    }

    #[test]
    fn the_built_impls_print_as_the_tokens_do() {
        let cfg = syntax::parse_attrs(quote!(#[cfg(feature = "x")])).expect("an attribute");
        let models = [
            vec![field("id", "id", true), field("r#type", "type", false), field("created_at", "createdAt", false)],
            vec![field("only", "only", false)],
            vec![],
        ];
        for fields in models {
            let s = ir::Struct {
                name: "Pet".into(),
                rust_name: "Pet".into(),
                description: None,
                fields,
                opaque: false,
                reach: ir::Reach::All,
            };
            let tokens = tokens::struct_impls(&s);
            let parsed = syntax::with_cfg(syntax::parse_items(tokens).expect("items"), &cfg);
            assert_eq!(print(struct_impls(&s, &cfg).expect("impls")), print(parsed), "{:?}", s.fields.len());
        }
        let e = ir::Enum {
            name: "state".into(),
            rust_name: "State".into(),
            description: None,
            variants: Vec::new(),
            reach: ir::Reach::All,
        };
        let parsed = syntax::with_cfg(
            syntax::parse_items(tokens::string_enum(&format_ident!("State"), "State")).expect("items"),
            &cfg,
        );
        assert_eq!(print(enum_impls(&e, &cfg).expect("impls")), print(parsed));
    }
}
