/// Where a value sits in a JSON document, printed as `parameters.alpha.min` or `command[2]`
/// (a key that is not a plain identifier is quoted: `parameters["my key"]`). The root is empty.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: an object key or an array index.
    public enum Component: Sendable, Hashable {
        /// An object member's key.
        case key(String)
        /// A 0-based array index.
        case index(Int)
    }

    /// The steps from the root.
    public var components: [Component]

    /// The document's root.
    public static let root = JSONPath(components: [])

    /// A path of `components`.
    public init(components: [Component]) { self.components = components }

    /// This path followed by the object key `key`.
    public func appending(_ key: String) -> JSONPath {
        JSONPath(components: components + [.key(key)])
    }

    /// This path followed by the array index `index`.
    public func appending(index: Int) -> JSONPath {
        JSONPath(components: components + [.index(index)])
    }

    /// True for the root.
    public var isRoot: Bool { components.isEmpty }

    /// `parameters.alpha.min`, `command[2]`, `parameters["a b"]`; empty for the root.
    public var description: String {
        var out = ""
        for c in components {
            switch c {
            case .index(let i):
                out += "[\(i)]"
            case .key(let k):
                let plain =
                    !k.isEmpty
                    && k.unicodeScalars.allSatisfy {
                        ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
                            || $0 == "-"
                    }
                if plain {
                    out += out.isEmpty ? k : "." + k
                } else {
                    out += "[" + CanonicalJSON.quoted(k) + "]"
                }
            }
        }
        return out
    }
}
