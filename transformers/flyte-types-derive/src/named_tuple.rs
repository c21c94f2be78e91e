//! `#[flyte(named_tuple)]`: a struct as Flyte 2 writes a `typing.NamedTuple`. On its own it is
//! the pydantic wrapper model `NamedTupleWrapper_<Name>` (a map of its fields); nested in
//! another struct it is a msgpack array, its schema an array with `prefixItems` under `$defs`.

use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{DeriveInput, Type};

/// The fields, in order.
pub struct Fields<'a> {
    pub ids: Vec<&'a syn::Ident>,
    pub tys: Vec<&'a Type>,
    pub wires: Vec<String>,
}

pub fn expand(
    input: &DeriveInput,
    k: &Tokens,
    class: &str,
    fields: &Fields,
    schemas: Vec<Tokens>,
    generics: &syn::Generics,
) -> Tokens {
    let ident = &input.ident;
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    let p = quote!(#k::__private);
    let root_title = format!("NamedTupleWrapper_{class}");
    let (ids, tys, wires) = (&fields.ids, &fields.tys, &fields.wires);
    let n = ids.len();
    quote! {
        impl #impl_g #ident #ty_g #where_c {
            #[doc(hidden)]
            fn __flyte_fields(sg: &mut #k::engine::SchemaGen) -> ::std::vec::Vec<#p::FieldSchema> {
                vec![#(#schemas),*]
            }
        }

        impl #impl_g #k::engine::StructField for #ident #ty_g #where_c {
            fn schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                #p::named_tuple_schema(sg, #class, Self::__flyte_fields)
            }
            fn write<__S: #p::MsgSink>(&self, style: #k::engine::StructStyle, w: &mut __S) -> ::std::result::Result<(), #k::Error> {
                w.array(#n)?;
                #(
                    #k::engine::StructField::write(&self.#ids, style, w)
                        .map_err(|e| #p::with_key(e, #wires))?;
                )*
                Ok(())
            }
            fn union_kind() -> #k::engine::UnionKind {
                #k::engine::UnionKind::Tuple(#n)
            }
            fn read(r: &mut #p::MsgReader<'_>) -> ::std::result::Result<Self, #k::Error> {
                #p::tuple_header(r, #n)?;
                // The SDK's enum rule is not modelled inside a tuple: names or values.
                let outer = r.set_enums(#p::EnumWire::NamesOrValues);
                let v = (|| -> ::std::result::Result<Self, #k::Error> {
                    Ok(Self { #(
                        #ids: <#tys as #k::engine::StructField>::read(r)
                            .map_err(|e| #p::with_key(e, #wires))?,
                    )* })
                })();
                r.set_enums(outer);
                r.close();
                v
            }
        }

        /// On its own: Flyte 2's wrapper model, the nested form's items as a map under the
        /// field names.
        impl #impl_g #p::MsgBody for #ident #ty_g #where_c {
            fn write_body<__S: #p::MsgSink>(&self, w: &mut __S) -> ::std::result::Result<(), #k::Error> {
                w.map(#n)?;
                #(
                    w.str(#wires)?;
                    #k::engine::StructField::write(&self.#ids, #k::engine::StructStyle::Pydantic, w)
                        .map_err(|e| #p::with_key(e, #wires))?;
                )*
                Ok(())
            }
        }

        impl #impl_g #k::engine::FlyteType for #ident #ty_g #where_c {
            fn literal_type() -> #k::idl::core::LiteralType {
                let style = #k::engine::StructStyle::Pydantic;
                let mut sg = #k::engine::SchemaGen::new(style);
                let fields = Self::__flyte_fields(&mut sg);
                let schema = #p::object_schema(&mut sg, #root_title, fields);
                #p::struct_literal_type(style, sg.finish(schema))
            }
            fn write_literal<__S: #p::LiteralSink>(&self, s: &mut __S) -> ::std::result::Result<(), #k::Error> {
                s.msgpack(self)
            }
            fn read_literal<'__a, __R: #p::LiteralSource<'__a>>(r: __R) -> ::std::result::Result<Self, #k::Error> {
                #p::named_tuple_read(r, &[#(#wires),*])
            }
            fn union_tag() -> &'static str {
                "Pydantic Transformer"
            }
        }
    }
}
