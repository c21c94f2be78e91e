//! `#[derive(FlyteType)]` and `#[derive(FlyteInputs)]` for flyte-types.
//!
//! Use them through `flyte_types::engine`, where they are documented with their attributes
//! (the `flyte_types::engine::FlyteType` derive macro). Every `#[serde(...)]` attribute on the
//! item is either honoured as serde honours it or refused at compile time (`attrs`), so a type
//! that derives both never gets other bytes from one than from the other in silence.
//!
//! Errors are reported at the offending span, all of them, as `compile_error!`s.

mod attrs;
mod enums;
mod inputs;
mod named_tuple;
mod structs;
mod transparent;

use attrs::{Container, Item};
use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{Data, DeriveInput, Fields, parse_macro_input, spanned::Spanned};

/// Derives `flyte_types::engine::FlyteType` (and `StructField`, so the type can nest).
/// Documented, with its attributes, at its re-export `flyte_types::engine::FlyteType`.
#[proc_macro_derive(FlyteType, attributes(flyte, serde))]
pub fn derive_flyte_type(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_type(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Derives `flyte_types::engine::FlyteInputs`: each field is one task input (or output).
/// Documented at its re-export `flyte_types::engine::FlyteInputs`.
#[proc_macro_derive(FlyteInputs, attributes(flyte, serde))]
pub fn derive_flyte_inputs(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    inputs::expand(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Collects every error instead of stopping at the first (serde's `Ctxt` idea).
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }
    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// The path of the `flyte_types` crate in generated code: `#[flyte(crate = path)]`, else
/// `::flyte_types`.
fn krate(container: &Container) -> Tokens {
    match &container.krate {
        Some(path) => quote!(#path),
        None => quote!(::flyte_types),
    }
}

fn expand_type(input: &DeriveInput) -> syn::Result<Tokens> {
    let mut errors = Errors::default();
    let item = match &input.data {
        Data::Enum(e) if e.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) => {
            Item::UnitEnum
        }
        Data::Enum(_) => Item::UnionEnum,
        _ => Item::Struct,
    };
    if let Some(lt) = input.generics.lifetimes().next() {
        errors.push(syn::Error::new(
            lt.span(),
            "FlyteType reads owned values: a type with a lifetime cannot be derived",
        ));
    } else if item == Item::UnitEnum && !input.generics.params.is_empty() {
        errors.push(syn::Error::new(
            input.generics.span(),
            "an enum of unit variants cannot be generic",
        ));
    }
    let container = attrs::container_attrs(&input.attrs, item, &mut errors);
    let out = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                transparent::expand(input, &container, &f.unnamed[0])
            }
            Fields::Named(f) if container.transparent && f.named.len() == 1 => {
                transparent::expand(input, &container, &f.named[0])
            }
            Fields::Named(_) if container.transparent => {
                errors.push(syn::Error::new(
                    input.ident.span(),
                    "#[serde(transparent)] needs exactly one field",
                ));
                Tokens::new()
            }
            Fields::Named(named) => structs::expand(input, &container, named, &mut errors),
            _ => {
                errors.push(syn::Error::new(
                    input.ident.span(),
                    "FlyteType needs named fields (a dataclass) or one unnamed field (a newtype)",
                ));
                Tokens::new()
            }
        },
        Data::Enum(e) if item == Item::UnitEnum => {
            enums::expand_unit(input, &container, e, &mut errors)
        }
        Data::Enum(e) => enums::expand_union(input, &container, e, &mut errors),
        Data::Union(_) => {
            errors.push(syn::Error::new(
                input.ident.span(),
                "FlyteType cannot be derived for unions",
            ));
            Tokens::new()
        }
    };
    errors.finish()?;
    Ok(out)
}

/// The item's generics with `ty: bound` added for each of `tys` (the field types) when the
/// item has type parameters (serde's approach: bounds on what the fields need).
fn bounded(generics: &syn::Generics, tys: &[syn::Type], bound: Tokens) -> syn::Generics {
    let mut g = generics.clone();
    if g.type_params().next().is_some() {
        let wc = g.make_where_clause();
        for ty in tys {
            wc.predicates.push(syn::parse_quote!(#ty: #bound));
        }
    }
    g
}

/// A field's name as written by default: the identifier without `r#`.
fn field_name(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_string()
}
