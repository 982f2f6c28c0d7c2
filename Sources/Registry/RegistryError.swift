public import Core
public import Tracking

/// A registry request that cannot be carried out: a bad name or reference, a run that cannot be
/// promoted, a user or users file the model does not know, or a refit that failed.
public enum RegistryError: MFSweepError, Equatable {
    /// `what` ("model name" or "alias") breaks the naming rules; `problem` says how.
    case invalidName(what: String, text: String, problem: String)
    /// An alias made of digits would read as a version.
    case numericAlias(String)
    /// `latest` is not an alias a user may set.
    case reservedAlias
    /// A version number that cannot exist (0, or too large to be one).
    case versionOutOfRange(reference: String, selector: String)
    /// A `NAME@VERSION` was expected.
    case expectedVersionReference(String)
    /// No model has this name in the store at `store`; `known` lists its models.
    case unknownModel(name: String, store: String, known: [String])
    /// No item of the model has this raw id or title.
    case unknownItem(item: String, model: String)
    /// Several titles match; `matches` are the first few as `TITLE [item ID]`, of `count`
    /// (10 means 10 or more).
    case ambiguousItem(item: String, model: String, count: Int, matches: [String])
    /// The model does not know this user (and no cold-start was asked for).
    case unknownUser(user: String, model: String, users: Int)
    /// A `--users` file that cannot be used: `line` is 1-based when the problem is on one line.
    case usersFile(path: String, line: Int?, message: String)
    /// Promote names a run the sweep does not have.
    case noRun(sweep: String, number: Int)
    /// Only finished runs can be promoted.
    case runNotFinished(sweep: String, number: Int, state: RunState)
    /// `--best` of a sweep without a finished run that has a metric value.
    case noFinishedRun(sweep: String, metric: String)
    /// A sweep of a user's program has no model of ours to refit.
    case commandSweep(String)
    /// The run's stored config is not readable JSON of parameter values.
    case unreadableConfig(sweep: String, number: Int, json: String)
    /// The run's stored config no longer makes valid hyperparameters.
    case invalidConfig(sweep: String, number: Int, reason: String)
    /// The refit on all the data diverged; nothing was registered.
    case refitDiverged(sweep: String, number: Int, reason: String)

    /// The one-line message: what was wrong and what is accepted.
    public var description: String {
        switch self {
        case .invalidName(let what, let text, let problem):
            let rules = "use 1-\(ModelNaming.maxLength) letters, digits, '-', '_' and '.', not starting with '.'"
            return text.isEmpty ? "\(what) is empty; \(rules)" : "\(what) \(problem); \(rules)"
        case .numericAlias(let alias):
            return
                "alias '\(alias)' is a number, which would read as a version; use a name such as champion or production"
        case .reservedAlias:
            return "alias 'latest' is reserved: it always means the highest version that is not archived"
        case .versionOutOfRange(let reference, let selector):
            return "model '\(reference)': version \(selector) is out of range; versions count from 1"
        case .expectedVersionReference(let text):
            return "'\(text)': expected NAME@VERSION, such as movielens-mf@3"
        case .unknownModel(let name, let store, let known):
            return "no model named '\(name)' in the run store \(store)"
                + (known.isEmpty
                    ? " (it has no models; `mfsweep promote` registers one)"
                    : "; models: " + known.joined(separator: ", "))
        case .unknownItem(let item, let model):
            return "item '\(item)' is not in model \(model): no raw item id or title matches"
        case .ambiguousItem(let item, let model, let count, let matches):
            return "item '\(item)' matches \(count == 10 ? "10 or more" : "\(count)") titles of model \(model): "
                + matches.prefix(5).joined(separator: "; ") + (count > 5 ? "; …" : "")
                + "; give the raw id, or a whole title that only one item has"
        case .unknownUser(let user, let model, let users):
            return "user \(user) is not in model \(model) (\(users) users); "
                + "--cold-start popular recommends the items with the highest learned bias"
        case .usersFile(let path, let line, let message):
            return path + (line.map { ":\($0)" } ?? "") + ": " + message
        case .noRun(let sweep, let number):
            return "sweep '\(sweep)' has no run \(number)"
        case .runNotFinished(let sweep, let number, let state):
            return "run \(sweep)/\(number) is \(state.rawValue), not finished; promote a finished run"
        case .noFinishedRun(let sweep, let metric):
            return "sweep '\(sweep)' has no finished run with a value of \(metric) yet"
        case .commandSweep(let sweep):
            return "sweep '\(sweep)' runs a program, so its runs have no built-in model to promote"
        case .unreadableConfig(let sweep, let number, let json):
            return "run \(sweep)/\(number) has an unreadable config: \(json)"
        case .invalidConfig(let sweep, let number, let reason):
            return "run \(sweep)/\(number): \(reason)"
        case .refitDiverged(let sweep, let number, let reason):
            return "the refit of run \(sweep)/\(number) on all the data diverged (\(reason)); nothing was registered"
        }
    }

    /// The name, reference, user, file or run the error is about.
    public var location: ErrorLocation? {
        switch self {
        case .invalidName(let what, let text, _): what == "alias" ? .option("--alias") : .model(text)
        case .numericAlias, .reservedAlias: .option("--alias")
        case .versionOutOfRange(let reference, _), .expectedVersionReference(let reference): .model(reference)
        case .unknownModel(let name, _, _): .model(name)
        case .unknownUser(_, let model, _), .unknownItem(_, let model), .ambiguousItem(_, let model, _, _):
            .model(model)
        case .usersFile(let path, let line, _): .file(path, line: line)
        case .noRun(let sweep, let number), .runNotFinished(let sweep, let number, _),
            .unreadableConfig(let sweep, let number, _), .invalidConfig(let sweep, let number, _),
            .refitDiverged(let sweep, let number, _):
            .run(sweep: sweep, number: number)
        case .noFinishedRun(let sweep, _), .commandSweep(let sweep): .sweep(sweep)
        }
    }

    /// A diverged refit is a failure of the work; everything else is bad input.
    public var exitStatus: ExitStatus {
        if case .refitDiverged = self { return .failure }
        return .invalidInput
    }
}

extension RegistryError {
    /// Runs `body`, a look-up of a model in the store at `store`, naming the store when the
    /// model is unknown (``StoreError/unknownModel(name:known:)`` becomes
    /// ``unknownModel(name:store:known:)``).
    static func namingStore<T>(_ store: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch StoreError.unknownModel(let name, let known) {
            throw RegistryError.unknownModel(name: name, store: store, known: known)
        }
    }
}
