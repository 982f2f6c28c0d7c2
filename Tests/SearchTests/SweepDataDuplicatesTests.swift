import Core
import Search
import TestSupport
import Testing

/// A sweep file's `data.duplicates`: parsed, stored in the canonical JSON only when not the
/// default (so stored specs of sweeps made before it existed stay identical), and checked.
@Suite struct SweepDataDuplicatesTests {
    @Test func readsAndStoresThePolicy() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let data = try dir.file("u.data", "1\t1\t5\t1\n")
        let source = #"{"parameters": {"alpha": {"value": 1.0}}, "data": {"path": "u.data", "duplicates": "mean"}}"#
        let spec = try SweepFile.parse(Array(source.utf8), file: "s.json", baseDirectory: dir.path)
        #expect(spec.data == .file(path: data, format: .auto, duplicates: .mean))
        #expect(spec.canonicalJSON.contains(#""data":{"duplicates":"mean","format":"auto","path":"\#(data)"}"#))
        let again = try SweepFile.parse(Array(spec.canonicalJSON.utf8), file: "stored", baseDirectory: dir.path)
        #expect(again == spec)
    }

    @Test func theDefaultIsErrorAndIsLeftOutOfTheCanonicalJSON() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let data = try dir.file("u.data", "1\t1\t5\t1\n")
        for source in [
            #"{"name": "x", "parameters": {"alpha": {"value": 1.0}}, "data": {"path": "u.data"}}"#,
            #"{"name": "x", "parameters": {"alpha": {"value": 1.0}}, "data": {"path": "u.data", "duplicates": "error"}}"#,
        ] {
            let spec = try SweepFile.parse(Array(source.utf8), file: "s.json", baseDirectory: dir.path)
            #expect(spec.data == .file(path: data, format: .auto, duplicates: .error))
            #expect(
                spec.canonicalJSON
                    == #"{"data":{"format":"auto","path":"\#(data)"},"method":"random","metric":{"goal":"minimize","name":"Test omse_mean"},"name":"x","parameters":{"alpha":{"distribution":"constant","value":1.0}},"seed":0}"#
            )
        }
    }

    @Test func rejectsAnUnknownPolicyAndOneWithSyntheticData() {
        let unknown = diagnostics(
            sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""data": {"path": "/x/u.data", "duplicates": "first"}"#))
        #expect(unknown.map(\.message).contains("unknown duplicates policy 'first'; accepted: error, last, mean"))
        #expect(unknown.contains { $0.path == "data.duplicates" })
        let synthetic = diagnostics(
            sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""data": {"synthetic": {}, "duplicates": "last"}"#))
        #expect(synthetic.map(\.message).contains { $0.hasPrefix("data takes either path") })
    }

    @Test func overridingDataTakesAPolicy() throws {
        let spec = try parse(sweep(#"{"alpha": {"value": 1.0}}"#))
        let moved = spec.overridingData(path: "/d/u.data", format: .movieLens100k, duplicates: .last)
        #expect(moved.data == .file(path: "/d/u.data", format: .movieLens100k, duplicates: .last))
    }
}
