import Foundation
import Search
import Testing

/// Every sweep file shipped in `Sweeps/` parses, and the ml-100k ones name the data the
/// README says they use. Their data need not be present (CI may lack `../shared`).
@Suite struct ShippedSweepsTests {
    static let sweepsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sweeps").path

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sweepsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test func theFolderHoldsTheBooksAndTheWideSweeps() {
        for name in [
            "mf-test-sweep.json", "mf-HPO-with-reg.json", "mf-HPO-CV.json", "quickstart.json",
            "ml100k-wide.json", "ml100k-wide-hyperband.json",
        ] {
            #expect(Self.files.contains(name), "Sweeps/\(name) is missing")
        }
    }

    @Test(arguments: files) func parses(file: String) throws {
        let spec = try SweepFile.load(path: Self.sweepsDirectory + "/" + file, checksDataFile: false)
        #expect(spec.name == String(file.dropLast(".json".count)))
    }

    /// The hyperband sweep is the plain wide sweep plus its `early_terminate`.
    @Test func theHyperbandSweepDiffersOnlyInEarlyTermination() throws {
        let plain = try SweepFile.load(path: Self.sweepsDirectory + "/ml100k-wide.json", checksDataFile: false)
        var pruned = try SweepFile.load(
            path: Self.sweepsDirectory + "/ml100k-wide-hyperband.json", checksDataFile: false)
        guard case .hyperband(let h)? = pruned.earlyTerminate else {
            Issue.record("no hyperband in ml100k-wide-hyperband.json")
            return
        }
        #expect(h.minIter == 6 && h.eta == 5 && h.strict)
        pruned.earlyTerminate = plain.earlyTerminate
        pruned.name = plain.name
        pruned.description = plain.description
        #expect(pruned == plain)
    }
}
