//! `#[derive(FlyteInputs)]`: each field of a struct is one task input (or output).

use crate::attrs::{self, Item};
use crate::{Errors, field_name, krate};
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{Data, DeriveInput, Fields, Type};

pub fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let mut errors = Errors::default();
    let container = attrs::container_attrs(&input.attrs, Item::Inputs, &mut errors);
    let k = krate(&container);
    let p = quote!(#k::__private);
    let ident = &input.ident;
    let Data::Struct(syn::DataStruct {
        fields: Fields::Named(named),
        ..
    }) = &input.data
    else {
        errors.push(syn::Error::new(
            input.ident.span(),
            "FlyteInputs needs a struct with named fields",
        ));
        errors.finish()?;
        return Ok(Tokens::new());
    };
    let infos: Vec<(&syn::Ident, &Type, String)> = named
        .named
        .iter()
        .map(|f| {
            let id = f.ident.as_ref().expect("named field");
            let attrs = attrs::field_attrs(&f.attrs, Item::Inputs, &mut errors);
            let wire = attrs.rename.unwrap_or_else(|| {
                let name = field_name(id);
                container
                    .rename_all
                    .map_or(name.clone(), |r| r.apply_to_field(&name))
            });
            (id, &f.ty, wire)
        })
        .collect();
    errors.finish()?;
    let names: Vec<&String> = infos.iter().map(|(_, _, w)| w).collect();
    let ids: Vec<&syn::Ident> = infos.iter().map(|(i, _, _)| *i).collect();
    let tys: Vec<&Type> = infos.iter().map(|(_, t, _)| *t).collect();
    Ok(quote! {
        impl #k::engine::FlyteInputs for #ident {
            fn variables() -> ::std::vec::Vec<(&'static str, #k::idl::core::LiteralType)> {
                vec![#((#names, <#tys as #k::engine::FlyteType>::literal_type())),*]
            }
            fn to_named_literals(&self) -> ::std::result::Result<::std::vec::Vec<(String, #k::idl::core::Literal)>, #k::Error> {
                Ok(vec![#((
                    #names.to_string(),
                    #k::engine::FlyteType::to_literal(&self.#ids).map_err(|e| #p::with_key(e, #names))?,
                )),*])
            }
            fn from_named_literals(literals: &[(String, #k::idl::core::Literal)]) -> ::std::result::Result<Self, #k::Error> {
                #p::check_known(literals, &[#(#names),*])?;
                Ok(Self { #(#ids: #p::named_input::<#tys>(literals, #names)?),* })
            }
        }
    })
}
