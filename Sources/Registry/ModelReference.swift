public import Tracking

/// What `--model` names: a registered version (`NAME@3`, `NAME@champion`, `NAME@latest`, or
/// `NAME`, which means `NAME@latest`) or an artifact file (any text with a `/`, such as
/// `./model.mfm` or `Runs/artifacts/mf/v1/model.mfm`).
public enum ModelReference: Sendable, Equatable, CustomStringConvertible {
    /// A version of a registered model.
    case registered(name: String, ModelSelector)
    /// A model file, loaded without the store (its own SHA-256 trailer is checked).
    case file(String)

    /// Parses `text`; throws a ``RegistryError`` for a bad name, version or alias.
    public init(parsing text: String) throws {
        if text.contains("/") {
            self = .file(text)
            return
        }
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        try ModelNaming.validateName(name)
        guard parts.count == 2 else {
            self = .registered(name: name, .latest)
            return
        }
        let selector = parts[1]
        if selector == ModelSelector.latestAlias {
            self = .registered(name: name, .latest)
        } else if !selector.isEmpty, selector.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            guard let k = Int(selector), k >= 1 else {
                throw RegistryError.versionOutOfRange(reference: text, selector: selector)
            }
            self = .registered(name: name, .version(k))
        } else {
            try ModelNaming.validateAlias(selector)
            self = .registered(name: name, .alias(selector))
        }
    }

    /// `NAME@SELECTOR` or the path.
    public var description: String {
        switch self {
        case .registered(let name, let selector): "\(name)@\(selector)"
        case .file(let path): path
        }
    }
}
