import Core

/// A parameter value in a form where equal configs hash alike: numbers compare numerically
/// (`.int(2)` equals `.double(2.0)`), other values by their content.
enum ValueKey: Hashable {
    case number(Double)
    case bool(Bool)
    case string(String)
    case list([ValueKey])

    init(_ value: ParameterValue) {
        switch value {
        case .int(let i): self = .number(Double(i))
        case .double(let d): self = .number(d == 0 ? 0 : d)  // -0.0 equals 0.0
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .list(let l): self = .list(l.map(ValueKey.init))
        }
    }
}
