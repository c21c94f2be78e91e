//! Newtypes (`struct OrderId(i64)`, or one named field with `#[serde(transparent)]`): the
//! field's Flyte type and bytes, as serde's `transparent` gives the field's serialization.

use crate::attrs::Container;
use crate::krate;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{DeriveInput, Member};

pub fn expand(input: &DeriveInput, container: &Container, field: &syn::Field) -> Tokens {
    let k = krate(container);
    let ident = &input.ident;
    let ty = &field.ty;
    let member = field
        .ident
        .clone()
        .map_or_else(|| Member::Unnamed(0.into()), Member::Named);
    let generics = crate::bounded(
        &input.generics,
        std::slice::from_ref(ty),
        quote!(#k::engine::FlyteType + #k::engine::StructField),
    );
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    let d = quote!(#k::__private);
    let p = quote!(#k::__private);
    let err = quote!(#k::Error);
    let ft = quote!(<#ty as #k::engine::FlyteType>);
    let sf = quote!(<#ty as #k::engine::StructField>);
    let wrap = quote!(|v| Self { #member: v });
    quote! {
        impl #impl_g #k::engine::FlyteType for #ident #ty_g #where_c {
            fn literal_type() -> #k::idl::core::LiteralType {
                #ft::literal_type()
            }
            fn write_literal<__S: #p::LiteralSink>(&self, s: &mut __S) -> ::std::result::Result<(), #err> {
                #ft::write_literal(&self.#member, s)
            }
            fn write_literal_list<'__a, __S: #p::LiteralSink, __I>(items: __I, s: &mut __S) -> ::std::result::Result<(), #err>
            where
                Self: '__a,
                __I: ::std::iter::ExactSizeIterator<Item = &'__a Self>,
            {
                #ft::write_literal_list(items.map(|v| &v.#member), s)
            }
            fn read_literal<'__a, __R: #p::LiteralSource<'__a>>(r: __R) -> ::std::result::Result<Self, #err> {
                #ft::read_literal(r).map(#wrap)
            }
            fn union_tag() -> &'static str {
                #ft::union_tag()
            }
        }

        impl #impl_g #k::engine::StructField for #ident #ty_g #where_c {
            fn schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                #sf::schema(sg)
            }
            fn write<__S: #d::MsgSink>(&self, style: #k::engine::StructStyle, w: &mut __S) -> ::std::result::Result<(), #err> {
                #sf::write(&self.#member, style, w)
            }
            fn read(r: &mut #d::MsgReader<'_>) -> ::std::result::Result<Self, #err> {
                #sf::read(r).map(#wrap)
            }
        }
    }
}
