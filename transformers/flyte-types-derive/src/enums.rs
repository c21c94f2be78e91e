//! Enums: unit variants are a Flyte enum (member names and values as the SDK writes them),
//! one-field variants a union of the variants' types.

use crate::attrs::{self, Container, Item};
use crate::{Errors, krate};
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{DeriveInput, Fields, LitStr, spanned::Spanned};

fn screaming_snake(ident: &str) -> String {
    snake(ident).to_uppercase()
}

fn snake(ident: &str) -> String {
    let mut out = String::new();
    for (i, c) in ident.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

pub fn expand_unit(
    input: &DeriveInput,
    container: &Container,
    e: &syn::DataEnum,
    errors: &mut Errors,
) -> Tokens {
    let k = krate(container);
    let p = quote!(#k::__private);
    let ident = &input.ident;
    let title = container.title.clone().unwrap_or_else(|| ident.to_string());
    let variants: Vec<(&syn::Ident, String, Tokens)> = e
        .variants
        .iter()
        .map(|v| {
            let attrs = attrs::variant_attrs(&v.attrs, Item::UnitEnum, errors);
            let name = attrs
                .name
                .unwrap_or_else(|| screaming_snake(&v.ident.to_string()));
            let value = attrs.value.unwrap_or_else(|| {
                let s = snake(&v.ident.to_string());
                quote!(#s)
            });
            (&v.ident, name, value)
        })
        .collect();
    if container.values_on_wire {
        for (v, _, value) in &variants {
            if syn::parse2::<LitStr>(value.clone()).is_err() {
                errors.push(syn::Error::new(
                    v.span(),
                    "#[flyte(values)] needs string values",
                ));
            }
        }
    }
    let names: Vec<&String> = variants.iter().map(|(_, n, _)| n).collect();
    let values: Vec<&Tokens> = variants.iter().map(|(_, _, v)| v).collect();
    let idents: Vec<&syn::Ident> = variants.iter().map(|(i, _, _)| *i).collect();
    let indices: Vec<usize> = (0..variants.len()).collect();
    let Some(last) = idents.last().copied() else {
        errors.push(syn::Error::new(
            ident.span(),
            "FlyteType needs at least one variant",
        ));
        return Tokens::new();
    };
    // What the top-level enum literal carries: names (Flyte 2) or values (flytekit v1).
    let wire_strings: Vec<Tokens> = if container.values_on_wire {
        values.iter().map(|v| quote!(#v)).collect()
    } else {
        names.iter().map(|n| quote!(#n)).collect()
    };
    // The string values (the default snake_case ones, or `value = "…"`), matched as bytes; an
    // integer value is matched by `enum_from_msg`.
    let str_values: Vec<Option<String>> = values
        .iter()
        .map(|v| syn::parse2::<LitStr>((*v).clone()).ok().map(|l| l.value()))
        .collect();
    let (str_value_indices, str_values_only): (Vec<usize>, Vec<String>) = str_values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.clone().map(|v| (i, v)))
        .unzip();
    // `__flyte_lookup` matches bytes, so the msgpack reader need not check UTF-8 first.
    let byte_lit = |s: &String| syn::LitByteStr::new(s.as_bytes(), Span::call_site());
    let name_bytes: Vec<syn::LitByteStr> = names.iter().map(|n| byte_lit(n)).collect();
    let str_values_only: Vec<syn::LitByteStr> = str_values_only.iter().map(byte_lit).collect();
    let wire_literals: Vec<Tokens> = wire_strings.clone();
    let d = quote!(#k::__private);
    quote! {
        impl #ident {
            const __FLYTE_NAMES: &'static [&'static str] = &[#(#names),*];
            #[doc(hidden)]
            #[allow(unreachable_patterns)]
            fn __flyte_by_name(s: &[u8]) -> ::std::option::Option<usize> {
                match s {
                    #(#name_bytes => Some(#indices),)*
                    _ => None,
                }
            }
            #[doc(hidden)]
            #[allow(unreachable_patterns)]
            fn __flyte_by_value(s: &[u8]) -> ::std::option::Option<usize> {
                match s {
                    #(#str_values_only => Some(#str_value_indices),)*
                    _ => None,
                }
            }
            /// A member name first, then a string value (an enum literal: Flyte 2 names,
            /// flytekit v1 values).
            #[doc(hidden)]
            fn __flyte_lookup(s: &[u8]) -> ::std::option::Option<usize> {
                Self::__flyte_by_name(s).or_else(|| Self::__flyte_by_value(s))
            }
            /// A string member as the struct around it accepts it (`enum_from_msg`'s rule).
            #[doc(hidden)]
            fn __flyte_lookup_in(s: &[u8], enums: #d::EnumWire) -> ::std::option::Option<usize> {
                match enums {
                    #d::EnumWire::Values => Self::__flyte_by_value(s),
                    #d::EnumWire::NamesOrValues => Self::__flyte_lookup(s),
                }
            }
            #[doc(hidden)]
            fn __flyte_values() -> ::std::vec::Vec<#p::__Json> {
                vec![#(#p::__Json::from(#values)),*]
            }
            #[doc(hidden)]
            fn __flyte_index(&self) -> usize {
                match self { #(Self::#idents => #indices),* }
            }
            #[doc(hidden)]
            fn __flyte_variant(index: usize) -> Self {
                // `index` comes from `enum_index`, always in range: the last arm is the last variant.
                match index {
                    #(#indices => Self::#idents,)*
                    _ => Self::#last,
                }
            }
        }

        impl #k::engine::FlyteType for #ident {
            fn literal_type() -> #k::idl::core::LiteralType {
                #k::idl::core::LiteralType {
                    r#type: Some(#k::idl::core::literal_type::Type::EnumType(#k::idl::core::EnumType {
                        values: vec![#(#wire_strings.to_string()),*],
                    })),
                    ..Default::default()
                }
            }
            fn write_literal<__S: #p::LiteralSink>(&self, s: &mut __S) -> ::std::result::Result<(), #k::Error> {
                let wire: &[&str] = &[#(#wire_literals),*];
                s.string(wire[self.__flyte_index()]);
                Ok(())
            }
            fn read_literal<'__a, __R: #p::LiteralSource<'__a>>(r: __R) -> ::std::result::Result<Self, #k::Error> {
                #p::enum_literal_read(r, Self::__flyte_lookup, Self::__FLYTE_NAMES, Self::__flyte_values)
                    .map(Self::__flyte_variant)
            }
            fn union_tag() -> &'static str {
                "DefaultEnumTransformer"
            }
        }

        impl #k::engine::StructField for #ident {
            fn schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                match sg.style() {
                    #k::engine::StructStyle::Dataclass => {
                        let mut obj = #p::__JsonMap::new();
                        obj.insert("enum".into(), #p::__Json::Array(Self::__flyte_values()));
                        #p::__Json::Object(obj)
                    }
                    #k::engine::StructStyle::Pydantic => sg.reference(#title, |_| #p::pydantic_enum_schema(#title, Self::__FLYTE_NAMES, &Self::__flyte_values())),
                }
            }
            fn write<__S: #d::MsgSink>(&self, style: #k::engine::StructStyle, w: &mut __S) -> ::std::result::Result<(), #k::Error> {
                // A dataclass writes the member's value, pydantic (Flyte's transformer) its name.
                match style {
                    #k::engine::StructStyle::Dataclass => match self {
                        #(Self::#idents => #d::EnumValue::write_value(&#values, w),)*
                    },
                    #k::engine::StructStyle::Pydantic => w.str(Self::__FLYTE_NAMES[self.__flyte_index()]),
                }
            }
            fn read(r: &mut #d::MsgReader<'_>) -> ::std::result::Result<Self, #k::Error> {
                #p::enum_read(r, Self::__flyte_lookup_in, Self::__FLYTE_NAMES, Self::__flyte_values)
                    .map(Self::__flyte_variant)
            }
        }
    }
}

pub fn expand_union(
    input: &DeriveInput,
    container: &Container,
    e: &syn::DataEnum,
    errors: &mut Errors,
) -> Tokens {
    let k = krate(container);
    let p = quote!(#k::__private);
    let ident = &input.ident;
    let mut variants = Vec::new();
    for v in &e.variants {
        attrs::variant_attrs(&v.attrs, Item::UnionEnum, errors);
        match &v.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                variants.push((&v.ident, &f.unnamed[0].ty))
            }
            _ => errors.push(syn::Error::new(
                v.span(),
                "a union enum needs exactly one unnamed field per variant (`Circle(Circle)`)",
            )),
        }
    }
    let idents: Vec<_> = variants.iter().map(|(i, _)| *i).collect();
    let tys: Vec<_> = variants.iter().map(|(_, t)| *t).collect();
    let labels: Vec<String> = idents.iter().map(|i| i.to_string()).collect();
    let owned: Vec<syn::Type> = tys.iter().map(|t| (*t).clone()).collect();
    let generics = crate::bounded(
        &input.generics,
        &owned,
        quote!(#k::engine::FlyteType + #k::engine::StructField + 'static),
    );
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    quote! {
        impl #impl_g #k::engine::FlyteType for #ident #ty_g #where_c {
            fn literal_type() -> #k::idl::core::LiteralType {
                #k::idl::core::LiteralType {
                    r#type: Some(#k::idl::core::literal_type::Type::UnionType(#k::idl::core::UnionType {
                        variants: vec![#(#p::cached_union_variant::<#tys>()),*],
                    })),
                    ..Default::default()
                }
            }
            fn write_literal<__S: #p::LiteralSink>(&self, s: &mut __S) -> ::std::result::Result<(), #k::Error> {
                match self { #(Self::#idents(v) => s.union(v),)* }
            }
            fn read_literal<'__a, __R: #p::LiteralSource<'__a>>(r: __R) -> ::std::result::Result<Self, #k::Error> {
                #p::union_select(r, &[#((
                    #p::cached_union_variant::<#tys>(),
                    (|l: __R| -> ::std::result::Result<Self, #k::Error> {
                        Ok(Self::#idents(<#tys as #k::engine::FlyteType>::read_literal(l)?))
                    }) as fn(__R) -> ::std::result::Result<Self, #k::Error>,
                )),*])
            }
            fn union_tag() -> &'static str {
                "Typed Union"
            }
        }

        impl #impl_g #k::engine::StructField for #ident #ty_g #where_c {
            fn schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                let variants = vec![#(<#tys as #k::engine::StructField>::schema(sg)),*];
                let mut obj = #p::__JsonMap::new();
                obj.insert("anyOf".into(), #p::__Json::Array(variants));
                #p::__Json::Object(obj)
            }
            fn write<__S: #p::MsgSink>(&self, style: #k::engine::StructStyle, w: &mut __S) -> ::std::result::Result<(), #k::Error> {
                match self { #(Self::#idents(v) => #k::engine::StructField::write(v, style, w),)* }
            }
            fn read(r: &mut #p::MsgReader<'_>) -> ::std::result::Result<Self, #k::Error> {
                #p::field_union_read(r, &[#((
                    #labels,
                    <#tys as #k::engine::StructField>::union_kind(),
                    <#tys as #k::engine::StructField>::field_names(),
                    (|r: &mut #p::MsgReader<'_>| -> ::std::result::Result<Self, #k::Error> {
                        Ok(Self::#idents(<#tys as #k::engine::StructField>::read(r)?))
                    }) as fn(&mut #p::MsgReader<'_>) -> ::std::result::Result<Self, #k::Error>,
                )),*])
            }
        }
    }
}
