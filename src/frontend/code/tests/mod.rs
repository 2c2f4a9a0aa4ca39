//! Unit tests of the code front-end, one file per language.

mod builders;
mod csharp;
mod go;
mod java;
mod javascript;
mod kotlin;
mod python;
mod rust;
mod scala;
