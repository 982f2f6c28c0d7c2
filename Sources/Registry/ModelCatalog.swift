import Agents
public import Core
import Factorization
import Foundation
public import Tracking

/// `mfsweep models list` and `models show`: the registry's contents as values that print as
/// text or encode as JSON.
public enum ModelCatalog {
    /// One line of `models list`.
    public struct Entry: Codable, Sendable {
        /// The model's name.
        public var name: String
        /// Versions, archived ones included.
        public var versions: Int
        /// The highest version that is not archived.
        public var latest: Int?
        /// Alias → version.
        public var aliases: [String: Int]
        /// When its first version was registered, in seconds since 1970.
        public var createdAt: Double

        enum CodingKeys: String, CodingKey {
            case name, versions, latest, aliases
            case createdAt = "created_at"
        }
    }

    /// One version in `models show`.
    public struct Version: Codable, Sendable {
        /// The version number.
        public var version: Int
        /// `ready` or `archived`.
        public var state: String
        /// The aliases pointing at it.
        public var aliases: [String]
        /// Lineage: the sweep's name.
        public var sweep: String
        /// Lineage: the run's number in the sweep.
        public var run: Int
        /// The model kind, the config's `model`: `dot` or `embedding_nn`.
        public var kind: String
        /// The refitted config.
        public var config: [String: ParameterValue]
        /// The fingerprint of the data it was refitted on.
        public var dataFingerprint: String
        /// The run's cross-validation metrics.
        public var metrics: CVMetrics
        /// The refit's final train OMSE.
        public var refitTrainOMSE: Double?
        /// The refit's steps.
        public var refitSteps: Int
        /// The refit's wall time in seconds.
        public var refitSeconds: Double
        /// The model file, as a path from the current folder.
        public var artifact: String
        /// The sha256 of the file, in hex.
        public var sha256: String
        /// The file's size.
        public var bytes: Int
        /// The mfsweep version that registered it.
        public var toolVersion: String
        /// When it was registered, in seconds since 1970.
        public var createdAt: Double

        enum CodingKeys: String, CodingKey {
            case version, state, aliases, sweep, run, kind, config, metrics, artifact, sha256, bytes
            case dataFingerprint = "data_fingerprint"
            case refitTrainOMSE = "refit_train_omse"
            case refitSteps = "refit_steps"
            case refitSeconds = "refit_seconds"
            case toolVersion = "tool_version"
            case createdAt = "created_at"
        }
    }

    /// `models show NAME`.
    public struct Detail: Codable, Sendable {
        /// The model's name.
        public var name: String
        /// When its first version was registered, in seconds since 1970.
        public var createdAt: Double
        /// Alias → version.
        public var aliases: [String: Int]
        /// Every version, oldest first.
        public var versions: [Version]

        enum CodingKeys: String, CodingKey {
            case name, aliases, versions
            case createdAt = "created_at"
        }
    }

    /// Every model.
    public static func list(_ store: RunStore) throws -> [Entry] {
        try store.models().map { model in
            let versions = try store.modelVersions(modelID: model.id)
            let aliases = try store.modelAliases(modelID: model.id)
            return Entry(
                name: model.name, versions: versions.count, latest: versions.last { $0.state == .ready }?.version,
                aliases: Dictionary(uniqueKeysWithValues: aliases.map { ($0.alias, $0.version) }),
                createdAt: model.createdAt)
        }
    }

    /// One model with every version.
    public static func detail(_ store: RunStore, name: String) throws -> Detail {
        try ModelNaming.validateName(name)
        let model = try RegistryError.namingStore(store.path) { try store.model(named: name) }
        let aliases = try store.modelAliases(modelID: model.id)
        let versions = try store.modelVersions(modelID: model.id).map { v in
            let config = ConfigCoding.decode(v.configJSON) ?? [:]
            let kind: String = if case .string(let text)? = config["model"] { text } else { "dot" }
            return Version(
                version: v.version, state: v.state.rawValue,
                aliases: aliases.filter { $0.version == v.version }.map(\.alias), sweep: v.sweepName, run: v.runNumber,
                kind: kind, config: config, dataFingerprint: v.dataFingerprint,
                metrics: (try? JSONDecoder().decode(CVMetrics.self, from: Data(v.metricsJSON.utf8)))
                    ?? CVMetrics(metric: "?", goal: "?", value: nil, folds: []),
                refitTrainOMSE: v.refitTrainOMSE, refitSteps: v.refitSteps, refitSeconds: v.refitSeconds,
                artifact: ArtifactLocation.resolve(v.artifactPath, storePath: store.path), sha256: v.sha256,
                bytes: v.byteCount, toolVersion: v.toolVersion, createdAt: v.createdAt)
        }
        return Detail(
            name: model.name, createdAt: model.createdAt,
            aliases: Dictionary(uniqueKeysWithValues: aliases.map { ($0.alias, $0.version) }), versions: versions)
    }

    /// The text of `models list`.
    public static func render(_ entries: [Entry], storePath: String) -> String {
        guard !entries.isEmpty else { return "no models in \(storePath) (`mfsweep promote` registers one)" }
        let width = max(4, entries.map(\.name.count).max()!)
        var lines = ["name".padding(toLength: width, withPad: " ", startingAt: 0) + "  versions  latest  aliases"]
        for e in entries {
            let aliases = e.aliases.sorted { $0.key < $1.key }.map { "\($0.key) → v\($0.value)" }.joined(
                separator: ", ")
            lines.append(
                e.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + "\(e.versions)".padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
                    + (e.latest.map { "v\($0)" } ?? "-").padding(toLength: 6, withPad: " ", startingAt: 0) + "  "
                    + (aliases.isEmpty ? "-" : aliases))
        }
        return lines.joined(separator: "\n")
    }

    /// The text of `models show`.
    public static func render(_ d: Detail) -> String {
        let aliases = d.aliases.sorted { $0.key < $1.key }.map { "\($0.key) → v\($0.value)" }.joined(separator: ", ")
        var lines = [
            "model \(d.name): \(d.versions.count) version\(d.versions.count == 1 ? "" : "s"); aliases: \(aliases.isEmpty ? "none" : aliases)"
        ]
        for v in d.versions {
            lines.append("")
            lines.append(
                "v\(v.version) (\(v.state))" + (v.aliases.isEmpty ? "" : " @" + v.aliases.joined(separator: " @"))
                    + " registered \(timestamp(v.createdAt)) by mfsweep \(v.toolVersion)")
            lines.append("  lineage:  sweep \(v.sweep), run \(v.run), data \(v.dataFingerprint)")
            lines.append("  kind:     \(v.kind)")
            lines.append("  config:   \(ConfigCoding.json(v.config))")
            let folds = v.metrics.folds.compactMap(\.testOMSE).map { DecimalText.fixed($0, decimals: 4) }.joined(
                separator: " ")
            lines.append(
                "  cv:       \(v.metrics.metric) = \(v.metrics.value.map { DecimalText.fixed($0, decimals: 4) } ?? "-")"
                    + (folds.isEmpty ? "" : " (fold test omse: \(folds))"))
            lines.append(
                "  refit:    train omse \(v.refitTrainOMSE.map { DecimalText.fixed($0, decimals: 4) } ?? "-") after \(v.refitSteps) steps, "
                    + "\(DecimalText.fixed(v.refitSeconds, decimals: 1)) s")
            lines.append("  artifact: \(v.artifact) (\(v.bytes) bytes)")
            lines.append("  sha256:   \(v.sha256)")
        }
        return lines.joined(separator: "\n")
    }

    static func timestamp(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
