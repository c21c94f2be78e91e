//! Structs with named fields: a Flyte 2 dataclass (mashumaro) or a pydantic model.

use crate::attrs::{self, Container, Default_, DefaultAll, FieldAttrs, Item};
use crate::{Errors, field_name, krate};
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{DeriveInput, Type};

struct FieldInfo<'a> {
    ident: &'a syn::Ident,
    ty: &'a Type,
    wire: String,
    attrs: FieldAttrs,
    /// The doc comment: the field's schema `description`.
    doc: Option<String>,
}

impl FieldInfo<'_> {
    /// The value a missing (or skipped) field takes, as an expression of its type: its own
    /// default, else the struct's (serde's container `default`); `None` when it has neither.
    fn default_expr(&self, container: &Container) -> Option<Tokens> {
        let (id, ty) = (self.ident, self.ty);
        match &self.attrs.default {
            Default_::Value | Default_::Factory => Some(quote!(<#ty as Default>::default())),
            Default_::Expr(e) => Some(quote!(#e)),
            Default_::None => match &container.default_all {
                Some(DefaultAll::Trait) => Some(quote!(<Self as Default>::default().#id)),
                Some(DefaultAll::Path(p)) => Some(quote!(#p().#id)),
                None => None,
            },
        }
    }

    /// The schema `default` (Python `x: T = value`): none for a `default_factory`.
    fn schema_default(&self, container: &Container, p: &Tokens) -> Tokens {
        let ty = self.ty;
        match (&self.attrs.default, self.default_expr(container)) {
            (Default_::Factory, _) | (_, None) => quote!(None),
            (_, Some(e)) => quote!(#p::default_json::<#ty>(&(#e), sg.style())),
        }
    }
}

pub fn expand(
    input: &DeriveInput,
    container: &Container,
    fields: &syn::FieldsNamed,
    errors: &mut Errors,
) -> Tokens {
    let k = krate(container);
    let ident = &input.ident;
    // The Python class name; Flyte 2 titles a TypedDict's wrapper model after it.
    let class = container.title.clone().unwrap_or_else(|| ident.to_string());
    let title = if container.typed_dict {
        format!("TypedDictWrapper_{class}")
    } else {
        class.clone()
    };
    let (style, tag, enums) = if container.pydantic {
        (
            quote!(#k::engine::StructStyle::Pydantic),
            "Pydantic Transformer",
            quote!(#k::__private::EnumWire::NamesOrValues),
        )
    } else {
        (
            quote!(#k::engine::StructStyle::Dataclass),
            "Object-Dataclass-Transformer",
            quote!(#k::__private::EnumWire::Values),
        )
    };
    let all: Vec<FieldInfo> = fields
        .named
        .iter()
        .map(|f| {
            let ident = f.ident.as_ref().expect("named field");
            let attrs = attrs::field_attrs(&f.attrs, Item::Struct, errors);
            let wire = attrs.rename.clone().unwrap_or_else(|| {
                let name = field_name(ident);
                container
                    .rename_all
                    .map_or(name.clone(), |r| r.apply_to_field(&name))
            });
            FieldInfo {
                ident,
                ty: &f.ty,
                wire,
                attrs,
                doc: doc_text(&f.attrs),
            }
        })
        .collect();
    // Skipped fields are not in the Flyte type: read as their default, never written.
    let (skipped, infos): (Vec<FieldInfo>, Vec<FieldInfo>) =
        all.into_iter().partition(|f| f.attrs.skip);
    let skipped_ids: Vec<&syn::Ident> = skipped.iter().map(|f| f.ident).collect();
    let skipped_values: Vec<Tokens> = skipped
        .iter()
        .map(|f| {
            let ty = f.ty;
            f.default_expr(container)
                .unwrap_or_else(|| quote!(<#ty as Default>::default()))
        })
        .collect();

    let p = quote!(#k::__private);
    let all_tys: Vec<Type> = infos.iter().chain(&skipped).map(|f| f.ty.clone()).collect();
    let generics = crate::bounded(&input.generics, &all_tys, quote!(#k::engine::StructField));
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    let schemas = infos.iter().map(|f| {
        let (wire, ty) = (&f.wire, f.ty);
        let default = f.schema_default(container, &p);
        let required = matches!(f.attrs.default, Default_::None) && container.default_all.is_none();
        let description = match &f.doc {
            Some(d) => quote!(Some(#d)),
            None => quote!(None),
        };
        quote! {
            #p::FieldSchema {
                name: #wire,
                schema: <#ty as #k::engine::StructField>::schema(sg),
                default: #default,
                required: #required,
                description: #description,
            }
        }
    });
    if container.named_tuple {
        if !skipped.is_empty()
            || infos
                .iter()
                .any(|f| !matches!(f.attrs.default, Default_::None))
            || container.default_all.is_some()
        {
            errors.push(syn::Error::new_spanned(
                ident,
                "a `named_tuple` struct has no skipped or defaulted fields (Flyte 2's NamedTuple \
                 wrapper requires every field): drop `skip` / `default` here",
            ));
        }
        let fields = crate::named_tuple::Fields {
            ids: infos.iter().map(|f| f.ident).collect(),
            tys: infos.iter().map(|f| f.ty).collect(),
            wires: infos.iter().map(|f| f.wire.clone()).collect(),
        };
        return crate::named_tuple::expand(
            input,
            &k,
            &class,
            &fields,
            schemas.collect(),
            &generics,
        );
    }
    // Python cannot have two fields with one name, and the reader finds a field by its name.
    {
        let mut seen = std::collections::HashSet::new();
        for f in &infos {
            if !seen.insert(f.wire.clone()) {
                errors.push(syn::Error::new_spanned(
                    f.ident,
                    format!(
                        "two fields have the wire name `{}`: a Flyte struct's field names are unique",
                        f.wire
                    ),
                ));
            }
        }
    }
    let deny_unknown = container.deny_unknown;
    let d = quote!(#k::__private);
    let nested = if container.typed_dict {
        quote!(typed_dict_schema)
    } else {
        quote!(nested_schema)
    };
    let n_fields = infos.len();
    let field_ids: Vec<&syn::Ident> = infos.iter().map(|f| f.ident).collect();
    let field_tys: Vec<&Type> = infos.iter().map(|f| f.ty).collect();
    let wires: Vec<&String> = infos.iter().map(|f| &f.wire).collect();
    // Each key as its msgpack `str` bytes, written and compared as one constant.
    let key_bytes: Vec<syn::LitByteStr> = infos
        .iter()
        .map(|f| syn::LitByteStr::new(&msgpack_str(&f.wire), Span::call_site()))
        .collect();
    let locals: Vec<syn::Ident> = (0..n_fields)
        .map(|i| syn::Ident::new(&format!("__flyte_f{i}"), Span::call_site()))
        .collect();
    let indices: Vec<usize> = (0..n_fields).collect();
    let defaults: Vec<Tokens> = infos
        .iter()
        .map(|f| {
            let ty = f.ty;
            match f.default_expr(container) {
                None => quote!(None),
                Some(e) => quote!(Some((|| -> #ty { #e }) as fn() -> #ty)),
            }
        })
        .collect();

    quote! {
        impl #impl_g #ident #ty_g #where_c {
            #[doc(hidden)]
            fn __flyte_schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                let fields = vec![#(#schemas),*];
                #p::object_schema(sg, #title, fields)
            }

            /// The canonical layout only: each key as the writer writes it, in declared order,
            /// compared as one constant; `None` at the first deviation.
            #[doc(hidden)]
            #[inline(always)]
            fn __flyte_read_canonical(__r: &mut #d::MsgReader<'_>) -> ::std::option::Option<Self> {
                #(
                    if !__r.try_bytes(#key_bytes) {
                        return None;
                    }
                    let #locals = <#field_tys as #k::engine::StructField>::read(__r).ok()?;
                )*
                Some(Self { #(#field_ids: #locals,)* #(#skipped_ids: #skipped_values,)* })
            }

            /// The fields in any order, a
            /// key written twice: the last one; a key the struct does not know: skipped (or
            /// refused with `deny_unknown_fields`); a missing field: its default.
            #[doc(hidden)]
            #[inline]
            #[allow(unused_variables, unused_mut)]
            fn __flyte_read(__r: &mut #d::MsgReader<'_>) -> ::std::result::Result<Self, #k::Error> {
                let __start = __r.mark();
                let mut __n = #p::read_fields_header(__r)?;
                // The canonical layout (each field once, in declared order): straight through,
                // into plain locals. Anything else (another order, a missing or unknown key, a
                // value that does not read) is read by the general loop below, from the start.
                if __n == #n_fields {
                    if let Some(v) = Self::__flyte_read_canonical(__r) {
                        __r.close();
                        return Ok(v);
                    }
                    __r.reset(__start);
                    __n = #p::read_fields_header(__r)?;
                }
                #( let mut #locals: ::std::option::Option<#field_tys> = None; )*
                let mut __errs = #p::FieldErrors::new();
                let mut __i = 0usize;
                while __i < __n {
                    __i += 1;
                    let Some(__field) = __errs.other_key(__r, &[#(#wires),*], #deny_unknown)? else {
                        continue;
                    };
                    let __mark = __r.mark();
                    match __field {
                        #( #indices => match <#field_tys as #k::engine::StructField>::read(__r) {
                            Ok(v) => {
                                #locals = Some(v);
                                __errs.read(#indices);
                            }
                            Err(e) => {
                                #locals = None;
                                __errs.failed(__r, __mark, #indices, e)?;
                            }
                        }, )*
                        _ => {}
                    }
                }
                __r.close();
                __errs.check_unknown()?;
                Ok(Self {
                    #( #field_ids: match #locals {
                        Some(v) => v,
                        None => __errs.missing(#indices, #wires, #defaults)?,
                    }, )*
                    #(#skipped_ids: #skipped_values,)*
                })
            }
        }

        impl #impl_g #k::engine::StructField for #ident #ty_g #where_c {
            fn schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                #p::#nested(sg, #title, Self::__flyte_schema)
            }
            fn write<__S: #d::MsgSink>(&self, style: #k::engine::StructStyle, w: &mut __S) -> ::std::result::Result<(), #k::Error> {
                w.map(#n_fields)?;
                #(
                    w.key(#wires, #key_bytes);
                    #k::engine::StructField::write(&self.#field_ids, style, w)
                        .map_err(|e| #p::with_key(e, #wires))?;
                )*
                Ok(())
            }
            fn union_kind() -> #k::engine::UnionKind {
                #k::engine::UnionKind::Model
            }
            fn field_names() -> &'static [&'static str] {
                &[#(#wires),*]
            }
            fn read(__r: &mut #d::MsgReader<'_>) -> ::std::result::Result<Self, #k::Error> {
                // This struct's enum fields take its own style's forms; the outer setting
                // comes back whatever the outcome.
                let __outer = __r.set_enums(#enums);
                let __v = Self::__flyte_read(__r);
                __r.set_enums(__outer);
                __v
            }
        }

        impl #impl_g #k::engine::FlyteType for #ident #ty_g #where_c {
            fn literal_type() -> #k::idl::core::LiteralType {
                let mut sg = #k::engine::SchemaGen::new(#style);
                let schema = sg.inline(#title, Self::__flyte_schema);
                #p::struct_literal_type(#style, sg.finish(schema))
            }
            fn write_literal<__S: #p::LiteralSink>(&self, s: &mut __S) -> ::std::result::Result<(), #k::Error> {
                s.msgpack(&#p::Styled(self, #style))
            }
            fn read_literal<'__a, __R: #p::LiteralSource<'__a>>(r: __R) -> ::std::result::Result<Self, #k::Error> {
                #p::struct_read(r)
            }
            fn read_literal_into<'__a, __R: #p::LiteralSource<'__a>>(r: __R, out: &mut ::std::vec::Vec<Self>) -> ::std::result::Result<(), #k::Error> {
                #p::struct_read_into(r, out)
            }
            fn union_tag() -> &'static str {
                #tag
            }
        }
    }
}

/// A doc comment as a schema `description`, as Python's `inspect.cleandoc` makes a docstring:
/// its lines without their common indentation, joined with newlines, blank lines at either end
/// dropped. `None` without a doc comment.
fn doc_text(attrs: &[syn::Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .flat_map(|text| {
            text.lines()
                .map(|l| l.trim_end().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let text = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.trim_matches('\n');
    (!text.is_empty()).then(|| text.to_string())
}

/// `s` as a msgpack `str`.
fn msgpack_str(s: &str) -> Vec<u8> {
    let n = s.len();
    let mut out = if n <= 31 {
        vec![0xa0 | n as u8]
    } else if n <= 0xff {
        vec![0xd9, n as u8]
    } else if n <= 0xffff {
        let mut v = vec![0xda];
        v.extend_from_slice(&(n as u16).to_be_bytes());
        v
    } else {
        let mut v = vec![0xdb];
        v.extend_from_slice(&(n as u32).to_be_bytes());
        v
    };
    out.extend_from_slice(s.as_bytes());
    out
}
