//! Front-ends: one per language or configuration format. Each turns the text
//! of one file into [`FileFacts`] (the producer model); none of them decides
//! whether something is a problem — that is the rules' job.

pub mod buildfile;
pub mod code;
pub mod hocon;
pub mod librdkafka;
pub mod properties;
pub mod terraform;
pub mod yaml;

use crate::model::FileFacts;
use std::path::Path;

/// The kinds of file kafkalint understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Java,
    /// `.go` (test files `_test.go` are left out as test code).
    Go,
    /// `.cs`: C# (Confluent.Kafka).
    CSharp,
    /// `.rs`: Rust (the rdkafka crate).
    Rust,
    /// `.py`: Python (kafka-python, confluent-kafka, aiokafka).
    Python,
    /// `.js`, `.mjs`, `.cjs`, `.jsx`: JavaScript (kafkajs,
    /// @confluentinc/kafka-javascript, node-rdkafka).
    JavaScript,
    /// `.ts`, `.mts`, `.cts`: TypeScript (`.d.ts` declarations are skipped
    /// by name).
    TypeScript,
    /// `.tsx`: TypeScript with JSX.
    Tsx,
    /// `.kt`: Kotlin (kafka-clients, Spring Kafka). Build scripts
    /// (`.gradle.kts`) stay with the build-file reader.
    Kotlin,
    /// `.scala`, `.sc`: Scala (kafka-clients and its Scala wrappers).
    Scala,
    /// `*.conf`, `librdkafka.config`: a librdkafka `key=value`
    /// configuration file when its keys say so (see [`librdkafka`]).
    Conf,
    /// `.properties`: Spring Boot `application*.properties`, client
    /// `producer.properties`, broker `server.properties`.
    Properties,
    /// `.yml`/`.yaml`: Spring Boot `application*.yml`.
    Yaml,
    /// `pom.xml`
    Pom,
    /// `build.gradle`, `build.gradle.kts`, `gradle.properties`-free Gradle scripts.
    Gradle,
    /// The other dependency files of every ecosystem (`go.mod`,
    /// `package.json`, `Cargo.lock`, `*.csproj`, …): see [`buildfile::DepFile`].
    Dependencies(buildfile::DepFile),
    /// `.tf`: Terraform topic resources.
    Terraform,
}

impl FileKind {
    /// Decides from the file name alone; `None` means the file is not read.
    pub fn of(path: &Path) -> Option<FileKind> {
        FileKind::of_name(path.file_name()?.to_str()?)
    }

    /// The kind of a file by its bare name (see [`FileKind::of`]).
    pub fn of_name(name: &str) -> Option<FileKind> {
        if name == "pom.xml" {
            return Some(FileKind::Pom);
        }
        if name == "build.gradle" || name == "build.gradle.kts" {
            return Some(FileKind::Gradle);
        }
        if let Some(d) = buildfile::DepFile::of_name(name) {
            return Some(FileKind::Dependencies(d));
        }
        if name.ends_with(".config") && name.to_ascii_lowercase().contains("kafka") {
            return Some(FileKind::Conf);
        }
        let ext = name.rsplit_once('.')?.1;
        match ext {
            "java" => Some(FileKind::Java),
            "go" => Some(FileKind::Go),
            "cs" => Some(FileKind::CSharp),
            "rs" => Some(FileKind::Rust),
            "py" => Some(FileKind::Python),
            "js" | "mjs" | "cjs" | "jsx" => Some(FileKind::JavaScript),
            "ts" | "mts" | "cts" => Some(FileKind::TypeScript),
            "tsx" => Some(FileKind::Tsx),
            "kt" => Some(FileKind::Kotlin),
            "scala" | "sc" => Some(FileKind::Scala),
            "conf" => Some(FileKind::Conf),
            "properties" => Some(FileKind::Properties),
            "yml" | "yaml" => Some(FileKind::Yaml),
            "tf" => Some(FileKind::Terraform),
            _ => None,
        }
    }

    /// Build files are always read (they carry versions); other files only
    /// when the prefilter finds Kafka vocabulary in them.
    pub fn is_build_file(self) -> bool {
        matches!(
            self,
            FileKind::Pom | FileKind::Gradle | FileKind::Dependencies(_)
        )
    }

    /// The code language of the file, for languages whose front-end is the
    /// shared code front-end.
    pub fn code_lang(self) -> Option<&'static code::lang::Lang> {
        match self {
            FileKind::Java => Some(&code::syntax::java::SPEC),
            FileKind::Go => Some(&code::syntax::go::SPEC),
            FileKind::CSharp => Some(&code::syntax::csharp::SPEC),
            FileKind::Rust => Some(&code::syntax::rust::SPEC),
            FileKind::Python => Some(&code::syntax::python::SPEC),
            FileKind::JavaScript => Some(&code::syntax::javascript::JAVASCRIPT),
            FileKind::TypeScript => Some(&code::syntax::javascript::TYPESCRIPT),
            FileKind::Tsx => Some(&code::syntax::javascript::TSX),
            FileKind::Kotlin => Some(&code::syntax::kotlin::SPEC),
            FileKind::Scala => Some(&code::syntax::scala::SPEC),
            _ => None,
        }
    }

    /// Languages whose classes are, by convention, declared in a file named
    /// after them (`KafkaSettings.java`): project resolution finds a class
    /// a file refers to by that name.
    pub fn names_files_by_class(self) -> bool {
        matches!(
            self,
            FileKind::Java | FileKind::CSharp | FileKind::Kotlin | FileKind::Scala
        )
    }

    /// Lock files: read even when larger than source files may be (see
    /// `scan::MAX_LOCK_BYTES`), with a targeted search.
    pub fn is_lock_file(self) -> bool {
        matches!(self, FileKind::Dependencies(d) if d.is_lock())
    }
}

/// Extracts the facts of one file. Never panics on bad input: syntax errors
/// give partial facts plus a warning in [`FileFacts::warnings`].
///
/// `gated`: the code front-end's gate has already passed the text (the
/// walk asks it to leave most files unread by the parsing pool).
pub fn extract(kind: FileKind, path: &Path, text: &str, gated: bool) -> FileFacts {
    if let Some(lang) = kind.code_lang() {
        return code::extract(lang, path, text, gated);
    }
    match kind {
        // Other `.conf` formats (HOCON) are read by their own reader when
        // the text is not a librdkafka file.
        FileKind::Conf if hocon::looks_like(text) => hocon::extract(path, text),
        FileKind::Conf => librdkafka::extract(path, text),
        FileKind::Properties => properties::extract(path, text),
        FileKind::Yaml => yaml::extract(path, text),
        FileKind::Terraform => terraform::extract(path, text),
        FileKind::Pom => buildfile::extract_pom(path, text),
        FileKind::Gradle => buildfile::extract_gradle(path, text),
        FileKind::Dependencies(d) => buildfile::extract(d, path, text),
        FileKind::Java
        | FileKind::Go
        | FileKind::CSharp
        | FileKind::Rust
        | FileKind::Python
        | FileKind::JavaScript
        | FileKind::TypeScript
        | FileKind::Tsx
        | FileKind::Kotlin
        | FileKind::Scala => unreachable!("code languages are handled above"),
    }
}
