public import Core
import Foundation

/// A validated sweep: what to search, how, on which data, and how to measure it.
///
/// Read one with ``SweepFile``. ``canonicalJSON`` is the spec with every default filled in,
/// keys sorted, for storing; parsing it again (with the same ``baseDirectory``) gives an equal
/// spec.
public struct SweepSpec: Sendable, Equatable {
    /// The sweep's name (default: the file name without its extension).
    public var name: String
    /// Free text describing the sweep.
    public var description: String?
    /// How configs are chosen.
    public var method: SearchMethod
    /// The metric to optimise.
    public var metric: SweepMetric
    /// Each swept parameter's distribution, by name.
    public var parameters: [String: Distribution]
    /// When to stop runs early (parsed, not yet acted on).
    public var earlyTerminate: EarlyTermination?
    /// The most runs the sweep makes, across all agents.
    public var runCap: Int?
    /// The training program of a command sweep (W&B `program`).
    public var program: String?
    /// The command line of a command sweep, with W&B's macros (W&B `command`).
    public var command: [String]?
    /// W&B's entity (kept, not used).
    public var entity: String?
    /// W&B's project (kept, not used).
    public var project: String?
    /// The ratings to train on; nil means the command line must give them.
    public var data: DataSource?
    /// The side features runs train with (`data.features`, `data.user_features`,
    /// `data.item_features`; only with a ratings file); nil without features.
    public var features: SideFeatureRequest?
    /// How runs measure generalisation; nil means the trainer's default for the config.
    public var validation: Validation?
    /// Seeds the samplers (and the runs' splits and initialisations).
    public var seed: UInt64
    /// How many runs to make by default.
    public var count: Int?
    /// The folder of the sweep file: relative paths (data, program) resolve against it.
    public var baseDirectory: String

    /// A spec; unspecified fields take the sweep file's defaults.
    public init(
        name: String, parameters: [String: Distribution], method: SearchMethod = .random,
        metric: SweepMetric = SweepMetric(), description: String? = nil, earlyTerminate: EarlyTermination? = nil,
        runCap: Int? = nil, program: String? = nil, command: [String]? = nil, entity: String? = nil,
        project: String? = nil, data: DataSource? = nil, validation: Validation? = nil, seed: UInt64 = 0,
        count: Int? = nil, baseDirectory: String = ".", features: SideFeatureRequest? = nil
    ) {
        self.features = features
        self.name = name
        self.parameters = parameters
        self.method = method
        self.metric = metric
        self.description = description
        self.earlyTerminate = earlyTerminate
        self.runCap = runCap
        self.program = program
        self.command = command
        self.entity = entity
        self.project = project
        self.data = data
        self.validation = validation
        self.seed = seed
        self.count = count
        self.baseDirectory = baseDirectory
    }

    /// The parameter names in sorted order: the order samplers draw in and grids vary
    /// (the last name fastest), as W&B.
    public var parameterNames: [String] { parameters.keys.sorted() }

    /// True when runs execute the sweep's `program`/`command` instead of the built-in trainer.
    public var runsCommand: Bool { program != nil || command != nil }

    /// This spec training on the file at `path` instead of its own `data` (for
    /// `launch FILE --data PATH`). A relative `path` is made absolute against the current
    /// directory; the caller checks that the file exists.
    public func overridingData(
        path: String, format: RatingsFormat, duplicates: DuplicatePolicy = .error
    ) -> SweepSpec {
        var copy = self
        let absolute =
            path.hasPrefix("/")
            ? path
            : URL(
                fileURLWithPath: path,
                relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            ).standardizedFileURL.path
        copy.data = .file(path: absolute, format: format, duplicates: duplicates)
        return copy
    }
}

extension SweepSpec {
    /// The longest sweep name, in Unicode scalars.
    public static let maxNameLength = 100

    /// What is wrong with `name` as a sweep name, or nil if it is fine.
    ///
    /// A name is printed at the start of `status` lines and in run references (`NAME/3`), so it
    /// is 1 to 100 characters with no control or line-separator characters (a NUL would be
    /// cut by SQLite's C strings, a newline would split a status line), no `/` (which would make
    /// `a/b/3` ambiguous), and no spaces at either end.
    public static func nameProblem(_ name: String) -> String? {
        let scalars = name.unicodeScalars
        guard !scalars.isEmpty else { return "a sweep name must not be empty" }
        if let bad = scalars.first(where: { s in
            [.control, .lineSeparator, .paragraphSeparator].contains(s.properties.generalCategory)
        }) {
            let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
            return "a sweep name must not contain control characters (found \(code))"
        }
        if name.contains("/") { return "a sweep name must not contain '/' (run references are NAME/NUMBER)" }
        if scalars.first!.properties.isWhitespace || scalars.last!.properties.isWhitespace {
            return "a sweep name must not start or end with a space"
        }
        if scalars.count > maxNameLength {
            return "a sweep name has at most \(maxNameLength) characters, this one \(scalars.count)"
        }
        return nil
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
