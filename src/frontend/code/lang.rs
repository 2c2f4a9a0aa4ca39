//! What the analysis needs to know about a language beyond its syntax:
//! its collection and map idioms, its standard clock/random/conversion
//! calls, the frameworks' handler markers. One static table per language
//! (in `syntax/<lang>.rs`), read by the shared analysis.

use super::lower::LowerFn;

/// How a map factory call lays out its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapShape {
    /// `Map.of(k1, v1, k2, v2)`.
    Alternating,
    /// `mapOf(k to v)`, `Map(k -> v)`: each argument is a pair.
    Pairs,
    /// `Map.ofEntries(entry(k, v))`, `Map.entry`: each argument is an entry call.
    Entries,
    /// `dict(acks=1, **base)`: keyword arguments are entries.
    Kwargs,
    /// A copy or view of the first argument (`new HashMap<>(m)`,
    /// `Collections.unmodifiableMap(m)`, `dict(m)`).
    Copy,
    /// A lambda argument whose body fills the map through an implicit
    /// receiver (`buildMap { put(..) }`).
    Builder,
}

/// A language's table.
pub struct Lang {
    pub id: &'static str,
    pub language: fn() -> tree_sitter::Language,
    pub lower: LowerFn,
    pub comments: &'static [&'static str],
    /// Map types built empty or copied (`new HashMap<>()`, `Properties()`).
    pub map_types: &'static [&'static str],
    /// Calls that build maps: (qualifier or "", name, shape).
    pub map_factories: &'static [(&'static str, &'static str, MapShape)],
    /// Binary operators that make a pair (`to`, `->`).
    pub pair_ops: &'static [&'static str],
    /// Methods that put one entry into a map (`put`, `setProperty`).
    pub put_methods: &'static [&'static str],
    /// Methods that merge a whole map in (`putAll`, `update`).
    pub merge_methods: &'static [&'static str],
    /// Methods after which a map's content cannot be known (`load`).
    pub opaque_methods: &'static [&'static str],
    /// Calls that only read the arguments they are given.
    pub read_only_calls: &'static [&'static str],
    /// Calls whose lambda runs with the receiver as implicit `this`
    /// (Kotlin `apply`/`run`/`with`), or as its parameter (`also`).
    pub scope_functions: &'static [&'static str],
    /// Conversions that view a value unchanged (`asJava`, `toMap`).
    pub views: &'static [&'static str],
    /// Calls whose lambda argument runs once per element.
    pub loop_calls: &'static [&'static str],
    /// Annotations/decorators marking a per-message handler.
    pub message_annotations: &'static [&'static str],
    /// Annotations/decorators marking a per-request handler.
    pub request_annotations: &'static [&'static str],
    /// Method names that are per-message handlers.
    pub message_handler_names: &'static [&'static str],
    /// Method names that are per-request handlers.
    pub request_handler_names: &'static [&'static str],
    /// Parameter types that mark a per-request handler.
    pub request_param_types: &'static [&'static str],
    /// Base classes whose methods are per-request handlers (ASP.NET
    /// `ControllerBase`); a class annotation in `request_annotations`
    /// (`[ApiController]`) does the same.
    pub request_bases: &'static [&'static str],
    /// Methods whose lambda/function argument handles requests (`app.post`).
    pub route_calls: &'static [&'static str],
    /// Calls that make the loop around them a consumer loop (`poll`).
    pub poll_calls: &'static [&'static str],
    /// Calls that make a method return a per-message handler lambda
    /// (functional bindings): declared return types.
    pub handler_return_types: &'static [&'static str],
    /// Named numeric constants of the standard library.
    pub constants: &'static [(&'static str, i64)],
    /// Named boolean constants (`Boolean.TRUE`).
    pub bool_constants: &'static [(&'static str, bool)],
    /// Duration constructors and units: (path, milliseconds per unit).
    pub durations: &'static [(&'static str, f64)],
    /// Clock reads: (qualifier, method); qualifier "" matches any receiver
    /// whose name ends in "clock".
    pub clock_calls: &'static [(&'static str, &'static str)],
    /// Types whose construction reads the clock (`new Date()`).
    pub clock_types: &'static [&'static str],
    /// Random sources: (qualifier, method); method "*" matches any.
    pub random_calls: &'static [(&'static str, &'static str)],
    /// Types of random generators (`Random`).
    pub random_types: &'static [&'static str],
    /// Conversions that keep the cardinality of their input: (qualifier,
    /// name); an empty qualifier is a method on the value itself.
    pub conversions: &'static [(&'static str, &'static str)],
    /// Types that are not domain objects.
    pub non_domain_types: &'static [&'static str],
    /// Environment reads with a default: (qualifier, name, index of the
    /// default argument, or usize::MAX when the default comes from `??`/`||`).
    pub env_reads: &'static [(&'static str, &'static str, usize)],
    /// Serialisation calls: their output carries the input's entity.
    pub serializers: &'static [&'static str],
    /// Names of the current object.
    pub this_names: &'static [&'static str],
    /// An assignment to an unknown name declares it (Python).
    pub assign_declares: bool,
    /// Methods that read a key=value file into the map they are called on
    /// (`Properties.load(in)`), and the calls or types that open such a
    /// file by a literal path: (name, whether it names a class-path
    /// resource rather than a path from the working directory).
    pub file_loads: &'static [&'static str],
    pub file_openers: &'static [(&'static str, bool)],
    /// Operators that merge two maps into a new one, the right side's
    /// entries winning (Kotlin `a + b`, Scala `a ++ b`, Python `a | b`).
    pub map_merge_ops: &'static [&'static str],
    /// Objects a module exports through (CommonJS `module.exports = {..}`,
    /// `exports.name = ..`): their properties are the module's exports.
    pub export_objects: &'static [&'static str],
    /// The keyword that opens an asynchronous lambda (`async (x) => ..`,
    /// `async x => ..`, `async move |x| ..`); empty when the language has none.
    pub async_lambda: &'static str,
    /// String-literal delimiters for the pre-parse gate's lexer.
    pub gate: GateSyntax,
    /// How function bodies are delimited, for blanking the ones the
    /// analysis cannot need before the parse (`elide.rs`).
    pub elide: Elide,
}

/// How a language delimits function bodies, for the elision before parsing.
#[derive(Debug, Clone, Copy)]
pub enum Elide {
    /// In braces. `keywords` stand right before a parameter list without
    /// being a function's name (Go's `func (r *T) Name(..)`, JS's
    /// `function (..)`, `async (..) =>`).
    Braces { keywords: &'static [&'static str] },
    /// By indentation (Python's `def`).
    Indent,
}

impl Lang {
    /// Integers never overflow and `%` takes the divisor's sign (Python):
    /// `abs(h) % n` is always a valid index.
    pub fn floor_modulo(&self) -> bool {
        self.id == "python"
    }

    /// Built-in hash functions salted per process (Python's `hash()` of
    /// str and bytes, randomised by PYTHONHASHSEED): plain calls by name.
    pub fn salted_hashes(&self) -> &'static [&'static str] {
        match self.id {
            "python" => &["hash"],
            _ => &[],
        }
    }
}

/// Comment and string syntax, for telling code from comments and strings
/// without parsing.
#[derive(Debug, Clone, Copy)]
pub struct GateSyntax {
    pub line_comments: &'static [&'static str],
    pub block_comments: &'static [(&'static str, &'static str)],
    /// String delimiters, longest first (`"""` before `"`).
    pub strings: &'static [&'static str],
    /// Whether backslash escapes inside strings.
    pub escapes: bool,
    /// Whether code outside a package names its functions and types only
    /// through the package (Go's `sarama.NewSyncProducer`, `*kgo.Client`):
    /// a bare name of a library that needs its import is then the
    /// library's own code, which uses no producer of its own.
    pub qualified_imports: bool,
}
