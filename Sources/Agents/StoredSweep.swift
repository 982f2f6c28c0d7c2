import Foundation
public import Search

/// How a sweep's spec is kept in the store: its canonical JSON plus the folder of the sweep
/// file, so that an agent started from any shell resolves relative paths (a `program`, a data
/// file) exactly as the launcher did.
public struct StoredSweep: Sendable, Codable, Equatable {
    /// The folder of the sweep file (absolute).
    public var baseDirectory: String
    /// ``SweepSpec/canonicalJSON`` of the spec.
    public var spec: String

    enum CodingKeys: String, CodingKey {
        case baseDirectory = "base_directory"
        case spec
    }

    /// The stored form of `spec`.
    public init(_ spec: SweepSpec) {
        baseDirectory = URL(fileURLWithPath: spec.baseDirectory).standardizedFileURL.path
        self.spec = spec.canonicalJSON
    }

    /// The text kept in the store's `spec_json` column.
    public var text: String { ConfigCoding.json(self) }

    /// Reads the stored text of sweep `name` back into a spec.
    public static func decode(_ text: String, sweep name: String) throws -> SweepSpec {
        let stored: StoredSweep
        do {
            stored = try JSONDecoder().decode(StoredSweep.self, from: Data(text.utf8))
        } catch {
            throw SweepError.unreadableSpec(sweep: name, reason: "\(error)")
        }
        do {
            return try SweepFile.parse(
                Array(stored.spec.utf8), file: "sweep '\(name)' (stored)", baseDirectory: stored.baseDirectory,
                checksDataFile: false)
        } catch {
            throw SweepError.invalidStoredSpec(sweep: name, reason: "\(error)")
        }
    }
}
