//! Per operation: the `Client` method (required parameters in, request builder out) and the
//! request builder in `requests` (optional-parameter setters, `send`, `IntoFuture`). Both are
//! thin: they hand values to the runtime's `Request`, and every operation's future is the
//! runtime's one `Pending` type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::runtime;
use super::types::{describe, rust_type};
use crate::ir::{self, HttpMethod, Location, Type};
use crate::reserved;

/// The `Client` method of `op`: it starts the request and writes the path, so that the
/// request builder holds no path parameters and the path needs no allocation of its own (not
/// one per parameter, as when each was copied into a `String`).
pub fn client_method(api: &ir::Api, op: &ir::Operation) -> TokenStream {
    let method = format_ident!("{}", op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let models = format_ident!("{}", reserved::MODELS);
    let models = quote!(#models::);
    let requests = format_ident!("{}", reserved::REQUESTS);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let ident = format_ident!("{}", p.rust_name);
        match (p.location, p.required) {
            (Location::Path, _) => args.push(path_arg(&ident, &p.ty, &models)),
            (_, true) => {
                args.push(arg(&ident, &p.ty, &models));
                inits.push(init_required(&ident, p));
            }
            (_, false) => inits.push(quote!(#ident: ::std::option::Option::None)),
        }
    }
    if let Some(body) = &op.body {
        let ident = format_ident!("{}", body.rust_name);
        if body.required {
            let ty = rust_type(&body.ty, &models);
            args.push(quote!(#ident: #ty));
            inits.push(quote!(#ident));
        } else {
            inits.push(quote!(#ident: ::std::option::Option::None));
        }
    }
    let operation = operation_const(op);
    let path_steps = op.pieces.iter().map(|piece| match piece {
        ir::PathPiece::Literal(literal) => quote!(request.path(#literal);),
        ir::PathPiece::Param { rust_name, wire_name, reserved } => {
            let ident = format_ident!("{}", rust_name);
            let param = op.params.iter().find(|p| p.rust_name == *rust_name);
            let is_string = param.is_some_and(|p| p.ty == Type::String);
            let pattern = param.and_then(|p| p.pattern.as_deref());
            let value = if is_string { quote!(#ident.as_ref()) } else { quote!(&#ident) };
            match (reserved, pattern) {
                (true, Some(pattern)) => {
                    quote!(request.path_reserved(#wire_name, #value, ::std::option::Option::Some(#pattern));)
                }
                (true, None) => quote!(request.path_reserved(#wire_name, #value, ::std::option::Option::None);),
                (false, Some(pattern)) => quote!(request.path_param_matching(#wire_name, #value, #pattern);),
                (false, None) => quote!(request.path_param(#wire_name, #value);),
            }
        }
    });
    let doc = docs::outer(&method_doc(api, op));
    // Past seven, clippy asks for fewer arguments; the vendor documents them all as required,
    // so each stays a positional argument (the alternative, a struct, hides which are needed).
    let many = (args.len() > 7).then(|| {
        let reason = format!("the vendor documents {} required parameters", args.len());
        quote!(#[allow(clippy::too_many_arguments, reason = #reason)])
    });
    let deprecated = op.deprecated.as_ref().map(|note| match note {
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => quote!(#[deprecated]),
    });
    let cfg = super::group_cfg(api, &[op.group]);
    quote! {
        #doc
        #cfg
        #deprecated
        #many
        #[inline]
        pub fn #method(&self, #(#args),*) -> #requests::#builder {
            #operation
            let mut request = self.core.request(&OPERATION);
            #(#path_steps)*
            #requests::#builder { request, #(#inits,)* }
        }
    }
}

/// What the runtime knows of `op`, as a `const OPERATION`.
fn operation_const(op: &ir::Operation) -> TokenStream {
    let id = &op.id;
    let path = &op.path;
    let method = format_ident!(
        "{}",
        match op.http_method {
            HttpMethod::GET => "Get",
            HttpMethod::POST => "Post",
            HttpMethod::PUT => "Put",
            HttpMethod::PATCH => "Patch",
            HttpMethod::DELETE => "Delete",
            HttpMethod::HEAD => "Head",
            HttpMethod::OPTIONS => "Options",
        }
    );
    let (operation, method_type) = (runtime::operation(), runtime::method());
    let info = format_ident!("{}", reserved::API_INFO);
    quote! {
        const OPERATION: #operation = #operation {
            api: &#info,
            id: #id,
            method: #method_type::#method,
            path: #path,
        };
    }
}

/// A path parameter's argument: it is written into the URL at once, so a string is borrowed.
fn path_arg(ident: &proc_macro2::Ident, ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(#ident: impl ::std::convert::AsRef<str>),
        other => {
            let ty = rust_type(other, models);
            quote!(#ident: #ty)
        }
    }
}

fn arg(ident: &proc_macro2::Ident, ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(#ident: impl ::std::convert::Into<::std::string::String>),
        Type::Array(inner) => {
            let inner = rust_type(inner, models);
            quote!(#ident: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#inner>>)
        }
        other => {
            let ty = rust_type(other, models);
            quote!(#ident: #ty)
        }
    }
}

fn init_required(ident: &proc_macro2::Ident, p: &ir::Param) -> TokenStream {
    match (&p.ty, p.secret) {
        (Type::String, true) => {
            let secret = runtime::secret();
            quote!(#ident: #secret::from(#ident))
        }
        (Type::String, false) => quote!(#ident: #ident.into()),
        (Type::Array(_), _) => quote!(#ident: #ident.into_iter().map(::std::convert::Into::into).collect()),
        _ => quote!(#ident),
    }
}

/// The field type that holds a parameter in the request builder.
fn field_type(p: &ir::Param, models: &TokenStream) -> TokenStream {
    let ty = if p.secret { runtime::secret() } else { rust_type(&p.ty, models) };
    if p.required { ty } else { quote!(::std::option::Option<#ty>) }
}

/// The request builder of `op`: the started request, the query and header parameters and the
/// body; setters, `send` (a plain function returning the runtime's `Pending`) and `IntoFuture`.
pub fn request_builder(api: &ir::Api, op: &ir::Operation) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let models = format_ident!("{}", reserved::MODELS);
    let models = quote!(super::#models::);
    let fields = op.params.iter().filter(|p| p.location != Location::Path).map(|p| {
        let ident = format_ident!("{}", p.rust_name);
        let ty = field_type(p, &models);
        quote!(pub(super) #ident: #ty,)
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = rust_type(&b.ty, &models);
        let ident = format_ident!("{}", b.rust_name);
        if b.required {
            quote!(pub(super) #ident: #ty,)
        } else {
            quote!(pub(super) #ident: ::std::option::Option<#ty>,)
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| body_setter(b, &models));
    let setters = op.params.iter().filter(|p| !p.required).map(|p| setter(p, &models)).chain(body_setter);
    let output = match &op.response {
        ir::Response::Empty => quote!(()),
        ir::Response::Json(ty) => rust_type(ty, &models),
        ir::Response::Text => quote!(::std::string::String),
    };
    let send = send_fn(op, &output);
    let paging = op.pagination.as_ref().map(|p| paging_fns(op, p, &output, &models));
    let waiter = op.waiter.as_ref().map(|w| waiter_fn(op, w, &output));
    let doc = docs::outer(&format!(
        "{}\n\nThe request of [`Client::{method}`](super::Client::{method}): set optional parameters \
         with its methods, then `.await` it (or call [`send`](Self::send)).",
        docs::prose(&op.summary),
        method = op.method_name
    ));
    let request = runtime::request();
    let shared = runtime::request_builder_macro(&quote!(#builder), &output);
    let cfg = super::group_cfg(api, &[op.group]);
    quote! {
        #doc
        #cfg
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent: `.await` it or call `.send()`"]
        pub struct #builder {
            pub(super) request: #request,
            #(#fields)*
            #body_field
        }

        #cfg
        impl #builder {
            #(#setters)*

            #send

            #paging

            #waiter
        }

        #cfg
        #shared
    }
}

fn setter(p: &ir::Param, models: &TokenStream) -> TokenStream {
    let ident = format_ident!("{}", p.rust_name);
    let (arg, value) = match (&p.ty, p.secret) {
        (Type::String, true) => (quote!(impl ::std::convert::Into<::std::string::String>), {
            let secret = runtime::secret();
            quote!(#secret::from(value))
        }),
        (Type::String, false) => (quote!(impl ::std::convert::Into<::std::string::String>), quote!(value.into())),
        // Any list of anything that converts: `["a", "b"]`, a `Vec<String>`, an iterator.
        (Type::Array(inner), _) => {
            let inner = rust_type(inner, models);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#inner>>),
                quote!(value.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        (ty, _) => (rust_type(ty, models), quote!(value)),
    };
    let doc = docs::outer(&param_doc(p));
    quote! {
        #doc
        #[inline]
        pub fn #ident(mut self, value: #arg) -> Self {
            self.#ident = ::std::option::Option::Some(#value);
            self
        }
    }
}

/// The setter of an optional request body, named as the page names the body.
fn body_setter(b: &ir::Body, models: &TokenStream) -> TokenStream {
    let ident = format_ident!("{}", b.rust_name);
    let ty = rust_type(&b.ty, models);
    let doc = docs::outer(&format!(
        "{}\n\nThe request body, {} (optional: without it, no body is sent).",
        body_description(b),
        describe(&b.ty)
    ));
    quote! {
        #doc
        #[inline]
        pub fn #ident(mut self, value: #ty) -> Self {
            self.#ident = ::std::option::Option::Some(value);
            self
        }
    }
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

fn send_fn(op: &ir::Operation, output: &TokenStream) -> TokenStream {
    let steps = op.params.iter().filter(|p| p.location != Location::Path).map(|p| {
        let ident = format_ident!("{}", p.rust_name);
        let wire = &p.wire_name;
        let value =
            if p.required { quote!(::std::option::Option::Some(&self.#ident)) } else { quote!(self.#ident.as_ref()) };
        match (p.location, p.collection_format) {
            (Location::Query, Some(ir::CollectionFormat::Csv)) => quote!(request.query_csv(#wire, #value);),
            (Location::Query, _) => quote!(request.query(#wire, #value);),
            _ => quote!(request.header(#wire, #value);),
        }
    });
    let body = op.body.as_ref().map(|b| {
        let ident = format_ident!("{}", b.rust_name);
        if b.required {
            quote!(request.json(&self.#ident);)
        } else {
            quote! {
                if let ::std::option::Option::Some(body) = &self.#ident {
                    request.json(body);
                }
            }
        }
    });
    let finish = match op.response {
        ir::Response::Empty => quote!(send_empty()),
        ir::Response::Json(_) => quote!(send_json()),
        ir::Response::Text => quote!(send_text()),
    };
    let returns = match &op.response {
        ir::Response::Empty => "`()` on success (the operation documents no response body)".to_owned(),
        ir::Response::Json(ty) => format!("the decoded {} on success", describe(ty)),
        ir::Response::Text => "the body's text on success (`text/plain`)".to_owned(),
    };
    let steps: Vec<TokenStream> = steps.chain(body).collect();
    let body = if steps.is_empty() {
        quote!(self.request.#finish)
    } else {
        quote! {
            let mut request = self.request;
            #(#steps)*
            request.#finish
        }
    };
    let doc = docs::outer(&format!(
        "Sends the request when the returned future is awaited (as `.await` on the builder \
         does); it gives {returns}.\n\n# Errors\n[`Error`]({krate}::Error): `Api` for a status \
         outside 2xx, with the vendor's error body; `Decode` for a 2xx body that does not \
         match; `Transport`, `Auth`; `InvalidRequest` (nothing sent) for a value that cannot be \
         sent.",
        krate = runtime::DOC_CRATE
    ));
    let pending = runtime::pending(output);
    quote! {
        #doc
        #[inline]
        pub fn send(self) -> #pending {
            #body
        }
    }
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
