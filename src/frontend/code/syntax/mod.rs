//! One module per language: the mapping from its tree-sitter node kinds to
//! the IR, and its table of idioms ([`crate::frontend::code::lang::Lang`]).
//! Adding a language is adding a file here, a grammar crate, and its
//! libraries' API tables under `knowledge/api/`.

pub mod csharp;
pub mod go;
pub mod java;
pub mod javascript;
pub mod kotlin;
pub mod python;
pub mod rust;
pub mod scala;
