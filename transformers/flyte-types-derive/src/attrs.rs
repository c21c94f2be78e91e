//! The derive's attributes: `#[flyte(...)]`, and every `#[serde(...)]` one, either honoured as
//! serde honours it or refused with a message that says what to do instead (a serde attribute
//! read in silence would give other bytes than serde's).

use crate::Errors;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, Lit, LitStr, spanned::Spanned};

/// What the derive is expanding: which attributes apply depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Struct,
    UnitEnum,
    UnionEnum,
    Inputs,
}

#[derive(Default)]
pub struct Container {
    /// `#[flyte(crate = path)]`: where `flyte_types` is, for crates that re-export it.
    pub krate: Option<syn::Path>,
    pub pydantic: bool,
    pub title: Option<String>,
    pub values_on_wire: bool,
    /// `#[serde(deny_unknown_fields)]` / `#[flyte(deny_unknown_fields)]`.
    pub deny_unknown: bool,
    /// serde's container `default`: each missing field from the struct's default value.
    pub default_all: Option<DefaultAll>,
    pub rename_all: Option<RenameRule>,
    /// serde's `transparent`: a struct of one field is that field.
    pub transparent: bool,
    /// `#[flyte(typed_dict)]`: Flyte 2's pydantic wrapper of a `TypedDict`.
    pub typed_dict: bool,
    /// `#[flyte(named_tuple)]`: Flyte 2's pydantic wrapper of a `NamedTuple` (an array when
    /// nested).
    pub named_tuple: bool,
}

/// Where a container `default` takes the struct's default value from.
pub enum DefaultAll {
    /// `Default::default()`.
    Trait,
    /// `default = "path"`: `path()`.
    Path(syn::ExprPath),
}

pub enum Default_ {
    None,
    /// `= <Default::default()>`, written into the schema.
    Value,
    /// `= EXPR`, written into the schema.
    Expr(Box<Expr>),
    /// `field(default_factory=…)`: not in the schema.
    Factory,
}

pub struct FieldAttrs {
    pub rename: Option<String>,
    pub default: Default_,
    /// `#[serde(skip)]` / `#[flyte(skip)]`: not in the Flyte type; read as its default.
    pub skip: bool,
}

#[derive(Default)]
pub struct VariantAttrs {
    pub name: Option<String>,
    pub value: Option<proc_macro2::TokenStream>,
}

/// serde's `rename_all` rules, applied to field names as serde applies them.
#[derive(Clone, Copy)]
pub enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    fn parse(s: &LitStr) -> syn::Result<Self> {
        Ok(match s.value().as_str() {
            "lowercase" => Self::Lower,
            "UPPERCASE" => Self::Upper,
            "PascalCase" => Self::Pascal,
            "camelCase" => Self::Camel,
            "snake_case" => Self::Snake,
            "SCREAMING_SNAKE_CASE" => Self::ScreamingSnake,
            "kebab-case" => Self::Kebab,
            "SCREAMING-KEBAB-CASE" => Self::ScreamingKebab,
            _ => {
                return Err(syn::Error::new(
                    s.span(),
                    "unknown rename rule (serde's: lowercase, UPPERCASE, PascalCase, camelCase, \
                     snake_case, SCREAMING_SNAKE_CASE, kebab-case, SCREAMING-KEBAB-CASE)",
                ));
            }
        })
    }

    /// serde's `RenameRule::apply_to_field`.
    pub fn apply_to_field(self, field: &str) -> String {
        match self {
            Self::Lower | Self::Snake => field.to_string(),
            Self::Upper | Self::ScreamingSnake => field.to_ascii_uppercase(),
            Self::Pascal => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            Self::Camel => {
                let pascal = Self::Pascal.apply_to_field(field);
                let mut chars = pascal.chars();
                chars.next().map_or_else(String::new, |c| {
                    c.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            Self::Kebab => field.replace('_', "-"),
            Self::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
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

/// Skips the rest of an attribute we accept without reading (`= value` or `(...)`).
fn skip_rest(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| skip_rest(&inner))?;
    }
    Ok(())
}

/// A serde attribute the derive does not honour, with what to do instead.
fn refuse(meta: &ParseNestedMeta, advice: &str) -> syn::Error {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| "this attribute".to_string(), ToString::to_string);
    meta.error(format!(
        "FlyteType does not support `#[serde({name})]`: the Flyte form would differ from \
         serde's. {advice}"
    ))
}

/// A plain `= "string"` value; the `(serialize = …, deserialize = …)` form is refused.
fn plain_str(meta: &ParseNestedMeta, what: &str) -> syn::Result<LitStr> {
    if meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format!(
            "FlyteType needs one {what} for both directions (Python reads what it writes): \
             use `{} = \"...\"`",
            meta.path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default()
        )));
    }
    meta.value()?.parse()
}

const NO_SERDE_ON_ENUMS: &str = "Name each member with `#[flyte(name = \"...\")]` (the \
    Python member name) and `#[flyte(value = ...)]` (its value).";

pub fn container_attrs(attrs: &[Attribute], item: Item, errors: &mut Errors) -> Container {
    let mut c = Container::default();
    let is_struct = matches!(item, Item::Struct);
    for attr in attrs {
        let result = if attr.path().is_ident("flyte") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("crate") {
                    c.krate = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("pydantic") && is_struct {
                    c.pydantic = true;
                } else if meta.path.is_ident("values") && item == Item::UnitEnum {
                    c.values_on_wire = true;
                } else if meta.path.is_ident("title")
                    && matches!(item, Item::Struct | Item::UnitEnum)
                {
                    c.title = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("deny_unknown_fields") && is_struct {
                    c.deny_unknown = true;
                } else if meta.path.is_ident("typed_dict") && is_struct {
                    c.typed_dict = true;
                    c.pydantic = true;
                } else if meta.path.is_ident("named_tuple") && is_struct {
                    c.named_tuple = true;
                    c.pydantic = true;
                } else {
                    let (on, expected) = match item {
                        Item::Struct => (
                            "a struct",
                            "crate, pydantic, typed_dict, named_tuple, title, deny_unknown_fields",
                        ),
                        Item::UnitEnum => ("an enum of unit variants", "crate, title, values"),
                        Item::UnionEnum => ("a union enum", "crate"),
                        Item::Inputs => ("FlyteInputs", "crate"),
                    };
                    return Err(meta.error(format!(
                        "unknown flyte attribute on {on} (expected {expected})"
                    )));
                }
                Ok(())
            })
        } else if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|meta| serde_container(&meta, item, &mut c))
        } else {
            continue;
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    c
}

fn serde_container(meta: &ParseNestedMeta, item: Item, c: &mut Container) -> syn::Result<()> {
    let p = &meta.path;
    let is_struct = matches!(item, Item::Struct | Item::Inputs);
    if p.is_ident("crate") || p.is_ident("bound") || p.is_ident("expecting") {
        // serde's own paths, bounds and messages: no effect on the bytes.
        skip_rest(meta)
    } else if p.is_ident("rename") {
        let title = plain_str(meta, "name")?.value();
        c.title.get_or_insert(title);
        Ok(())
    } else if p.is_ident("rename_all") && is_struct {
        c.rename_all = Some(RenameRule::parse(&plain_str(meta, "rule")?)?);
        Ok(())
    } else if p.is_ident("rename_all") {
        Err(refuse(meta, NO_SERDE_ON_ENUMS))
    } else if p.is_ident("deny_unknown_fields") && is_struct {
        c.deny_unknown = true;
        Ok(())
    } else if p.is_ident("default") && item == Item::Struct {
        c.default_all = Some(if meta.input.peek(syn::Token![=]) {
            let path = string_of(&meta.value()?.parse()?)?;
            DefaultAll::Path(syn::parse_str(&path)?)
        } else {
            DefaultAll::Trait
        });
        Ok(())
    } else if p.is_ident("tag") || p.is_ident("content") || p.is_ident("untagged") {
        Err(refuse(
            meta,
            "A Flyte union is untagged and picks the variant by its type: drop the attribute, \
             or keep the tag as a field of each variant's struct.",
        ))
    } else if p.is_ident("transparent") && item == Item::Struct {
        c.transparent = true;
        Ok(())
    } else if p.is_ident("from") || p.is_ident("try_from") || p.is_ident("into") {
        Err(refuse(
            meta,
            "Derive FlyteType on the type you convert through and convert explicitly.",
        ))
    } else if p.is_ident("remote") {
        Err(refuse(
            meta,
            "Derive FlyteType on a local type and convert from the remote one.",
        ))
    } else {
        Err(refuse(meta, "It has no Flyte equivalent."))
    }
}

pub fn field_attrs(attrs: &[Attribute], item: Item, errors: &mut Errors) -> FieldAttrs {
    let mut f = FieldAttrs {
        rename: None,
        default: Default_::None,
        skip: false,
    };
    for attr in attrs {
        let result = if attr.path().is_ident("flyte") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    f.rename = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("default") && item != Item::Inputs {
                    f.default = if meta.input.peek(syn::Token![=]) {
                        Default_::Expr(Box::new(meta.value()?.parse()?))
                    } else {
                        Default_::Value
                    };
                } else if meta.path.is_ident("default_factory") && item != Item::Inputs {
                    f.default = Default_::Factory;
                } else if meta.path.is_ident("skip") && item != Item::Inputs {
                    f.skip = true;
                } else if item == Item::Inputs {
                    return Err(meta.error("unknown flyte input attribute (expected rename)"));
                } else {
                    return Err(meta.error(
                        "unknown flyte field attribute (expected rename, default, \
                         default_factory, skip)",
                    ));
                }
                Ok(())
            })
        } else if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|meta| serde_field(&meta, item, &mut f))
        } else {
            continue;
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    f
}

fn serde_field(meta: &ParseNestedMeta, item: Item, f: &mut FieldAttrs) -> syn::Result<()> {
    let p = &meta.path;
    if p.is_ident("bound") {
        skip_rest(meta)
    } else if p.is_ident("rename") {
        f.rename = Some(plain_str(meta, "name")?.value());
        Ok(())
    } else if p.is_ident("default") && item != Item::Inputs {
        f.default = if meta.input.peek(syn::Token![=]) {
            // serde's `default = "path"` names a function.
            let path: syn::ExprPath = syn::parse_str(&string_of(&meta.value()?.parse()?)?)?;
            Default_::Expr(Box::new(syn::parse_quote!(#path())))
        } else {
            Default_::Value
        };
        Ok(())
    } else if p.is_ident("skip") && item != Item::Inputs {
        f.skip = true;
        Ok(())
    } else if p.is_ident("skip_serializing")
        || p.is_ident("skip_deserializing")
        || p.is_ident("skip_serializing_if")
    {
        Err(refuse(
            meta,
            "Python writes and reads every field: use `Option<T>` (written as nil), or \
             `#[serde(skip)]` to leave the field out of the Flyte type.",
        ))
    } else if p.is_ident("flatten") {
        Err(refuse(
            meta,
            "Keep the inner struct as a field of its own (a nested dataclass).",
        ))
    } else if p.is_ident("with") || p.is_ident("serialize_with") || p.is_ident("deserialize_with") {
        Err(refuse(
            meta,
            "Wrap the field in a newtype that implements FlyteType and StructField.",
        ))
    } else if p.is_ident("alias") {
        Err(refuse(
            meta,
            "A field has one wire name, as in a dataclass: use `rename`.",
        ))
    } else {
        Err(refuse(meta, "It has no Flyte equivalent."))
    }
}

pub fn variant_attrs(attrs: &[Attribute], item: Item, errors: &mut Errors) -> VariantAttrs {
    let mut v = VariantAttrs::default();
    for attr in attrs {
        let result = if attr.path().is_ident("flyte") {
            attr.parse_nested_meta(|meta| {
                if item != Item::UnitEnum {
                    return Err(meta
                        .error("a union variant takes no flyte attribute (its type is its tag)"));
                }
                if meta.path.is_ident("name") {
                    v.name = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("value") {
                    let lit: Lit = meta.value()?.parse()?;
                    v.value = Some(match lit {
                        Lit::Str(s) => quote::quote!(#s),
                        Lit::Int(i) => quote::quote!(#i),
                        other => {
                            return Err(syn::Error::new(
                                other.span(),
                                "expected a string or integer value",
                            ));
                        }
                    });
                } else {
                    return Err(
                        meta.error("unknown flyte variant attribute (expected name, value)")
                    );
                }
                Ok(())
            })
        } else if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|meta| {
                Err(if item == Item::UnitEnum {
                    refuse(&meta, NO_SERDE_ON_ENUMS)
                } else {
                    refuse(
                        &meta,
                        "A union variant is chosen by its type, not by a name.",
                    )
                })
            })
        } else {
            continue;
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    v
}
