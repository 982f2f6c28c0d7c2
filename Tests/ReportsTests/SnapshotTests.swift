import Foundation
import TestSupport
import Testing

/// The snapshot helper's rule: `MFSWEEP_UPDATE_SNAPSHOTS=1` rewrites a snapshot and fails the
/// test saying so; on CI it fails without writing; otherwise it compares.
struct SnapshotTests {
    static let update = ["MFSWEEP_UPDATE_SNAPSHOTS": "1"]

    @Test func comparesUnlessUpdatingIsSwitchedOn() {
        #expect(Snapshot.mode(environment: [:]) == .compare)
        #expect(Snapshot.mode(environment: ["MFSWEEP_UPDATE_SNAPSHOTS": "0"]) == .compare)
        #expect(Snapshot.mode(environment: ["MFSWEEP_UPDATE_SNAPSHOTS": ""]) == .compare)
        #expect(Snapshot.mode(environment: ["CI": "true"]) == .compare)
        #expect(Snapshot.mode(environment: Self.update) == .update)
        #expect(Snapshot.mode(environment: Self.update.merging(["CI": ""]) { $1 }) == .update)
    }

    @Test(arguments: ["true", "1", "yes"])
    func refusesUpdatingOnCI(ci: String) {
        #expect(Snapshot.mode(environment: Self.update.merging(["CI": ci]) { $1 }) == .refuseUpdateOnCI)
    }

    @Test func anUpdatingRunRewritesTheFileAndFailsTheTest() throws {
        try withTempDirectory { dir in
            let file = URL(fileURLWithPath: try dir.file("s.txt", "old\n"))
            try withKnownIssue("an updating run is never green") {
                let matched = try Snapshot.matches("new\n", file: file, environment: Self.update)
                #expect(matched, "the file now holds the text")
            } matching: { issue in
                issue.comments.contains { $0.rawValue.contains("rewrote the snapshot \(file.path)") }
            }
            #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
        }
    }

    @Test func updatingOnCIFailsAtOnceAndLeavesTheFile() throws {
        try withTempDirectory { dir in
            let file = URL(fileURLWithPath: try dir.file("s.txt", "old\n"))
            let error = #expect(throws: Snapshot.UpdateOnCI.self) {
                try Snapshot.matches("new\n", file: file, environment: Self.update.merging(["CI": "true"]) { $1 })
            }
            #expect(error?.description.hasPrefix("MFSWEEP_UPDATE_SNAPSHOTS=1 on CI: CI checks snapshots") == true)
            #expect(try String(contentsOf: file, encoding: .utf8) == "old\n")
        }
    }

    @Test func comparingReportsADifferenceAndLeavesTheFile() throws {
        try withTempDirectory { dir in
            let file = URL(fileURLWithPath: try dir.file("s.txt", "old\n"))
            #expect(try Snapshot.matches("old\n", file: file, environment: [:]))
            #expect(try !Snapshot.matches("old", file: file, environment: [:]))
            try withKnownIssue("the text differs") {
                try Snapshot.expect("new\n", file: file, environment: [:])
            } matching: { issue in
                issue.comments.contains { $0.rawValue.hasPrefix("s.txt differs from the snapshot") }
            }
            #expect(try String(contentsOf: file, encoding: .utf8) == "old\n")
        }
    }
}
