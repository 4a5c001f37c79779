//! IR -> syntax trees: one function per kind of item. Each succeeds for a valid IR; the only
//! error is a generator bug (tokens that do not parse, a template that changed shape).
//!
//! Generated code is thin glue over the hand-written runtime crate (every path into it is in
//! `runtime.rs`) and uses absolute paths for everything else, so no documented name can
//! shadow what it means.
//!
//! Every function generated per operation or per model (a `Client` method, a request
//! builder's setters and `send`, an enum's conversions) is `#[inline]`. In a debug build
//! rustc then compiles it in the crate that calls it, not in `apis`: a consumer's build pays
//! for the operations it calls (and the serde code of their bodies), not for the whole API's.

pub(crate) mod docs;
mod models;
mod operations;
mod runtime;
mod syntax;
mod types;
mod wire;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir;
use crate::reserved;

/// `#[cfg(feature = ..)]` for an item that only `groups` need, or nothing when the API has one
/// group (its module is behind that feature already) or every group needs it. Built as an
/// attribute (a list of tokens), not parsed: there is one for nearly every item of a vendor
/// with many groups.
pub(crate) fn group_cfg(api: &ir::Api, groups: &[usize]) -> Option<syn::Attribute> {
    if api.groups.len() <= 1 || groups.len() == api.groups.len() {
        return None;
    }
    let features: Vec<&str> = groups.iter().filter_map(|g| api.groups.get(*g)).map(|g| g.feature.as_str()).collect();
    Some(syntax::list_attr(
        "cfg",
        match features.as_slice() {
            [one] => quote!(feature = #one),
            many => quote!(any(#(feature = #many),*)),
        },
    ))
}

/// [`group_cfg`] of a model, by its reach.
pub(crate) fn model_cfg(api: &ir::Api, reach: &ir::Reach) -> Option<syn::Attribute> {
    match reach {
        ir::Reach::All => None,
        ir::Reach::Groups(groups) => group_cfg(api, groups),
    }
}

/// An identifier from one of `reserved`'s names (the items every generated module defines).
fn reserved_ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{}", name)
}

/// The whole module of one API, in one token stream (what `format::format_api` prints in
/// parts must equal this printed whole).
#[cfg(test)]
pub fn api_module(api: &ir::Api) -> TokenStream {
    // Test-only: a generator bug here fails the test that prints in parts against this.
    let head = head(api).expect("the head's tokens parse");
    let requests = requests_module(api, 0..api.operations.len()).expect("the requests' tokens parse");
    let models = models::models_module(api, 0..api.models.len()).expect("the models' tokens parse");
    quote!(#head #requests #models)
}

/// The module's doc and its top-level items: everything before `requests` and `models`.
/// Parsed from tokens but for the client's methods, one per operation, which are built as
/// syntax and put in `impl Client` (the one with `builder`).
///
/// # Errors
/// Tokens that do not parse (a generator bug).
pub fn head(api: &ir::Api) -> Result<syn::File, String> {
    let module_doc = docs::inner(&module_doc(api));
    let client = client(api);
    let scopes = scope_enum(api);
    let servers = servers_enum(api);
    let setters = builder_setters(api);
    let mut file: syn::File = syn::parse2(quote! {
        #module_doc
        #client
        #scopes
        #servers
        #setters
    })
    .map_err(|e| e.to_string())?;
    let methods = file.items.iter_mut().find_map(|item| match item {
        syn::Item::Impl(imp)
            if imp.trait_.is_none()
                && imp.items.iter().any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "builder")) =>
        {
            Some(&mut imp.items)
        }
        _ => None,
    });
    let methods = methods.ok_or("the client has no `impl Client` with `builder`")?;
    for op in &api.operations {
        methods.push(operations::client_method(api, op)?);
    }
    Ok(file)
}

/// The `requests` module with the builders of `operations` only (a part, when the module
/// is formatted in parts).
///
/// # Errors
/// Tokens that do not parse (a generator bug).
pub fn requests_module(api: &ir::Api, operations: std::ops::Range<usize>) -> Result<syn::Item, String> {
    let mut items = Vec::new();
    for op in &api.operations[operations] {
        items.extend(operations::request_builder(api, op)?);
    }
    let doc = syntax::doc_attrs("Request builders, one per operation: set optional parameters, then `.await` them.");
    Ok(syntax::module(doc, reserved::REQUESTS, items))
}

pub use models::models_module;

fn module_doc(api: &ir::Api) -> String {
    let name = api.name.as_ref().map(|n| format!(": {n}")).unwrap_or_default();
    let mut out = vec![format!("{}{name} ({}).", api.title, api.version)];
    if let Some(description) = &api.description {
        out.push(docs::prose(description));
    }
    out.push(format!(
        "Call it through [`Client`]; the documented types are in [`models`]. Default base URL: <{}>.",
        api.base_url
    ));
    let sources: Vec<String> = api.sources.iter().map(|s| format!("- {}", source_line(s))).collect();
    if !sources.is_empty() {
        out.push(format!("Transcribed from:\n\n{}", sources.join("\n")));
    }
    // A vendor's groups: each a Cargo feature, with where it was transcribed from.
    if api.groups.iter().any(|g| !g.sources.is_empty()) {
        let mut groups = String::from("Its groups, each behind a Cargo feature:");
        for group in &api.groups {
            let name = group.name.as_deref().unwrap_or(&group.stem);
            groups.push_str(&format!("\n\n- **{}** (feature `{}`)", docs::prose(name), group.feature));
            if let Some(description) = &group.description {
                groups.push_str(&format!(": {}", docs::prose(description).replace('\n', " ")));
            }
            for source in &group.sources {
                groups.push_str(&format!("\n  - {}", source_line(source)));
            }
        }
        out.push(groups);
    }
    out.push(format!("Generated from `{}` by `cargo xtask codegen`.", api.spec_path));
    out.join("\n\n")
}

/// One source, as a list item's text: the seed, the URL, the note.
fn source_line(s: &ir::Source) -> String {
    let parts: Vec<String> = [
        s.seed.as_ref().map(|seed| format!("seed `{seed}`")),
        s.url.as_ref().map(|url| format!("<{url}>")),
        s.note.as_ref().map(|note| docs::prose(note).replace('\n', " ")),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.join(", ")
}

fn client(api: &ir::Api) -> TokenStream {
    let module = &api.module;
    let base_url = &api.base_url;
    let parse_error = match &api.error {
        Some(error) => {
            let model = format_ident!("{}", error.model);
            let parse = runtime::parse_error_model();
            let models = reserved_ident(reserved::MODELS);
            quote!(::std::option::Option::Some(#parse::<#models::#model>))
        }
        None => quote!(::std::option::Option::None),
    };
    let auth = match (api.bearer, &api.client_credentials) {
        (true, Some(_)) => {
            "It authenticates with OAuth 2.0 bearer tokens: give the builder a client id and \
             secret with `client_credentials` (tokens are then fetched and renewed for you), a \
             `token_source`, or a `bearer_token`."
        }
        (true, None) => {
            "It authenticates with an OAuth 2.0 bearer token: set one with `bearer_token` or a `token_source`."
        }
        (false, _) => "The documentation names no authentication scheme.",
    };
    let client_doc = docs::outer(&format!(
        "A client for the {}{}.\n\nBuild one with [`Client::builder`]. It is cheap to clone (one \
         `Arc`) and can be shared between tasks; its `Debug` output never shows a secret. {auth}",
        api.title,
        api.name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
    ));
    let token_endpoint = runtime::token_endpoint();
    let client_credentials = match &api.client_credentials {
        Some(grant) => {
            let url = option_str(grant.token_url.as_deref());
            let default_server_url = option_str(grant.default_server_token_url.as_deref());
            let in_body = grant.credentials_in_body;
            quote! {
                ::std::option::Option::Some(#token_endpoint {
                    url: #url,
                    default_server_url: #default_server_url,
                    credentials_in_body: #in_body,
                })
            }
        }
        None => quote!(::std::option::Option::None),
    };
    let (core, api_info, api_trait, inner) =
        (runtime::core(), runtime::api_info(), runtime::api_trait(), runtime::client_builder());
    let (client, builder, info) = (
        reserved_ident(reserved::CLIENT),
        reserved_ident(reserved::CLIENT_BUILDER),
        reserved_ident(reserved::API_INFO),
    );
    let shared_setters = runtime::client_builder_macro(&quote!(#builder), &quote!(#client));
    quote! {
        #client_doc
        #[derive(Clone)]
        pub struct #client {
            core: #core,
        }

        /// Shows the API, the base URL and whether a token is set, never the token.
        impl ::std::fmt::Debug for #client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.core, f)
            }
        }

        /// Configures a [`Client`]: base URL or documented server, credentials, timeouts,
        /// retries, headers, the HTTP client. Every setting is optional: with none, the client
        /// calls the vendor's documented base URL without credentials.
        #[must_use = "a builder does nothing until you call `.build()`"]
        pub struct #builder {
            inner: #inner<#client>,
        }

        #shared_setters

        const #info: #api_info = #api_info {
            name: #module,
            default_base_url: #base_url,
            parse_error: #parse_error,
            client_credentials: #client_credentials,
        };

        impl #api_trait for #client {
            const INFO: &'static #api_info = &#info;

            fn from_core(core: #core) -> Self {
                #client { core }
            }
        }

        impl #client {
            /// Starts configuring a client. Without further settings it calls the vendor's
            /// documented base URL without credentials.
            pub fn builder() -> #builder {
                #builder { inner: #inner::new() }
            }
        }
    }
}

/// The API's own `ClientBuilder` setters, in one `impl`: the documented server, the API key,
/// client credentials and their token endpoint, as far as the spec documents them.
fn builder_setters(api: &ir::Api) -> Option<TokenStream> {
    let server = server_setter(api);
    let api_key = api_key_setter(api);
    let client_credentials = client_credentials_setters(api);
    if server.is_none() && api_key.is_none() && client_credentials.is_none() {
        return None;
    }
    let builder = reserved_ident(reserved::CLIENT_BUILDER);
    Some(quote! {
        impl #builder {
            #server
            #api_key
            #client_credentials
        }
    })
}

fn scope_enum(api: &ir::Api) -> Option<TokenStream> {
    if api.scopes.is_empty() {
        return None;
    }
    let scope = reserved_ident(reserved::SCOPE);
    let variants = api.scopes.iter().map(|s| {
        let ident = format_ident!("{}", s.rust_name);
        let doc = docs::outer(&match &s.description {
            Some(d) => format!("{}\n\n{}", docs::code(&s.url), docs::prose(d)),
            None => docs::code(&s.url),
        });
        quote!(#doc #ident,)
    });
    let all = api.scopes.iter().map(|s| format_ident!("{}", s.rust_name));
    let urls = api.scopes.iter().map(|s| {
        let ident = format_ident!("{}", s.rust_name);
        let url = &s.url;
        quote!(#scope::#ident => #url,)
    });
    Some(quote! {
        /// The OAuth 2.0 scopes the API documents. Request the ones your calls need when you
        /// obtain a token; each method's documentation lists the scopes it accepts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #scope {
            #(#variants)*
        }

        impl #scope {
            /// Every documented scope, in the documentation's order.
            pub const ALL: &[#scope] = &[#(#scope::#all),*];

            /// The scope as sent to the authorization server (its URL).
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }
        }

        impl ::std::fmt::Display for #scope {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    })
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

/// `client_credentials(id, secret)` and `token_url(url)`, where the spec documents the grant.
fn client_credentials_setters(api: &ir::Api) -> Option<TokenStream> {
    let grant = api.client_credentials.as_ref()?;
    let servers = api.servers.as_ref().filter(|s| s.values.iter().all(|v| v.token_url.is_some()));
    let mut sources = Vec::new();
    if let Some(servers) = servers {
        sources.push(format!(
            "the token endpoint of the server picked with [`{setter}`](ClientBuilder::{setter}) \
             (the default base URL's when none is picked: <{}>)",
            grant.default_server_token_url.as_deref().unwrap_or_default(),
            setter = servers.setter,
        ));
    }
    match grant.token_url.as_deref() {
        Some(path) if path.starts_with('/') => sources.push(format!("{} under the base URL", docs::code(path))),
        Some(url) => sources.push(format!("<{url}>")),
        None => {
            sources.push("with a base URL set by hand, the one set with `token_url` (`build` fails without it)".into())
        }
    }
    let how = if grant.credentials_in_body {
        "as the form fields `client_id` and `client_secret`"
    } else {
        "with HTTP Basic auth"
    };
    let doc = docs::outer(&format!(
        "Authenticates with the OAuth 2.0 client-credentials grant: the client sends its id and \
         secret {how} to the token endpoint, and uses the tokens it gets as bearer \
         tokens. Tokens are cached, renewed shortly before they expire, fetched once for any \
         number of waiting calls, and replaced once when the API answers 401.\n\n\
         The token endpoint is, in order: one set with `token_url`; {}. Replaces a \
         `bearer_token` or `token_source`. For scopes or a custom grant, give \
         [`ClientCredentials`]({krate}::ClientCredentials) to `token_source` instead.",
        sources.join("; "),
        krate = runtime::DOC_CRATE,
    ));
    let error = runtime::error();
    let token_url_doc = docs::outer(&format!(
        "Gets `client_credentials` tokens from `url` instead of the documented token endpoint (a \
         test server, a proxy).\n\n# Errors\n[`Error::Config`]({}::Error::Config) when `url` is not \
         an absolute `http` or `https` URL.",
        runtime::DOC_CRATE
    ));
    Some(quote! {
        #doc
        pub fn client_credentials(
            self,
            client_id: impl ::std::convert::Into<::std::string::String>,
            client_secret: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            Self { inner: self.inner.documented_client_credentials(client_id.into(), client_secret.into()) }
        }

        #token_url_doc
        pub fn token_url(self, url: impl ::std::convert::AsRef<str>) -> ::std::result::Result<Self, #error> {
            ::std::result::Result::Ok(Self { inner: self.inner.documented_token_url(url.as_ref())? })
        }
    })
}

fn api_key_setter(api: &ir::Api) -> Option<TokenStream> {
    let (location, name) = api.api_key.as_ref()?;
    let (place, header) = match location {
        ir::Location::Header => ("header", true),
        _ => ("query parameter", false),
    };
    let doc = docs::outer(&format!(
        "Sends an API key with every call, as the {} {place} (an alternative to a bearer \
         token). A call that sets the parameter itself sends its own value instead. The key \
         never appears in `Debug` output or errors.",
        docs::code(name)
    ));
    Some(quote! {
        #doc
        pub fn api_key(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self { inner: self.inner.documented_api_key(#name, #header, key) }
        }
    })
}

fn servers_enum(api: &ir::Api) -> Option<TokenStream> {
    let servers = api.servers.as_ref()?;
    let name = format_ident!("{}", servers.enum_name);
    let variants = servers.values.iter().map(|s| {
        let ident = format_ident!("{}", s.rust_name);
        let doc = docs::outer(&match &s.description {
            Some(d) => format!("{}: <{}>", docs::prose(d), s.url),
            None => format!("{}: <{}>", docs::code(&s.name), s.url),
        });
        quote!(#doc #ident,)
    });
    let all = servers.values.iter().map(|s| format_ident!("{}", s.rust_name));
    let urls = servers.values.iter().map(|s| {
        let ident = format_ident!("{}", s.rust_name);
        let url = &s.url;
        quote!(Self::#ident => #url,)
    });
    let names = servers.values.iter().map(|s| {
        let ident = format_ident!("{}", s.rust_name);
        let n = &s.name;
        quote!(Self::#ident => #n,)
    });
    let token_urls = servers.values.iter().all(|s| s.token_url.is_some()).then(|| {
        let arms = servers.values.iter().map(|s| {
            let ident = format_ident!("{}", s.rust_name);
            let url = s.token_url.as_deref().unwrap_or_default();
            quote!(Self::#ident => #url,)
        });
        quote! {
            /// The OAuth 2.0 token endpoint that goes with this base URL (the builder's
            /// `client_credentials` uses it when this server is picked).
            pub fn token_url(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    });
    let enum_doc = docs::outer(&format!(
        "The documented base URLs of the {}; pick one with [`ClientBuilder::{}`](ClientBuilder::{}).",
        api.title, servers.setter, servers.setter
    ));
    Some(quote! {
        #enum_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// Every documented value, in the documentation's order.
            pub const ALL: &[#name] = &[#(Self::#all),*];

            /// The base URL.
            pub fn base_url(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }

            /// The name the documentation uses.
            pub fn name(self) -> &'static str {
                match self {
                    #(#names)*
                }
            }

            #token_urls
        }
    })
}

/// The servers enum's setter on `ClientBuilder` (`region(Region::EuWest1)`).
fn server_setter(api: &ir::Api) -> Option<TokenStream> {
    let servers = api.servers.as_ref()?;
    let name = format_ident!("{}", servers.enum_name);
    let setter = format_ident!("{}", servers.setter);
    let with_token = servers.values.iter().all(|s| s.token_url.is_some());
    let (doc, token_url) = if with_token {
        (
            format!(
                "Calls the base URL of `{0}`, and gets `client_credentials` tokens from its token endpoint (see [`{1}`]).",
                servers.setter, servers.enum_name
            ),
            quote!(::std::option::Option::Some(#setter.token_url())),
        )
    } else {
        (
            format!("Calls the base URL of `{}` (see [`{}`]).", servers.setter, servers.enum_name),
            quote!(::std::option::Option::None),
        )
    };
    let doc = docs::outer(&doc);
    Some(quote! {
        #doc
        pub fn #setter(self, #setter: #name) -> Self {
            Self { inner: self.inner.documented_server(#setter.base_url(), #token_url) }
        }
    })
}
