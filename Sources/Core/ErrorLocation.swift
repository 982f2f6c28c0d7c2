/// Where a user-facing error happened, so a person (or a tool reading errors) can go there.
public enum ErrorLocation: Sendable, Hashable, CustomStringConvertible {
    /// A file, with a 1-based line and column when known (`ratings.csv:17`, `sweep.json:3:12`).
    case file(String, line: Int? = nil, column: Int? = nil)
    /// A value in a JSON document: the file and the JSON path (`parameters.alpha.min`).
    case jsonPath(file: String, path: String)
    /// A hyperparameter, by its book name (`ell_2`).
    case parameter(String)
    /// A command-line option (`--threads`).
    case option(String)
    /// The run store at this path.
    case store(String)
    /// A sweep in the store, by name.
    case sweep(String)
    /// A run of a sweep: `sweep/number`.
    case run(sweep: String, number: Int)
    /// A model of the registry, by reference (`movielens-mf@champion`) or file path.
    case model(String)

    /// `FILE:LINE:COL`, `FILE [at PATH]`, `parameter NAME`, `--option`, `store PATH`,
    /// `sweep 'NAME'`, `run SWEEP/N` or `model REF`.
    public var description: String {
        switch self {
        case .file(let path, let line, let column):
            path + (line.map { ":\($0)" } ?? "") + (line != nil ? column.map { ":\($0)" } ?? "" : "")
        case .jsonPath(let file, let path): "\(file) [at \(path)]"
        case .parameter(let name): "parameter \(name)"
        case .option(let name): name
        case .store(let path): "store \(path)"
        case .sweep(let name): "sweep '\(name)'"
        case .run(let sweep, let number): "run \(sweep)/\(number)"
        case .model(let reference): "model \(reference)"
        }
    }
}
