//! `#[derive(Json)]`: the JSON codec of the API types, straight to and from
//! `serde_json::Value` (see `src/cluster/codec.rs` for why not serde's derive).
//!
//! Field attributes, in serde's words so they read as they did:
//! `#[json(rename_all = "camelCase")]` on the struct; on a field
//! `rename = "podIP"`, `default` (missing → `Default::default()`),
//! `skip_serializing_if = "path"` (left out of the output when `path(&field)`),
//! and `flatten` (the one field that keeps every key no other field takes).
//! A field without `default` that is not an `Option` is required, as in serde.
//! The struct must implement `Default`: decoding fills a default value.
//! A `null` value counts as missing, as in Go's `encoding/json`.
//!
//! The generated code names `crate::cluster::codec`: it is only for this crate.

use proc_macro::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, LitStr, Type, parse_macro_input};

#[proc_macro_derive(Json, attributes(json))]
pub fn derive_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

struct Field {
    ident: syn::Ident,
    ty: Type,
    key: String,
    default: bool,
    skip_if: Option<syn::ExprPath>,
    flatten: bool,
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    for (i, part) in snake.split('_').enumerate() {
        let mut chars = part.chars();
        match chars.next() {
            Some(first) if i > 0 => {
                out.extend(first.to_uppercase());
                out.extend(chars);
            }
            _ => out.push_str(part),
        }
    }
    out
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let name = &input.ident;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "#[derive(Json)] is for structs with named fields"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(input, "#[derive(Json)] is for structs with named fields"));
    };
    let mut camel = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("json")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let value: LitStr = meta.value()?.parse()?;
                if value.value() != "camelCase" {
                    return Err(meta.error("only rename_all = \"camelCase\" is supported"));
                }
                camel = true;
                Ok(())
            } else {
                Err(meta.error("unknown json attribute"))
            }
        })?;
    }
    let mut fields = Vec::new();
    for f in &named.named {
        let ident = f.ident.clone().ok_or_else(|| syn::Error::new_spanned(f, "a named field"))?;
        let plain = ident.to_string();
        let mut field = Field {
            key: if camel { camel_case(&plain) } else { plain },
            ident,
            ty: f.ty.clone(),
            default: false,
            skip_if: None,
            flatten: false,
        };
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("json")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    field.key = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("default") {
                    field.default = true;
                } else if meta.path.is_ident("flatten") {
                    field.flatten = true;
                } else if meta.path.is_ident("skip_serializing_if") {
                    field.skip_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                } else {
                    return Err(meta.error("unknown json attribute"));
                }
                Ok(())
            })?;
        }
        fields.push(field);
    }
    let flattened: Vec<&Field> = fields.iter().filter(|f| f.flatten).collect();
    if flattened.len() > 1 {
        return Err(syn::Error::new_spanned(input, "at most one flatten field"));
    }
    let codec = quote!(crate::cluster::codec);
    let type_name = format!("struct {name}");

    // Decoding: into `Default::default()`, by a single pass over the keys;
    // a required field (no `default`, not an `Option`) must have been seen.
    // (Decoding into the struct rather than one `Option` per field keeps the
    // error paths to a single drop: this code is compiled once per type.)
    let plain: Vec<&Field> = fields.iter().filter(|f| !f.flatten).collect();
    let required: Vec<&Field> = plain.iter().copied().filter(|f| !f.default && !is_option(&f.ty)).collect();
    let seen: Vec<_> = required.iter().map(|f| format_ident!("seen_{}", f.ident)).collect();
    let required_keys: Vec<&str> = required.iter().map(|f| f.key.as_str()).collect();
    let arms = plain.iter().map(|f| {
        let ident = &f.ident;
        let key = &f.key;
        let mark = if required.iter().any(|r| r.ident == f.ident) {
            let flag = format_ident!("seen_{}", f.ident);
            quote!(#flag = true;)
        } else {
            quote!()
        };
        quote!(#key => { out.#ident = #codec::Decode::decode(value)?; #mark })
    });
    let (rest_local, rest_arm, rest_store) = match flattened.first() {
        Some(f) => {
            let ident = &f.ident;
            (
                quote!(let mut rest = ::std::collections::BTreeMap::<String, ::serde_json::Value>::new();),
                quote!(rest.insert(key, value);),
                quote!(if !rest.is_empty() { out.#ident = #codec::from_rest(rest); }),
            )
        }
        None => (quote!(), quote!(), quote!()),
    };
    // Encoding: declared order, the flattened keys last (serde's order).
    let writes = fields.iter().map(|f| {
        let ident = &f.ident;
        let key = &f.key;
        if f.flatten {
            quote!(#codec::write_rest(&mut map, &self.#ident);)
        } else if let Some(skip) = &f.skip_if {
            quote!(if !#skip(&self.#ident) { #codec::put(&mut map, #key, #codec::Encode::encode(&self.#ident)); })
        } else {
            quote!(#codec::put(&mut map, #key, #codec::Encode::encode(&self.#ident));)
        }
    });
    Ok(quote! {
        impl #codec::Decode for #name {
            fn decode(value: ::serde_json::Value) -> Result<Self, #codec::DecodeError> {
                let map = #codec::object(value, #type_name)?;
                let mut out = <#name as ::core::default::Default>::default();
                #( let mut #seen = false; )*
                #rest_local
                for (key, value) in map {
                    if value.is_null() {
                        continue;
                    }
                    match key.as_str() {
                        #(#arms)*
                        _ => { #rest_arm }
                    }
                }
                #( if !#seen { return Err(#codec::DecodeError::missing(#required_keys)); } )*
                #rest_store
                Ok(out)
            }
        }
        impl #codec::Encode for #name {
            fn encode(&self) -> ::serde_json::Value {
                let mut map = ::serde_json::Map::new();
                #(#writes)*
                ::serde_json::Value::Object(map)
            }
        }
    })
}
