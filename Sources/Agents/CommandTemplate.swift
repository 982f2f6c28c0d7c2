public import Core
import Factorization
import Foundation

/// W&B's `program` / `command` keys turned into an argument vector for one run's config.
///
/// Macros: `${env}` → `/usr/bin/env`; `${interpreter}` → `python3` for a `.py` program,
/// `bash` for `.sh`, else nothing; `${program}` → the program; `${args}` → `--name=value`
/// per parameter (in name order); `${args_no_hyphens}` → `name=value`; `${args_json}` → the
/// config as one JSON object. Without `command`, the default is
/// `${env} ${interpreter} ${program} ${args}`.
public struct CommandTemplate: Sendable, Equatable {
    /// The `program` key, if any.
    public var program: String?
    /// The `command` key, if any.
    public var command: [String]?

    /// A template from the sweep's keys (at least one of them is set).
    public init(program: String?, command: [String]?) {
        self.program = program
        self.command = command
    }

    /// The argument vector for `config` (empty tokens dropped).
    public func arguments(for config: [String: ParameterValue]) -> [String] {
        let template = command ?? ["${env}", "${interpreter}", "${program}", "${args}"]
        var out: [String] = []
        for token in template {
            switch token {
            case "${env}": out.append("/usr/bin/env")
            case "${interpreter}":
                if let p = program, p.hasSuffix(".py") { out.append("python3") }
                if let p = program, p.hasSuffix(".sh") { out.append("bash") }
            case "${program}": if let p = program { out.append(p) }
            case "${args}": out += config.keys.sorted().map { "--\($0)=\(Self.text(config[$0]!))" }
            case "${args_no_hyphens}": out += config.keys.sorted().map { "\($0)=\(Self.text(config[$0]!))" }
            case "${args_json}": out.append(ConfigCoding.json(config))
            default: out.append(token)
            }
        }
        return out.filter { !$0.isEmpty }
    }

    /// A value as it appears on a command line (lists as JSON).
    static func text(_ value: ParameterValue) -> String {
        switch value {
        case .list: ConfigCoding.json(value)
        default: value.description
        }
    }
}
