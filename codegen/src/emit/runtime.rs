//! Every path into the runtime crate (`apis-runtime`) that generated code names, written once:
//! the public types at its root, everything else through its one `#[doc(hidden)]` module,
//! `internal`. Absolute (`::apis_runtime`), so generated modules build in any crate that
//! depends on the runtime (`apis`, the fixture crate, the compile test's scratch crates).

use proc_macro2::TokenStream;
use quote::quote;

/// The runtime crate, as generated code names it.
fn krate() -> TokenStream {
    quote!(::apis_runtime)
}

/// `::apis_runtime::internal`, where everything but the public types is.
fn internal() -> TokenStream {
    let krate = krate();
    quote!(#krate::internal)
}

/// The runtime's crate name in intra-doc links (`[`Error`](apis_runtime::Error)`).
pub const DOC_CRATE: &str = "apis_runtime";

/// `::apis_runtime::internal::Request`, as a type.
pub fn request_type() -> syn::Type {
    super::syntax::path_type(true, &[DOC_CRATE, "internal", "Request"], Vec::new())
}

/// `::apis_runtime::internal::Secret`, as a type.
pub fn secret_type() -> syn::Type {
    super::syntax::path_type(true, &[DOC_CRATE, "internal", "Secret"], Vec::new())
}

/// `::apis_runtime::internal::Secret::from`, as an expression.
pub fn secret_from() -> syn::Expr {
    super::syntax::global_path_expr(&[DOC_CRATE, "internal", "Secret", "from"])
}

/// `::apis_runtime::Pending<output>`, as a type.
pub fn pending_type(output: syn::Type) -> syn::Type {
    super::syntax::path_type(true, &[DOC_CRATE, "Pending"], vec![output])
}

/// `::apis_runtime::internal::request_builder`, the path of the macro.
pub fn request_builder_macro_path() -> syn::Path {
    super::syntax::path(true, &[DOC_CRATE, "internal", "request_builder"], Vec::new())
}

/// `::apis_runtime::Error`.
pub fn error() -> TokenStream {
    let krate = krate();
    quote!(#krate::Error)
}

/// `::apis_runtime::internal::Core`.
pub fn core() -> TokenStream {
    let internal = internal();
    quote!(#internal::Core)
}

/// `::apis_runtime::internal::Operation`.
pub fn operation() -> TokenStream {
    let internal = internal();
    quote!(#internal::Operation)
}

/// `::apis_runtime::internal::Method`.
pub fn method() -> TokenStream {
    let internal = internal();
    quote!(#internal::Method)
}

/// `::apis_runtime::internal::ApiInfo`.
pub fn api_info() -> TokenStream {
    let internal = internal();
    quote!(#internal::ApiInfo)
}

/// `::apis_runtime::internal::Api`, the trait a generated `Client` implements.
pub fn api_trait() -> TokenStream {
    let internal = internal();
    quote!(#internal::Api)
}

/// `::apis_runtime::internal::TokenEndpoint`.
pub fn token_endpoint() -> TokenStream {
    let internal = internal();
    quote!(#internal::TokenEndpoint)
}

/// `::apis_runtime::internal::ClientBuilder`, which a generated `ClientBuilder` wraps.
pub fn client_builder() -> TokenStream {
    let internal = internal();
    quote!(#internal::ClientBuilder)
}

/// `::apis_runtime::internal::ParamValue`, which generated enums implement.
pub fn param_value() -> TokenStream {
    let internal = internal();
    quote!(#internal::ParamValue)
}

/// `::apis_runtime::ErrorModel`, which the vendor's error model implements.
pub fn error_model() -> TokenStream {
    let krate = krate();
    quote!(#krate::ErrorModel)
}

/// `::apis_runtime::internal::parse_error_model`.
pub fn parse_error_model() -> TokenStream {
    let internal = internal();
    quote!(#internal::parse_error_model)
}

/// `::apis_runtime::internal::DecodeStruct`, which each object model implements.
pub fn decode_struct_trait() -> TokenStream {
    let internal = internal();
    quote!(#internal::DecodeStruct)
}

/// `::apis_runtime::internal::Fields`, a model's entries being decoded.
pub fn fields() -> TokenStream {
    let internal = internal();
    quote!(#internal::Fields)
}

/// `::apis_runtime::internal::decode_struct`, an object model's `Deserialize`.
pub fn decode_struct() -> TokenStream {
    let internal = internal();
    quote!(#internal::decode_struct)
}

/// `::apis_runtime::internal::encode_struct`, an object model's `Serialize`.
pub fn encode_struct() -> TokenStream {
    let internal = internal();
    quote!(#internal::encode_struct)
}

/// `::apis_runtime::internal::decode_enum`, a string enum's `Deserialize`.
pub fn decode_enum() -> TokenStream {
    let internal = internal();
    quote!(#internal::decode_enum)
}

/// `::apis_runtime::internal::client_builder!(Builder, Client);`: the shared half of a
/// generated `ClientBuilder`.
pub fn client_builder_macro(builder: &TokenStream, client: &TokenStream) -> TokenStream {
    let internal = internal();
    quote!(#internal::client_builder!(#builder, #client);)
}

/// `::apis_runtime::Waiter<P>`.
pub fn waiter(answer: &TokenStream) -> TokenStream {
    let krate = krate();
    quote!(#krate::Waiter<#answer>)
}

/// `::apis_runtime::Waiter`, the type alone (for `Waiter::new`).
pub fn waiter_type() -> TokenStream {
    let krate = krate();
    quote!(#krate::Waiter)
}

/// `::apis_runtime::internal::WaitState`.
pub fn wait_state() -> TokenStream {
    let internal = internal();
    quote!(#internal::WaitState)
}

/// `::apis_runtime::Pages<P>`.
pub fn pages(page: &TokenStream) -> TokenStream {
    let krate = krate();
    quote!(#krate::Pages<#page>)
}

/// `::apis_runtime::Items<T>`.
pub fn items(item: &TokenStream) -> TokenStream {
    let krate = krate();
    quote!(#krate::Items<#item>)
}

/// `::apis_runtime::internal::Paging`, what a paging request builder hands the runtime.
pub fn paging() -> TokenStream {
    let internal = internal();
    quote!(#internal::Paging)
}

/// `::apis_runtime::internal::CursorPaging`, for a listing by cursor.
pub fn cursor_paging() -> TokenStream {
    let internal = internal();
    quote!(#internal::CursorPaging)
}

/// `::apis_runtime::internal::PageInfo`.
pub fn page_info() -> TokenStream {
    let internal = internal();
    quote!(#internal::PageInfo)
}

#[cfg(test)]
mod tests {
    /// The one path that is a string, not tokens, says the same as the tokens do.
    #[test]
    fn the_string_paths_agree_with_the_token_paths() {
        assert_eq!(super::krate().to_string().replace(' ', ""), format!("::{}", super::DOC_CRATE));
    }

    /// The paths built as syntax are the token paths.
    #[test]
    fn the_syntax_paths_agree_with_the_token_paths() {
        use quote::ToTokens;
        let same = |built: &dyn ToTokens, tokens: proc_macro2::TokenStream| {
            assert_eq!(built.to_token_stream().to_string(), tokens.to_string());
        };
        same(&super::request_type(), quote::quote!(::apis_runtime::internal::Request));
        same(&super::secret_type(), quote::quote!(::apis_runtime::internal::Secret));
        same(&super::secret_from(), quote::quote!(::apis_runtime::internal::Secret::from));
        same(&super::pending_type(super::super::syntax::unit()), quote::quote!(::apis_runtime::Pending<()>));
        let builder = super::request_builder_macro_path();
        same(&builder, quote::quote!(::apis_runtime::internal::request_builder));
    }
}
