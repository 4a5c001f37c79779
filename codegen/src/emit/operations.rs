//! Per operation: the `Client` method (required parameters in, request builder out) and the
//! request builder in `requests` (optional-parameter setters, `send`, `IntoFuture`). Both are
//! thin: they hand values to the runtime's `Request`, and every operation's future is the
//! runtime's one `Pending` type.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::docs;
use super::runtime;
use super::syntax;
use super::types::{describe, rust_type};
use crate::ir::{self, HttpMethod, Location, Type};
use crate::reserved;

/// The `Client` method of `op`: it starts the request and writes the path, so that the
/// request builder holds no path parameters and the path needs no allocation of its own (not
/// one per parameter, as when each was copied into a `String`). Built as syntax, from a
/// template (see `syntax`).
///
/// # Errors
/// Tokens that do not parse, or a template that changed shape (a generator bug).
pub fn client_method(api: &ir::Api, op: &ir::Operation) -> Result<syn::ImplItem, String> {
    let templates = CLIENT_TEMPLATES.with(Clone::clone)?;
    let shape = || format!("the client method template changed shape at `{}`", op.method_name);
    let ClientTemplates { mut method, as_ref_str, into_string } = templates;
    let arg = syntax::arg;
    let none = syntax::none;
    let shorthand = |name: &str| syn::FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(syntax::ident(name)),
        colon_token: None,
        expr: syntax::path_expr(name),
    };
    let init = |name: &str, expr: syn::Expr| syn::FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(syntax::ident(name)),
        colon_token: Some(Default::default()),
        expr,
    };
    let mut args = Vec::new();
    let mut inits = vec![shorthand("request")];
    for p in &op.params {
        let value = || syntax::path_expr(&p.rust_name);
        match (p.location, p.required) {
            (Location::Path, _) => {
                let ty = if p.ty == Type::String {
                    as_ref_str.clone()
                } else {
                    syntax::rust_type(&p.ty, &[reserved::MODELS])
                };
                args.push(arg(&p.rust_name, ty));
            }
            (_, true) => {
                let (ty, value) = match (&p.ty, p.secret) {
                    (Type::String, true) => {
                        (into_string.clone(), Some(syntax::call(runtime::secret_from(), [value()])))
                    }
                    (Type::String, false) => (into_string.clone(), Some(syntax::method_call(value(), "into", []))),
                    (Type::Array(inner), _) => (array_arg(inner, &models_path(false))?, Some(collect(value()))),
                    (ty, _) => (syntax::rust_type(ty, &[reserved::MODELS]), None),
                };
                args.push(arg(&p.rust_name, ty));
                inits.push(match value {
                    Some(value) => init(&p.rust_name, value),
                    None => shorthand(&p.rust_name),
                });
            }
            (_, false) => inits.push(init(&p.rust_name, none())),
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            args.push(arg(&body.rust_name, syntax::rust_type(&body.ty, &[reserved::MODELS])));
            inits.push(shorthand(&body.rust_name));
        } else {
            inits.push(init(&body.rust_name, none()));
        }
    }

    let mut attrs = syntax::doc_attrs(&method_doc(api, op));
    attrs.extend(super::group_cfg(api, &[op.group]));
    if let Some(note) = &op.deprecated {
        attrs.extend(syntax::parse_attrs(match note {
            Some(note) => quote!(#[deprecated(note = #note)]),
            None => quote!(#[deprecated]),
        })?);
    }
    // Past seven, clippy asks for fewer arguments; the vendor documents them all as required,
    // so each stays a positional argument (the alternative, a struct, hides which are needed).
    if args.len() > 7 {
        let reason = format!("the vendor documents {} required parameters", args.len());
        attrs.extend(syntax::parse_attrs(quote!(#[allow(clippy::too_many_arguments, reason = #reason)]))?);
    }
    method.attrs.splice(0..0, attrs);
    method.sig.ident = syntax::ident(&op.method_name);
    method.sig.inputs.extend(args);
    let builder = syntax::path_type(false, &[reserved::REQUESTS, op.builder_name.as_str()], Vec::new());
    method.sig.output = syn::ReturnType::Type(Default::default(), Box::new(builder));

    let [syn::Stmt::Item(syn::Item::Const(operation)), ..] = method.block.stmts.as_mut_slice() else {
        return Err(shape());
    };
    let syn::Expr::Struct(facts) = &mut *operation.expr else { return Err(shape()) };
    for fact in &mut facts.fields {
        match &fact.member {
            syn::Member::Named(name) if name == "id" => fact.expr = syntax::lit_str(&op.id),
            syn::Member::Named(name) if name == "path" => fact.expr = syntax::lit_str(&op.path),
            syn::Member::Named(name) if name == "method" => match &mut fact.expr {
                syn::Expr::Path(path) => match path.path.segments.last_mut() {
                    Some(last) => last.ident = syntax::ident(http_method(op.http_method)),
                    None => return Err(shape()),
                },
                _ => return Err(shape()),
            },
            _ => {}
        }
    }
    let request = || syntax::path_expr("request");
    for piece in &op.pieces {
        let step = match piece {
            ir::PathPiece::Literal(literal) => syntax::method_call(request(), "path", [syntax::lit_str(literal)]),
            ir::PathPiece::Param { rust_name, wire_name, reserved } => {
                let param = op.params.iter().find(|p| p.rust_name == *rust_name);
                let is_string = param.is_some_and(|p| p.ty == Type::String);
                let pattern = param.and_then(|p| p.pattern.as_deref());
                let value = if is_string {
                    syntax::method_call(syntax::path_expr(rust_name), "as_ref", [])
                } else {
                    syntax::reference(syntax::path_expr(rust_name), false)
                };
                let wire = syntax::lit_str(wire_name);
                match (reserved, pattern) {
                    (true, Some(pattern)) => syntax::method_call(
                        request(),
                        "path_reserved",
                        [wire, value, syntax::some(syntax::lit_str(pattern))],
                    ),
                    (true, None) => syntax::method_call(request(), "path_reserved", [wire, value, none()]),
                    (false, Some(pattern)) => {
                        syntax::method_call(request(), "path_param_matching", [wire, value, syntax::lit_str(pattern)])
                    }
                    (false, None) => syntax::method_call(request(), "path_param", [wire, value]),
                }
            }
        };
        method.block.stmts.push(syntax::statement(step));
    }
    let mut fields: syn::punctuated::Punctuated<syn::FieldValue, syn::Token![,]> = inits.into_iter().collect();
    fields.push_punct(Default::default());
    let builder = syn::Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: syntax::path(false, &[reserved::REQUESTS, op.builder_name.as_str()], Vec::new()),
        brace_token: Default::default(),
        fields,
        dot2_token: None,
        rest: None,
    });
    method.block.stmts.push(syntax::tail(builder));
    Ok(syn::ImplItem::Fn(method))
}

/// `models::` (from the module's top) or `super::models::` (from `requests`), as tokens.
fn models_path(from_requests: bool) -> TokenStream {
    let models = format_ident!("{}", reserved::MODELS);
    if from_requests { quote!(super::#models::) } else { quote!(#models::) }
}

/// `impl IntoIterator<Item = impl Into<inner>>`: any list of anything that converts (`["a",
/// "b"]`, a `Vec<String>`, an iterator).
fn array_arg(inner: &Type, models: &TokenStream) -> Result<syn::Type, String> {
    let inner = rust_type(inner, models);
    syn::parse2(quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#inner>>))
        .map_err(|e| e.to_string())
}

/// `value.into_iter().map(::std::convert::Into::into).collect()`.
fn collect(value: syn::Expr) -> syn::Expr {
    let into = syntax::global_path_expr(&["std", "convert", "Into", "into"]);
    let items = syntax::method_call(syntax::method_call(value, "into_iter", []), "map", [into]);
    syntax::method_call(items, "collect", [])
}

/// The runtime's `Method` variant of an HTTP method.
fn http_method(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::GET => "Get",
        HttpMethod::POST => "Post",
        HttpMethod::PUT => "Put",
        HttpMethod::PATCH => "Patch",
        HttpMethod::DELETE => "Delete",
        HttpMethod::HEAD => "Head",
        HttpMethod::OPTIONS => "Options",
    }
}

/// Where the request builders reach the models: `super::models::`.
const MODELS: [&str; 2] = ["super", reserved::MODELS];

/// The request builder of `op`: the started request, the query and header parameters and the
/// body; setters, `send` (a plain function returning the runtime's `Pending`) and `IntoFuture`.
/// Built as syntax (see `syntax`), as most of a large API is request builders; the paging and
/// waiting methods, which few operations have, are parsed from tokens.
///
/// # Errors
/// Tokens that do not parse (a generator bug).
pub fn request_builder(api: &ir::Api, op: &ir::Operation) -> Result<Vec<syn::Item>, String> {
    let cfg: Vec<syn::Attribute> = super::group_cfg(api, &[op.group]).into_iter().collect();
    let templates = TEMPLATES.with(Clone::clone)?;
    let mut attrs = syntax::doc_attrs(&format!(
        "{}\n\nThe request of [`Client::{method}`](super::Client::{method}): set optional parameters \
         with its methods, then `.await` it (or call [`send`](Self::send)).",
        docs::prose(&op.summary),
        method = op.method_name
    ));
    attrs.extend(cfg.iter().cloned());
    attrs.push(syntax::list_attr("derive", quote!(Debug, Clone)));
    attrs.push(syntax::name_value_attr(
        "must_use",
        "a request does nothing until it is sent: `.await` it or call `.send()`",
    ));
    let mut fields = vec![syntax::field_with(Vec::new(), syntax::in_super(), "request", runtime::request_type())];
    for p in op.params.iter().filter(|p| p.location != Location::Path) {
        let ty = if p.secret { runtime::secret_type() } else { syntax::rust_type(&p.ty, &MODELS) };
        let ty = if p.required { ty } else { syntax::option(ty) };
        fields.push(syntax::field_with(Vec::new(), syntax::in_super(), &p.rust_name, ty));
    }
    if let Some(b) = &op.body {
        let ty = syntax::rust_type(&b.ty, &MODELS);
        let ty = if b.required { ty } else { syntax::option(ty) };
        fields.push(syntax::field_with(Vec::new(), syntax::in_super(), &b.rust_name, ty));
    }
    let builder = syntax::named_struct(attrs, &op.builder_name, fields);

    let output = match &op.response {
        ir::Response::Empty => syntax::unit(),
        ir::Response::Json(ty) => syntax::rust_type(ty, &MODELS),
        ir::Response::Text => syntax::rust_type(&Type::String, &[]),
    };
    let mut methods = Vec::new();
    for p in op.params.iter().filter(|p| !p.required) {
        methods.push(setter(&templates, p)?);
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        let doc = format!(
            "{}\n\nThe request body, {} (optional: without it, no body is sent).",
            body_description(b),
            describe(&b.ty)
        );
        methods.push(setter_fn(
            &templates,
            &doc,
            &b.rust_name,
            syntax::rust_type(&b.ty, &MODELS),
            syntax::path_expr("value"),
        ));
    }
    methods.push(send_fn(&templates, op, output.clone())?);
    if op.pagination.is_some() || op.waiter.is_some() {
        let output = output.to_token_stream();
        let paging = op.pagination.as_ref().map(|p| paging_fns(op, p, &output, &models_path(true)));
        let waiter = op.waiter.as_ref().map(|w| waiter_fn(op, w, &output));
        let parsed: syn::ItemImpl = syn::parse2(quote!(impl Builder { #paging #waiter })).map_err(|e| e.to_string())?;
        methods.extend(parsed.items);
    }
    let mut methods_impl = templates.inherent_impl;
    methods_impl.attrs = cfg.clone();
    *methods_impl.self_ty = syntax::path_type(false, &[op.builder_name.as_str()], Vec::new());
    methods_impl.items = methods;

    let builder_ident = format_ident!("{}", op.builder_name);
    let shared = syn::ItemMacro {
        attrs: cfg,
        ident: None,
        mac: syn::Macro {
            path: runtime::request_builder_macro_path(),
            bang_token: Default::default(),
            delimiter: syn::MacroDelimiter::Paren(Default::default()),
            tokens: quote!(#builder_ident, #output),
        },
        semi_token: Some(Default::default()),
    };
    Ok(vec![builder, syn::Item::Impl(methods_impl), syn::Item::Macro(shared)])
}

/// The fixed parts of a request builder, parsed once per thread.
#[derive(Clone)]
struct Templates {
    /// `impl Builder {}`.
    inherent_impl: syn::ItemImpl,
    /// `#[inline] pub fn name(mut self, value: ()) -> Self { self }`.
    setter: syn::ImplItemFn,
    /// `#[inline] pub fn send(self) -> () { let mut request = self.request; }`.
    send: syn::ImplItemFn,
    /// `impl ::std::convert::Into<::std::string::String>`.
    into_string: syn::Type,
}

/// The fixed parts of a client method, parsed once per thread.
#[derive(Clone)]
struct ClientTemplates {
    /// `#[inline] pub fn name(&self) -> () { const OPERATION: ...; let mut request = ...; }`.
    method: syn::ImplItemFn,
    /// `impl ::std::convert::AsRef<str>`.
    as_ref_str: syn::Type,
    /// `impl ::std::convert::Into<::std::string::String>`.
    into_string: syn::Type,
}

impl Templates {
    fn parse() -> Result<Self, String> {
        let parsed: syn::ItemImpl = syn::parse2(quote! {
            impl Builder {
                #[inline]
                pub fn name(mut self, value: ()) -> Self {
                    self
                }

                #[inline]
                pub fn send(self) -> () {
                    let mut request = self.request;
                }
            }
        })
        .map_err(|e| e.to_string())?;
        let mut fns = parsed.items.iter().filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f.clone()),
            _ => None,
        });
        let (Some(setter), Some(send)) = (fns.next(), fns.next()) else {
            return Err("the request builder template changed shape".into());
        };
        let into_string = into_string()?;
        Ok(Self { inherent_impl: syn::ItemImpl { items: Vec::new(), ..parsed }, setter, send, into_string })
    }
}

/// `impl ::std::convert::Into<::std::string::String>`.
fn into_string() -> Result<syn::Type, String> {
    syn::parse2(quote!(impl ::std::convert::Into<::std::string::String>)).map_err(|e| e.to_string())
}

impl ClientTemplates {
    fn parse() -> Result<Self, String> {
        let as_ref_str = syn::parse2(quote!(impl ::std::convert::AsRef<str>)).map_err(|e| e.to_string())?;
        let (operation, method_type, info) =
            (runtime::operation(), runtime::method(), format_ident!("{}", reserved::API_INFO));
        let method: syn::ImplItem = syn::parse2(quote! {
            #[inline]
            pub fn name(&self) -> () {
                const OPERATION: #operation = #operation {
                    api: &#info,
                    id: "",
                    method: #method_type::Get,
                    path: "",
                };
                let mut request = self.core.request(&OPERATION);
            }
        })
        .map_err(|e| e.to_string())?;
        let syn::ImplItem::Fn(method) = method else { return Err("the client method template is not a method".into()) };
        Ok(Self { method, as_ref_str, into_string: into_string()? })
    }
}

thread_local! {
    static TEMPLATES: Result<Templates, String> = Templates::parse();
    static CLIENT_TEMPLATES: Result<ClientTemplates, String> = ClientTemplates::parse();
}

fn setter(templates: &Templates, p: &ir::Param) -> Result<syn::ImplItem, String> {
    let value = || syntax::path_expr("value");
    let (arg, value) = match (&p.ty, p.secret) {
        (Type::String, true) => (templates.into_string.clone(), syntax::call(runtime::secret_from(), [value()])),
        (Type::String, false) => (templates.into_string.clone(), syntax::method_call(value(), "into", [])),
        (Type::Array(inner), _) => (array_arg(inner, &models_path(true))?, collect(value())),
        (ty, _) => (syntax::rust_type(ty, &MODELS), value()),
    };
    Ok(setter_fn(templates, &param_doc(p), &p.rust_name, arg, value))
}

/// `doc pub fn name(mut self, value: arg) -> Self { self.name = Some(value); self }`.
fn setter_fn(templates: &Templates, doc: &str, name: &str, arg: syn::Type, value: syn::Expr) -> syn::ImplItem {
    let mut f = templates.setter.clone();
    f.attrs.splice(0..0, syntax::doc_attrs(doc));
    f.sig.ident = syntax::ident(name);
    if let Some(syn::FnArg::Typed(typed)) = f.sig.inputs.iter_mut().nth(1) {
        *typed.ty = arg;
    }
    let field = syntax::member(syntax::path_expr("self"), name);
    f.block.stmts.insert(0, syntax::assign(field, syntax::some(value)));
    syn::ImplItem::Fn(f)
}

/// What the vendor says of a request body, as a sentence.
fn body_description(b: &ir::Body) -> String {
    match &b.description {
        Some(d) if !d.trim().is_empty() => {
            let text = docs::prose(d);
            if text.ends_with('.') { text } else { format!("{text}.") }
        }
        _ => "The request body (not described by the vendor).".to_owned(),
    }
}

fn send_fn(templates: &Templates, op: &ir::Operation, output: syn::Type) -> Result<syn::ImplItem, String> {
    let request = || syntax::path_expr("request");
    let field = |name: &str| syntax::member(syntax::path_expr("self"), name);
    let mut steps: Vec<syn::Stmt> = op
        .params
        .iter()
        .filter(|p| p.location != Location::Path)
        .map(|p| {
            let value = if p.required {
                syntax::some(syntax::reference(field(&p.rust_name), false))
            } else {
                syntax::method_call(field(&p.rust_name), "as_ref", [])
            };
            let method = match (p.location, p.collection_format) {
                (Location::Query, Some(ir::CollectionFormat::Csv)) => "query_csv",
                (Location::Query, _) => "query",
                _ => "header",
            };
            syntax::statement(syntax::method_call(request(), method, [syntax::lit_str(&p.wire_name), value]))
        })
        .collect();
    if let Some(b) = &op.body {
        if b.required {
            let body = syntax::reference(field(&b.rust_name), false);
            steps.push(syntax::statement(syntax::method_call(request(), "json", [body])));
        } else {
            let ident = format_ident!("{}", b.rust_name);
            let tokens = quote! {
                if let ::std::option::Option::Some(body) = &self.#ident {
                    request.json(body);
                }
            };
            steps.extend(syn::parse::Parser::parse2(syn::Block::parse_within, tokens).map_err(|e| e.to_string())?);
        }
    }
    let finish = match op.response {
        ir::Response::Empty => "send_empty",
        ir::Response::Json(_) => "send_json",
        ir::Response::Text => "send_text",
    };
    let returns = match &op.response {
        ir::Response::Empty => "`()` on success (the operation documents no response body)".to_owned(),
        ir::Response::Json(ty) => format!("the decoded {} on success", describe(ty)),
        ir::Response::Text => "the body's text on success (`text/plain`)".to_owned(),
    };
    let mut f = templates.send.clone();
    f.attrs.splice(
        0..0,
        syntax::doc_attrs(&format!(
            "Sends the request when the returned future is awaited (as `.await` on the builder \
             does); it gives {returns}.\n\n# Errors\n[`Error`]({krate}::Error): `Api` for a status \
             outside 2xx, with the vendor's error body; `Decode` for a 2xx body that does not \
             match; `Transport`, `Auth`; `InvalidRequest` (nothing sent) for a value that cannot be \
             sent.",
            krate = runtime::DOC_CRATE
        )),
    );
    f.sig.output = syn::ReturnType::Type(Default::default(), Box::new(runtime::pending_type(output)));
    if steps.is_empty() {
        f.block.stmts = vec![syntax::tail(syntax::method_call(field("request"), finish, []))];
    } else {
        f.block.stmts.extend(steps);
        f.block.stmts.push(syntax::tail(syntax::method_call(request(), finish, [])));
    }
    Ok(syn::ImplItem::Fn(f))
}

/// `pages()`, `items()` and the `paging()` they share: the runtime's paging loop, told how
/// to ask for a page (this builder, cloned, with its page or cursor parameter set) and what
/// the page model says.
fn paging_fns(op: &ir::Operation, p: &ir::Pagination, page: &TokenStream, models: &TokenStream) -> TokenStream {
    let id = &op.id;
    let item = rust_type(&p.item, models);
    let field = |f: &ir::FieldRef| format_ident!("{}", f.rust_name);
    let items_field = field(&p.items);
    let (count_items, take_items) = if p.items.optional {
        (
            quote!(page.#items_field.as_ref().map_or(0, ::std::vec::Vec::len)),
            quote!(page.#items_field.unwrap_or_default()),
        )
    } else {
        (quote!(page.#items_field.len()), quote!(page.#items_field))
    };
    let (paging, ends) = match &p.by {
        ir::PageBy::Number { page_param, page_is_i64, first, page_count, last, next, number } => {
            let ends = "after the last page (as the API reports it, or with the first empty page)";
            (
                number_paging(
                    id,
                    page,
                    page_param,
                    *page_is_i64,
                    *first,
                    [page_count, last, next, number],
                    &count_items,
                ),
                ends,
            )
        }
        ir::PageBy::Cursor { cursor_param, next_cursor } => {
            let ends = "after the page that names no next cursor (or the first empty page)";
            (cursor_paging(id, page, cursor_param, next_cursor, &count_items), ends)
        }
    };
    let (pages_ty, items_ty) = (runtime::pages(page), runtime::items(&item));
    let start = match &p.by {
        ir::PageBy::Number { first, .. } => format!("from the page this request asks for (page {first} unless set)"),
        ir::PageBy::Cursor { .. } => "from the cursor this request sets (the start unless set)".to_owned(),
    };
    let pages_doc = docs::outer(&format!(
        "Every page of the listing, {start}, each asked for only when the stream is polled for \
         it: a `Stream` of `Result<Response<{page}>, Error>`.\n\nIt ends {ends}, after an error \
         (each page is one call, retried as any call is), or with `Error::Paging` when the \
         server answers a page other than the one asked for, or repeats one.",
        page = match &op.response {
            ir::Response::Json(Type::Model { rust_name, .. }) => rust_name.as_str(),
            _ => "the page",
        }
    ));
    let items_doc = docs::outer(
        "Every item of the listing, page after page (see [`pages`](Self::pages)): the next page \
         is asked for only when the items of the last one are used up.",
    );
    quote! {
        #pages_doc
        #[inline]
        pub fn pages(self) -> #pages_ty {
            self.paging().pages()
        }

        #items_doc
        #[inline]
        pub fn items(self) -> #items_ty {
            self.paging().items(|page| #take_items)
        }

        #paging
    }
}

/// `paging()` of a listing by page number.
fn number_paging(
    id: &str,
    page: &TokenStream,
    page_param: &str,
    page_is_i64: bool,
    first: i64,
    [page_count, last, next, number]: [&Option<ir::FieldRef>; 4],
    count_items: &TokenStream,
) -> TokenStream {
    let page_param = format_ident!("{}", page_param);
    let (first_page, set_page) = if page_is_i64 {
        (quote!(self.#page_param.unwrap_or(#first)), quote!(page))
    } else {
        (
            quote!(self.#page_param.map_or(#first, i64::from)),
            quote!(::std::convert::TryFrom::try_from(page).unwrap_or(i32::MAX)),
        )
    };
    let field = |f: &ir::FieldRef| format_ident!("{}", f.rust_name);
    let integer = |f: &Option<ir::FieldRef>| match f {
        None => quote!(::std::option::Option::None),
        Some(f) => {
            let ident = field(f);
            if f.optional {
                quote!(page.#ident.map(i64::from))
            } else {
                quote!(::std::option::Option::Some(i64::from(page.#ident)))
            }
        }
    };
    let (number, page_count) = (integer(number), integer(page_count));
    let last = match last {
        None => quote!(::std::option::Option::None),
        Some(f) => {
            let ident = field(f);
            if f.optional { quote!(page.#ident) } else { quote!(::std::option::Option::Some(page.#ident)) }
        }
    };
    let has_next = match next {
        None => quote!(::std::option::Option::None),
        Some(f) => {
            let ident = field(f);
            if f.optional {
                quote!(::std::option::Option::Some(page.#ident.as_deref().is_some_and(|next| !next.is_empty())))
            } else {
                quote!(::std::option::Option::Some(!page.#ident.is_empty()))
            }
        }
    };
    let (paging, page_info) = (runtime::paging(), runtime::page_info());
    quote! {
        #[inline]
        fn paging(self) -> #paging<Self, #page> {
            let first = #first_page;
            #paging {
                operation: #id,
                builder: self,
                first,
                send: |builder, page| {
                    let mut builder = ::std::clone::Clone::clone(builder);
                    builder.#page_param = ::std::option::Option::Some(#set_page);
                    builder.send_with_response()
                },
                info: |page| #page_info {
                    items: #count_items,
                    number: #number,
                    page_count: #page_count,
                    last: #last,
                    has_next: #has_next,
                },
            }
        }
    }
}

/// `paging()` of a listing by cursor: the next cursor read through `next_cursor`'s fields.
fn cursor_paging(
    id: &str,
    page: &TokenStream,
    cursor_param: &str,
    next_cursor: &[ir::FieldRef],
    count_items: &TokenStream,
) -> TokenStream {
    let cursor_param = format_ident!("{}", cursor_param);
    // `Option<&T>` through each field: `Some(page)`, then `.and_then(|v| v.f.as_ref())` for
    // an optional field, `.map(|v| &v.f)` for a required one.
    let mut next = quote!(::std::option::Option::Some(page));
    for f in next_cursor {
        let ident = format_ident!("{}", f.rust_name);
        next = if f.optional {
            quote!(#next.and_then(|value| value.#ident.as_ref()))
        } else {
            quote!(#next.map(|value| &value.#ident))
        };
    }
    let paging = runtime::cursor_paging();
    quote! {
        #[inline]
        fn paging(self) -> #paging<Self, #page> {
            let first = ::std::clone::Clone::clone(&self.#cursor_param);
            #paging {
                operation: #id,
                builder: self,
                first,
                send: |builder, cursor| {
                    let mut builder = ::std::clone::Clone::clone(builder);
                    builder.#cursor_param = cursor.map(::std::borrow::ToOwned::to_owned);
                    builder.send_with_response()
                },
                next: |page| #next.cloned(),
                count: |page| #count_items,
            }
        }
    }
}

/// `wait_until_<name>(max_wait)`: the runtime's waiter, told how to poll (this builder,
/// cloned, sent) and how to read the state from the answer.
fn waiter_fn(op: &ir::Operation, w: &ir::Waiter, output: &TokenStream) -> TokenStream {
    let method = format_ident!("{}", w.method);
    let field = format_ident!("{}", w.field.rust_name);
    let id = &op.id;
    // The state as text, `""` when absent: the arms are then plain string patterns.
    let state = match (w.field.optional, w.is_enum) {
        (true, true) => quote!(answer.#field.as_ref().map_or("", |state| state.as_str())),
        (true, false) => quote!(answer.#field.as_deref().unwrap_or_default()),
        (false, _) => quote!(answer.#field.as_str()),
    };
    let (success, failure) = (&w.success, &w.failure);
    let wait_state = runtime::wait_state();
    let failure_arm = (!failure.is_empty())
        .then(|| quote!(state @ (#(#failure)|*) => #wait_state::Failure(::std::borrow::ToOwned::to_owned(state)),));
    let goal = format!("{} `{}`", w.field_name, w.success.join("` or `"));
    let (waiter, new_waiter) = (runtime::waiter(output), runtime::waiter_type());
    let code_list = |states: &[String]| states.iter().map(|s| docs::code(s)).collect::<Vec<_>>().join(", ");
    let doc = docs::outer(&format!(
        "Polls this request until the answer's {} is {} (and gives that answer), with a          growing delay between polls (2 s, doubling up to 60 s; or the server's `Retry-After`),          for at most `max_wait`.

# Errors
`Error::Wait` when the state is {}{}, or when          `max_wait` runs out; any error of a single call. Dropping the future stops polling.",
        docs::code(&w.field_name),
        code_list(&w.success),
        if failure.is_empty() { "never final otherwise".to_owned() } else { code_list(failure) },
        if failure.is_empty() { "" } else { " (final, so the wait ends)" },
    ));
    quote! {
        #doc
        #[inline]
        pub fn #method(self, max_wait: ::std::time::Duration) -> #waiter {
            let builder = self;
            #new_waiter::new(
                #id,
                #goal,
                max_wait,
                ::std::boxed::Box::new(move || ::std::clone::Clone::clone(&builder).send_with_response()),
                |answer| match #state {
                    #(#success)|* => #wait_state::Success,
                    #failure_arm
                    "" => #wait_state::Pending(::std::option::Option::None),
                    state => #wait_state::Pending(::std::option::Option::Some(::std::borrow::ToOwned::to_owned(state))),
                },
            )
        }
    }
}

/// A parameter's rustdoc: its description, where it is sent, and its documented default.
fn param_doc(p: &ir::Param) -> String {
    let mut text = match &p.description {
        Some(d) if !d.trim().is_empty() => docs::prose(d),
        _ => format!("The `{}` parameter (not described by the vendor).", p.name),
    };
    let place = match p.location {
        Location::Path => "path parameter",
        Location::Query => "query parameter",
        Location::Header => "header",
    };
    text.push_str(&format!("\n\nSent as the {} {place}", docs::code(&p.wire_name)));
    if let Some(pattern) = &p.pattern {
        text.push_str(&format!(" (it must match {}, or nothing is sent)", docs::code(pattern)));
    }
    match p.collection_format {
        Some(ir::CollectionFormat::Multi) if p.location == Location::Query => {
            text.push_str(", repeated for each value");
        }
        Some(ir::CollectionFormat::Csv) => text.push_str(", its values joined by `,`"),
        _ => {}
    }
    if let Some(default) = &p.default {
        text.push_str(&format!("; the server uses {} when it is not set", docs::code(&default.to_string())));
    }
    text.push('.');
    if p.secret {
        text.push_str(" The value is a secret: it never appears in `Debug` output or errors.");
    }
    if let Some(group) = &p.group {
        text.push_str(&format!(" (One of the API's shared `{group}` parameters.)"));
    }
    text
}

/// The `Client` method's rustdoc: summary, description, method and path, permissions or
/// scopes, parameters with their defaults, and the vendor page.
fn method_doc(api: &ir::Api, op: &ir::Operation) -> String {
    let mut out = vec![docs::prose(&op.summary)];
    if let Some(description) = &op.description {
        if description.trim() != op.summary.trim() {
            out.push(docs::prose(description));
        }
    }
    out.push(docs::code(&format!("{:?} {}", op.http_method, op.path)));
    match &op.permissions {
        ir::Permissions::Unstated => {}
        ir::Permissions::NoneRequired => out.push("Requires no permissions.".into()),
        ir::Permissions::Any(names) => out.push(format!("Requires any of the permissions: {}.", code_list(names))),
        ir::Permissions::All(names) => out.push(format!("Requires all of the permissions: {}.", code_list(names))),
    }
    if let ir::Scopes::AnyOf(scopes) = &op.scopes {
        let items: Vec<String> =
            scopes.iter().map(|(name, url)| format!("- [`Scope::{name}`] ({})", docs::code(url))).collect();
        out.push(format!("Requires one of these OAuth scopes:\n\n{}", items.join("\n")));
    }
    if let Some(note) = &op.deprecated {
        out.push(
            format!("**Deprecated.** {}", note.as_deref().map(docs::prose).unwrap_or_default()).trim_end().to_owned(),
        );
    }
    let mut params = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let pattern = p
            .pattern
            .as_ref()
            .map(|pattern| format!(" It must match {} (else nothing is sent).", docs::code(pattern)))
            .unwrap_or_default();
        params.push(format!("- `{}`: {}{pattern}", p.rust_name, first_paragraph(p)));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        params.push(format!(
            "- `body`: {} The request body, {}.",
            list_text(&body_description(body)),
            describe(&body.ty)
        ));
    }
    let optional_body = op.body.as_ref().filter(|b| !b.required).map(|b| {
        format!(
            "- [`{name}`](requests::{builder}::{name}): {} The request body, {} (none is sent without it).",
            list_text(&body_description(b)),
            describe(&b.ty),
            name = b.rust_name,
            builder = op.builder_name
        )
    });
    let optional: Vec<String> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            let default = p
                .default
                .as_ref()
                .map(|d| format!(" Defaults to {} (on the server).", docs::code(&d.to_string())))
                .unwrap_or_default();
            format!(
                "- [`{name}`](requests::{b}::{name}): {}{default}",
                first_paragraph(p),
                name = p.rust_name,
                b = op.builder_name
            )
        })
        .chain(optional_body)
        .collect();
    if !params.is_empty() || !optional.is_empty() {
        let mut section = String::from("# Parameters");
        if !params.is_empty() {
            section.push_str("\n\n");
            section.push_str(&params.join("\n"));
        }
        if !optional.is_empty() {
            section.push_str("\n\nOptional, set on the returned request builder:\n\n");
            section.push_str(&optional.join("\n"));
        }
        out.push(section);
    }
    let group_docs = api.groups.get(op.group).and_then(|g| g.docs_url.as_ref());
    if let Some(url) = op.docs_url.as_ref().or(group_docs).or(api.docs_url.as_ref()) {
        out.push(format!("[Vendor documentation](<{url}>)"));
    }
    out.join("\n\n")
}

fn first_paragraph(p: &ir::Param) -> String {
    let text = p.description.as_deref().map(docs::prose).unwrap_or_else(|| "(not described by the vendor)".into());
    let first = text.split("\n\n").next().unwrap_or("").replace('\n', " ");
    let first = first.trim_end_matches('.');
    format!("{first}.")
}

/// Text for a list item: its first paragraph, on one line (a line of its own would end the
/// item, or continue it lazily).
fn list_text(text: &str) -> String {
    let first = text.split("\n\n").next().unwrap_or("").replace('\n', " ");
    if first.ends_with('.') { first } else { format!("{first}.") }
}

fn code_list(names: &[String]) -> String {
    names.iter().map(|n| docs::code(n)).collect::<Vec<_>>().join(", ")
}
