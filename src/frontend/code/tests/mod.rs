//! Unit tests of the code front-end, one file per language.

mod go;
mod java;
