//! Unit tests of the code front-end, one file per language.

mod csharp;
mod go;
mod java;
mod javascript;
mod python;
mod rust;
