//! `#[derive(FlyteType)]` and `#[derive(FlyteInputs)]` for flyte-types.
//!
//! | item | Flyte form |
//! | --- | --- |
//! | struct with named fields | STRUCT + msgpack + JSON schema: a Flyte 2 dataclass, or a pydantic model with `#[flyte(pydantic)]` |
//! | enum of unit variants | an enum type; member names on the wire (`#[flyte(values)]` for values) |
//! | enum of one-field variants | a union of the variants' types |
//!
//! Attributes (serde's are read where they mean the same thing):
//! - container: `#[flyte(pydantic)]`, `#[flyte(title = "Name")]`, `#[flyte(values)]` (enums)
//! - field: `#[flyte(rename = "x")]` / `#[serde(rename = "x")]`; `#[flyte(default)]` /
//!   `#[serde(default)]` (Python `x: T = <Default>`, in the schema); `#[flyte(default = EXPR)]`
//!   (Python `x: T = EXPR`); `#[flyte(default_factory)]` (Python `field(default_factory=…)`:
//!   not required, no schema default)
//! - unit variant: `#[flyte(name = "RED")]` (default: the SCREAMING_SNAKE_CASE of the variant),
//!   `#[flyte(value = "red")]` or `#[flyte(value = 1)]` (default: its snake_case)
//!
//! Errors are reported at the offending span, all of them, as `compile_error!`s.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{
    Data, DeriveInput, Expr, Fields, Lit, LitStr, Type, parse_macro_input, spanned::Spanned,
};

/// Derives `flyte_types::engine::FlyteType` (and `StructField`, so the type can nest).
#[proc_macro_derive(FlyteType, attributes(flyte, serde))]
pub fn derive_flyte_type(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_type(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Derives `flyte_types::engine::FlyteInputs`: each field is one task input (or output).
#[proc_macro_derive(FlyteInputs, attributes(flyte, serde))]
pub fn derive_flyte_inputs(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_inputs(&input)
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

#[derive(Default)]
struct Container {
    pydantic: bool,
    title: Option<String>,
    values_on_wire: bool,
}

enum Default_ {
    None,
    /// `= <Default::default()>`, written into the schema.
    Value,
    /// `= EXPR`, written into the schema.
    Expr(Box<Expr>),
    /// `field(default_factory=…)`: not in the schema.
    Factory,
}

struct FieldAttrs {
    rename: Option<String>,
    default: Default_,
}

#[derive(Default)]
struct VariantAttrs {
    name: Option<String>,
    value: Option<Tokens>,
}

fn string_of(e: &Expr) -> syn::Result<String> {
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Ok(s.value()),
            _ => Err(syn::Error::new(e.span(), "expected a string literal")),
        },
        _ => Err(syn::Error::new(e.span(), "expected a string literal")),
    }
}

fn container_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> Container {
    let mut c = Container::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("flyte")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("pydantic") {
                c.pydantic = true;
            } else if meta.path.is_ident("values") {
                c.values_on_wire = true;
            } else if meta.path.is_ident("title") {
                c.title = Some(meta.value()?.parse::<LitStr>()?.value());
            } else {
                return Err(
                    meta.error("unknown flyte attribute (expected pydantic, title, values)")
                );
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    c
}

fn field_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut f = FieldAttrs {
        rename: None,
        default: Default_::None,
    };
    for attr in attrs {
        let is_flyte = attr.path().is_ident("flyte");
        if !is_flyte && !attr.path().is_ident("serde") {
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                f.rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("default") {
                if meta.input.peek(syn::Token![=]) {
                    let expr: Expr = meta.value()?.parse()?;
                    // serde's `default = "path"` names a function; ours is an expression.
                    f.default = match (&expr, is_flyte) {
                        (Expr::Lit(_), false) => {
                            let path: syn::ExprPath = syn::parse_str(&string_of(&expr)?)?;
                            Default_::Expr(Box::new(syn::parse_quote!(#path())))
                        }
                        _ => Default_::Expr(Box::new(expr)),
                    };
                } else {
                    f.default = Default_::Value;
                }
            } else if meta.path.is_ident("default_factory") {
                f.default = Default_::Factory;
            } else if is_flyte {
                return Err(meta.error(
                    "unknown flyte field attribute (expected rename, default, default_factory)",
                ));
            } else if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?; // other serde attributes: not ours
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    f
}

fn variant_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> VariantAttrs {
    let mut v = VariantAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("flyte")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                v.name = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("value") {
                let lit: Lit = meta.value()?.parse()?;
                v.value = Some(match lit {
                    Lit::Str(s) => quote!(#s),
                    Lit::Int(i) => quote!(#i),
                    other => {
                        return Err(syn::Error::new(
                            other.span(),
                            "expected a string or integer value",
                        ));
                    }
                });
            } else {
                return Err(meta.error("unknown flyte variant attribute (expected name, value)"));
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    v
}

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

fn krate() -> Tokens {
    quote!(::flyte_types)
}

fn expand_type(input: &DeriveInput) -> syn::Result<Tokens> {
    let mut errors = Errors::default();
    if !input.generics.params.is_empty() {
        errors.push(syn::Error::new(
            input.generics.span(),
            "FlyteType cannot be derived for generic types",
        ));
    }
    let container = container_attrs(&input.attrs, &mut errors);
    let out = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => expand_struct(input, &container, named, &mut errors),
            _ => {
                errors.push(syn::Error::new(
                    input.ident.span(),
                    "FlyteType needs named fields (a dataclass)",
                ));
                Tokens::new()
            }
        },
        Data::Enum(e) if e.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) => {
            expand_unit_enum(input, &container, e, &mut errors)
        }
        Data::Enum(e) => expand_data_enum(input, e, &mut errors),
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

struct FieldInfo<'a> {
    ident: &'a syn::Ident,
    ty: &'a Type,
    wire: String,
    attrs: FieldAttrs,
}

fn expand_struct(
    input: &DeriveInput,
    container: &Container,
    fields: &syn::FieldsNamed,
    errors: &mut Errors,
) -> Tokens {
    let k = krate();
    let ident = &input.ident;
    let title = container.title.clone().unwrap_or_else(|| ident.to_string());
    let (style, tag) = if container.pydantic {
        (
            quote!(#k::engine::StructStyle::Pydantic),
            "Pydantic Transformer",
        )
    } else {
        (
            quote!(#k::engine::StructStyle::Dataclass),
            "Object-Dataclass-Transformer",
        )
    };
    let infos: Vec<FieldInfo> = fields
        .named
        .iter()
        .map(|f| {
            let ident = f.ident.as_ref().expect("named field");
            let attrs = field_attrs(&f.attrs, errors);
            let wire = attrs
                .rename
                .clone()
                .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string());
            FieldInfo {
                ident,
                ty: &f.ty,
                wire,
                attrs,
            }
        })
        .collect();

    let p = quote!(#k::__private);
    let schemas = infos.iter().map(|f| {
        let (wire, ty) = (&f.wire, f.ty);
        let (default, required) = match &f.attrs.default {
            Default_::None => (quote!(None), true),
            Default_::Value => (
                quote!(#p::default_json(&<#ty as Default>::default(), sg.style())),
                false,
            ),
            Default_::Expr(e) => (quote!(#p::default_json::<#ty>(&(#e), sg.style())), false),
            Default_::Factory => (quote!(None), false),
        };
        quote! {
            #p::FieldSchema {
                name: #wire,
                schema: <#ty as #k::engine::StructField>::schema(sg),
                default: #default,
                required: #required,
            }
        }
    });
    let entries = infos.iter().map(|f| {
        let (wire, id) = (&f.wire, f.ident);
        quote!(#p::field_entry(#wire, &self.#id, style)?)
    });
    let names: Vec<&String> = infos.iter().map(|f| &f.wire).collect();
    let reads = infos.iter().map(|f| {
        let (wire, id, ty) = (&f.wire, f.ident, f.ty);
        let default = match &f.attrs.default {
            Default_::None => quote!(None),
            Default_::Value | Default_::Factory => {
                quote!(Some(<#ty as Default>::default as fn() -> #ty))
            }
            Default_::Expr(e) => quote!(Some((|| -> #ty { #e }) as fn() -> #ty)),
        };
        quote!(#id: reader.field::<#ty>(#wire, #default)?)
    });

    let d = quote!(#k::__private);
    let n_fields = infos.len();
    let field_ids: Vec<&syn::Ident> = infos.iter().map(|f| f.ident).collect();
    let field_tys: Vec<&Type> = infos.iter().map(|f| f.ty).collect();
    let wires: Vec<&String> = infos.iter().map(|f| &f.wire).collect();
    // Each key as its msgpack `str` bytes, written as one constant.
    let key_bytes: Vec<syn::LitByteStr> = infos
        .iter()
        .map(|f| syn::LitByteStr::new(&msgpack_str(&f.wire), Span::call_site()))
        .collect();
    let wire_bytes: Vec<syn::LitByteStr> = infos
        .iter()
        .map(|f| syn::LitByteStr::new(f.wire.as_bytes(), Span::call_site()))
        .collect();
    let keys_len: usize = key_bytes.iter().map(|b| b.value().len()).sum();
    let header_len = match n_fields {
        0..=15 => 1usize,
        16..=0xffff => 3,
        _ => 5,
    };
    let locals: Vec<syn::Ident> = (0..n_fields)
        .map(|i| syn::Ident::new(&format!("__flyte_f{i}"), Span::call_site()))
        .collect();
    // The direct reader takes the fields in declared order, each name once; two fields with
    // one wire name are left to the tree reader (which reads the first entry for both).
    let unique_names = {
        let mut seen = std::collections::HashSet::new();
        infos.iter().all(|f| seen.insert(f.wire.clone()))
    };
    let read_msgpack = if unique_names {
        quote! {
            fn read_msgpack(__r: &mut #d::MsgReader<'_>) -> ::std::option::Option<Self> {
                if __r.map()? != #n_fields {
                    return None;
                }
                #(
                    __r.key(#wire_bytes)?;
                    let #locals = <#field_tys as #k::engine::StructField>::read_msgpack(__r)?;
                )*
                __r.close();
                Some(Self { #(#field_ids: #locals),* })
            }
        }
    } else {
        quote!()
    };

    quote! {
        impl #ident {
            #[doc(hidden)]
            fn __flyte_schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                let fields = vec![#(#schemas),*];
                #p::object_schema(sg, #title, fields)
            }
        }

        impl #k::engine::StructField for #ident {
            fn schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                #p::nested_schema(sg, #title, Self::__flyte_schema)
            }
            fn to_msg(&self, style: #k::engine::StructStyle) -> ::std::result::Result<#p::__Msg, #k::value::ValueError> {
                Ok(#p::__Msg::Map(vec![#(#entries),*]))
            }
            fn from_msg(msg: &#p::__Msg) -> ::std::result::Result<Self, #k::value::ValueError> {
                let reader = #p::MapReader::new(msg, &[#(#names),*])?;
                Ok(Self { #(#reads),* })
            }
            fn msgpack_len(&self, style: #k::engine::StructStyle) -> ::std::result::Result<usize, #k::value::ValueError> {
                Ok(#header_len + #keys_len #(
                    + #k::engine::StructField::msgpack_len(&self.#field_ids, style)
                        .map_err(|e| #p::with_key(e, #wires))?
                )*)
            }
            fn write_msgpack(&self, style: #k::engine::StructStyle, out: &mut ::std::vec::Vec<u8>) {
                #p::put_container_header(out, #n_fields, true);
                #(
                    out.extend_from_slice(#key_bytes);
                    #k::engine::StructField::write_msgpack(&self.#field_ids, style, out);
                )*
            }
            #read_msgpack
        }

        impl #k::engine::FlyteType for #ident {
            fn literal_type() -> #k::idl::core::LiteralType {
                let mut sg = #k::engine::SchemaGen::new(#style);
                let schema = Self::__flyte_schema(&mut sg);
                #p::struct_literal_type(#style, sg.finish(schema))
            }
            fn to_literal(&self) -> ::std::result::Result<#k::idl::core::Literal, #k::value::ValueError> {
                #p::struct_to_literal(self, #style)
            }
            fn from_literal(literal: &#k::idl::core::Literal) -> ::std::result::Result<Self, #k::value::ValueError> {
                #p::struct_from_literal(literal)
            }
            fn union_tag() -> &'static str {
                #tag
            }
            const DIRECT: bool = true;
            fn direct_len(&self, sizes: &mut #d::Sizes) -> ::std::result::Result<usize, #k::value::ValueError> {
                #p::struct_direct_len(self, #style, sizes)
            }
            fn direct_write(&self, sizes: &mut #d::Sizes, out: &mut ::std::vec::Vec<u8>) {
                #p::struct_direct_write(self, #style, sizes, out)
            }
            fn direct_read(lit: &[u8], _: u32) -> ::std::option::Option<Self> {
                #p::struct_direct_read(lit)
            }
            fn direct_read_into(lit: &[u8], _: u32, out: &mut ::std::vec::Vec<Self>) -> ::std::option::Option<()> {
                #p::struct_direct_read_into(lit, out)
            }
        }
    }
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

fn expand_unit_enum(
    input: &DeriveInput,
    container: &Container,
    e: &syn::DataEnum,
    errors: &mut Errors,
) -> Tokens {
    let k = krate();
    let p = quote!(#k::__private);
    let ident = &input.ident;
    let title = container.title.clone().unwrap_or_else(|| ident.to_string());
    let variants: Vec<(&syn::Ident, String, Tokens)> = e
        .variants
        .iter()
        .map(|v| {
            let attrs = variant_attrs(&v.attrs, errors);
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
    // The string values (the default snake_case ones, or `value = "…"`); an integer value makes
    // the msgpack direct path step aside for that enum.
    let str_values: Vec<Option<String>> = values
        .iter()
        .map(|v| syn::parse2::<LitStr>((*v).clone()).ok().map(|l| l.value()))
        .collect();
    let all_str = str_values.iter().all(Option::is_some);
    let (str_value_indices, str_values_only): (Vec<usize>, Vec<String>) = str_values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.clone().map(|v| (i, v)))
        .unzip();
    let str_values: Vec<String> = str_values.into_iter().flatten().collect();
    // `__flyte_lookup` matches bytes, so the msgpack reader need not check UTF-8 first.
    let byte_lit = |s: &String| syn::LitByteStr::new(s.as_bytes(), Span::call_site());
    let name_bytes: Vec<syn::LitByteStr> = names.iter().map(|n| byte_lit(n)).collect();
    let str_values_only: Vec<syn::LitByteStr> = str_values_only.iter().map(byte_lit).collect();
    let wire_literals: Vec<Tokens> = wire_strings.clone();
    let d = quote!(#k::__private);
    let msgpack_direct = if all_str {
        quote! {
            fn msgpack_len(&self, style: #k::engine::StructStyle) -> ::std::result::Result<usize, #k::value::ValueError> {
                Ok(#d::str_len(self.__flyte_msg_str(style).len()))
            }
            fn write_msgpack(&self, style: #k::engine::StructStyle, out: &mut ::std::vec::Vec<u8>) {
                #d::put_str(out, self.__flyte_msg_str(style));
            }
            fn read_msgpack(r: &mut #d::MsgReader<'_>) -> ::std::option::Option<Self> {
                Self::__flyte_lookup(r.str_bytes()?).map(Self::__flyte_variant)
            }
        }
    } else {
        quote!()
    };
    let msg_str_fn = if all_str {
        quote! {
            #[doc(hidden)]
            fn __flyte_msg_str(&self, style: #k::engine::StructStyle) -> &'static str {
                let i = self.__flyte_index();
                match style {
                    #k::engine::StructStyle::Dataclass => [#(#str_values),*][i],
                    #k::engine::StructStyle::Pydantic => Self::__FLYTE_NAMES[i],
                }
            }
        }
    } else {
        quote!()
    };

    quote! {
        impl #ident {
            const __FLYTE_NAMES: &'static [&'static str] = &[#(#names),*];
            #[doc(hidden)]
            #[allow(unreachable_patterns)]
            fn __flyte_lookup(s: &[u8]) -> ::std::option::Option<usize> {
                // What `enum_index` finds: a member name first, then a string value.
                match s {
                    #(#name_bytes => return Some(#indices),)*
                    _ => {}
                }
                match s {
                    #(#str_values_only => Some(#str_value_indices),)*
                    _ => None,
                }
            }
            #msg_str_fn
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
            fn to_literal(&self) -> ::std::result::Result<#k::idl::core::Literal, #k::value::ValueError> {
                let wire: &[&str] = &[#(#wire_strings),*];
                #k::engine::FlyteType::to_literal(wire[self.__flyte_index()])
            }
            fn from_literal(literal: &#k::idl::core::Literal) -> ::std::result::Result<Self, #k::value::ValueError> {
                let s = <String as #k::engine::FlyteType>::from_literal(literal)?;
                if let Some(i) = Self::__flyte_lookup(s.as_bytes()) {
                    return Ok(Self::__flyte_variant(i));
                }
                Ok(Self::__flyte_variant(#p::enum_index(&s, Self::__FLYTE_NAMES, &Self::__flyte_values())?))
            }
            fn union_tag() -> &'static str {
                "DefaultEnumTransformer"
            }
            const DIRECT: bool = true;
            const DIRECT_COSTLY_LEN: bool = false;
            fn direct_len(&self, sizes: &mut #d::Sizes) -> ::std::result::Result<usize, #k::value::ValueError> {
                let wire: &[&str] = &[#(#wire_literals),*];
                <str as #k::engine::FlyteType>::direct_len(wire[self.__flyte_index()], sizes)
            }
            fn direct_write(&self, sizes: &mut #d::Sizes, out: &mut ::std::vec::Vec<u8>) {
                let wire: &[&str] = &[#(#wire_literals),*];
                <str as #k::engine::FlyteType>::direct_write(wire[self.__flyte_index()], sizes, out)
            }
            fn direct_read(lit: &[u8], _: u32) -> ::std::option::Option<Self> {
                Self::__flyte_lookup(#d::read_str(lit)?.as_bytes()).map(Self::__flyte_variant)
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
                    #k::engine::StructStyle::Pydantic => sg.reference(#title, |_| #p::pydantic_enum_schema(#title, Self::__FLYTE_NAMES)),
                }
            }
            fn to_msg(&self, style: #k::engine::StructStyle) -> ::std::result::Result<#p::__Msg, #k::value::ValueError> {
                let i = self.__flyte_index();
                Ok(match style {
                    #k::engine::StructStyle::Dataclass => match self {
                        #(Self::#idents => #p::json_msg(&#p::__Json::from(#values)),)*
                    },
                    #k::engine::StructStyle::Pydantic => #p::__Msg::Str(Self::__FLYTE_NAMES[i].to_string()),
                })
            }
            fn from_msg(msg: &#p::__Msg) -> ::std::result::Result<Self, #k::value::ValueError> {
                if let #p::__Msg::Str(s) = msg
                    && let Some(i) = Self::__flyte_lookup(s.as_bytes())
                {
                    return Ok(Self::__flyte_variant(i));
                }
                Ok(Self::__flyte_variant(#p::enum_from_msg(msg, Self::__FLYTE_NAMES, &Self::__flyte_values())?))
            }
            #msgpack_direct
        }
    }
}

fn expand_data_enum(input: &DeriveInput, e: &syn::DataEnum, errors: &mut Errors) -> Tokens {
    let k = krate();
    let p = quote!(#k::__private);
    let ident = &input.ident;
    let mut variants = Vec::new();
    for v in &e.variants {
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
    let _ = Span::call_site();
    quote! {
        impl #k::engine::FlyteType for #ident {
            fn literal_type() -> #k::idl::core::LiteralType {
                #k::idl::core::LiteralType {
                    r#type: Some(#k::idl::core::literal_type::Type::UnionType(#k::idl::core::UnionType {
                        variants: vec![#(#p::cached_union_variant::<#tys>()),*],
                    })),
                    ..Default::default()
                }
            }
            fn to_literal(&self) -> ::std::result::Result<#k::idl::core::Literal, #k::value::ValueError> {
                match self {
                    #(Self::#idents(v) => Ok(#p::union_literal(
                        #k::engine::FlyteType::to_literal(v)?,
                        #p::cached_union_variant::<#tys>(),
                    )),)*
                }
            }
            fn from_literal(literal: &#k::idl::core::Literal) -> ::std::result::Result<Self, #k::value::ValueError> {
                #p::union_select(literal, &[#((
                    #p::cached_union_variant::<#tys>(),
                    (|l: &#k::idl::core::Literal| -> ::std::result::Result<Self, #k::value::ValueError> {
                        Ok(Self::#idents(<#tys as #k::engine::FlyteType>::from_literal(l)?))
                    }) as fn(&#k::idl::core::Literal) -> ::std::result::Result<Self, #k::value::ValueError>,
                )),*])
            }
            fn union_tag() -> &'static str {
                "Typed Union"
            }
        }

        impl #k::engine::StructField for #ident {
            fn schema(sg: &mut #k::engine::SchemaGen) -> #p::__Json {
                let variants = vec![#(<#tys as #k::engine::StructField>::schema(sg)),*];
                let mut obj = #p::__JsonMap::new();
                obj.insert("anyOf".into(), #p::__Json::Array(variants));
                #p::__Json::Object(obj)
            }
            fn to_msg(&self, style: #k::engine::StructStyle) -> ::std::result::Result<#p::__Msg, #k::value::ValueError> {
                match self { #(Self::#idents(v) => #k::engine::StructField::to_msg(v, style),)* }
            }
            fn from_msg(msg: &#p::__Msg) -> ::std::result::Result<Self, #k::value::ValueError> {
                #p::field_union_select(msg, &[#((
                    #labels,
                    (|m: &#p::__Msg| -> ::std::result::Result<Self, #k::value::ValueError> {
                        Ok(Self::#idents(<#tys as #k::engine::StructField>::from_msg(m)?))
                    }) as fn(&#p::__Msg) -> ::std::result::Result<Self, #k::value::ValueError>,
                )),*])
            }
        }
    }
}

fn expand_inputs(input: &DeriveInput) -> syn::Result<Tokens> {
    let mut errors = Errors::default();
    let k = krate();
    let p = quote!(#k::__private);
    let ident = &input.ident;
    let Data::Struct(syn::DataStruct {
        fields: Fields::Named(named),
        ..
    }) = &input.data
    else {
        return Err(syn::Error::new(
            input.ident.span(),
            "FlyteInputs needs a struct with named fields",
        ));
    };
    let infos: Vec<(&syn::Ident, &Type, String)> = named
        .named
        .iter()
        .map(|f| {
            let id = f.ident.as_ref().expect("named field");
            let attrs = field_attrs(&f.attrs, &mut errors);
            let wire = attrs
                .rename
                .unwrap_or_else(|| id.to_string().trim_start_matches("r#").to_string());
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
            fn to_named_literals(&self) -> ::std::result::Result<::std::vec::Vec<(String, #k::idl::core::Literal)>, #k::value::ValueError> {
                Ok(vec![#((
                    #names.to_string(),
                    #k::engine::FlyteType::to_literal(&self.#ids).map_err(|e| #p::with_key(e, #names))?,
                )),*])
            }
            fn from_named_literals(literals: &[(String, #k::idl::core::Literal)]) -> ::std::result::Result<Self, #k::value::ValueError> {
                #p::check_known(literals, &[#(#names),*])?;
                Ok(Self { #(#ids: #p::named_input::<#tys>(literals, #names)?),* })
            }
        }
    })
}
