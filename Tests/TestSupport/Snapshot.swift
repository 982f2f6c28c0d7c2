public import Foundation
public import Testing

/// Snapshot files: expected output kept in the repository and compared byte for byte.
///
/// `MFSWEEP_UPDATE_SNAPSHOTS=1 swift test` rewrites every snapshot a test compares, and each
/// such test fails saying which file it rewrote, so an updating run is never green: review the
/// diff, then run again without the variable to check. On CI (`CI` set to anything non-empty)
/// updating is refused: each snapshot test fails at once, and no file is written.
public enum Snapshot {
    /// The environment variable that switches updating on when it is `1`.
    public static let updateVariable = "MFSWEEP_UPDATE_SNAPSHOTS"

    /// What a snapshot check does.
    public enum Mode: Equatable, Sendable {
        /// Compare the text with the file.
        case compare
        /// Rewrite the file with the text, and fail the test saying so.
        case update
        /// Updating was asked for on CI: fail the test without writing.
        case refuseUpdateOnCI
    }

    /// The mode `environment` asks for: `update` when ``updateVariable`` is `1`, unless `CI` is
    /// set to anything non-empty, which refuses it.
    public static func mode(environment: [String: String]) -> Mode {
        guard environment[updateVariable] == "1" else { return .compare }
        let onCI = !(environment["CI"] ?? "").isEmpty
        return onCI ? .refuseUpdateOnCI : .update
    }

    /// Thrown when a snapshot test runs with updating switched on under CI.
    public struct UpdateOnCI: Error, CustomStringConvertible {
        /// The snapshot that would have been rewritten.
        public let file: String

        public var description: String {
            "\(Snapshot.updateVariable)=1 on CI: CI checks snapshots, it never rewrites them; "
                + "\(file) was left as it is (unset \(Snapshot.updateVariable))"
        }
    }

    /// Whether `text` equals the contents of the snapshot file at `url`.
    ///
    /// In ``Mode/update`` it writes `text` to the file, records an issue naming it and returns
    /// true.
    ///
    /// - Throws: ``UpdateOnCI`` in ``Mode/refuseUpdateOnCI``; an error when the file cannot be
    ///   read or written.
    @discardableResult
    public static func matches(
        _ text: String, file url: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Bool {
        switch mode(environment: environment) {
        case .refuseUpdateOnCI:
            throw UpdateOnCI(file: url.path)
        case .update:
            try Data(text.utf8).write(to: url)
            let message =
                "rewrote the snapshot \(url.path) (\(updateVariable)=1); review the diff, then run "
                + "again without \(updateVariable) to check it"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
            return true
        case .compare:
            return try String(contentsOf: url, encoding: .utf8) == text
        }
    }

    /// Expects `text` to equal the contents of the snapshot file at `url`, recording an issue
    /// that shows `text` when it differs (see ``matches(_:file:environment:sourceLocation:)``
    /// for updating).
    public static func expect(
        _ text: String, file url: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let matched = try matches(text, file: url, environment: environment, sourceLocation: sourceLocation)
        #expect(
            matched,
            "\(url.lastPathComponent) differs from the snapshot (\(updateVariable)=1 swift test rewrites it):\n\(text)",
            sourceLocation: sourceLocation)
    }
}
