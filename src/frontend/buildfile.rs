//! Build files: dependency versions (being written).
use crate::model::FileFacts;
use std::path::Path;

pub fn extract_pom(_path: &Path, _text: &str) -> FileFacts {
    FileFacts::default()
}

pub fn extract_gradle(_path: &Path, _text: &str) -> FileFacts {
    FileFacts::default()
}
