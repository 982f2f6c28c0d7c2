import Core
import Search
import TestSupport
import Testing

/// A sweep file's `data.features`, `data.user_features` and `data.item_features`.
@Suite struct SweepDataFeaturesTests {
    /// A folder with a `u.data`, shared by the tests (read-only).
    static let dir: TempDirectory = {
        let dir = try! TempDirectory()
        try! dir.file("u.data", "1\t1\t5\t1\n")
        return dir
    }()

    @Test func readsFeaturesAndFilesResolvedAgainstTheSweepFile() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.file("u.data", "1\t1\t5\t1\n")
        let users = try dir.file("side/users.csv", "user_id,age\n1,30\n")
        let items = try dir.file("items.tsv", "id\tprice\n1\t2\n")
        let source = #"""
            {"parameters": {"alpha": {"value": 1.0}}, "data": {"path": "u.data",
              "features": ["user.age", "item.price:categorical", "time.hour"],
              "user_features": {"path": "side/users.csv", "key": "user_id", "delimiter": ","},
              "item_features": "items.tsv"}}
            """#
        let spec = try SweepFile.parse(Array(source.utf8), file: "s.json", baseDirectory: dir.path)
        let expected = SideFeatureRequest(
            names: ["user.age", "item.price:categorical", "time.hour"],
            userFile: SideFeatureFile(path: users, key: .name("user_id"), delimiter: ","),
            itemFile: SideFeatureFile(path: items))
        #expect(spec.features == expected)
        let again = try SweepFile.parse(Array(spec.canonicalJSON.utf8), file: "stored", baseDirectory: dir.path)
        #expect(again == spec)
    }

    @Test func withoutFeaturesTheCanonicalJSONIsUnchanged() throws {
        let spec = try parse(
            sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""data": {"path": "u.data"}"#), in: Self.dir.path)
        #expect(spec.features == nil)
        #expect(!spec.canonicalJSON.contains("features"))
    }

    @Test func diagnosticsNameTheJSONPath() {
        let found = diagnostics(
            sweep(
                #"{"alpha": {"value": 1.0}}"#,
                extra:
                    #""data": {"path": "u.data", "features": ["user.age", "user.height", 3, "user.age", "time.day", "item.year:continuous"]}"#
            ),
            in: Self.dir.path)
        let byPath = Dictionary(found.map { ($0.path, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath["data.features[2]"] == "expected a string, got the number 3")
        let names = diagnostics(
            sweep(
                #"{"alpha": {"value": 1.0}}"#,
                extra:
                    #""data": {"path": "u.data", "features": ["user.age", "time.day", "item.year:continuous", "user.age"]}"#
            ),
            in: Self.dir.path)
        #expect(names.map(\.path) == ["data.features[1]", "data.features[2]", "data.features[3]"])
        #expect(names[0].message.hasPrefix("unknown feature 'time.day'; known: time.year, time.month"))
        #expect(names[1].message.hasPrefix("feature 'item.year' has a fixed type"))
        #expect(names[2].message == "feature 'user.age' is listed twice")
    }

    @Test func rejectsMissingFilesBadKeysAndSyntheticData() {
        let missing = diagnostics(
            sweep(
                #"{"alpha": {"value": 1.0}}"#,
                extra:
                    #""data": {"path": "u.data", "features": ["user.a"], "user_features": {"path": "/nope/u.csv", "key": 0}}"#
            ),
            in: Self.dir.path)
        #expect(
            missing.map(\.path) == ["data.user_features.key", "data.user_features.path"]
                || missing.map(\.path) == ["data.user_features.key"])
        #expect(missing.first?.message == "key must be a header name or a 1-based column number, got 0")
        let notFound = diagnostics(
            sweep(
                #"{"alpha": {"value": 1.0}}"#,
                extra:
                    #""data": {"path": "u.data", "features": ["item.a"], "item_features": {"path": "/nope/i.csv"}}"#),
            in: Self.dir.path)
        #expect(notFound.map(\.path) == ["data.item_features.path"])
        #expect(notFound.first?.message == "item_features file not found: /nope/i.csv")
        let noNames = diagnostics(
            sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""data": {"path": "u.data", "user_features": "/x/u.csv"}"#),
            in: Self.dir.path)
        #expect(noNames.contains { $0.message.hasPrefix("user_features needs \"features\"") && $0.path == "data" })
        let synthetic = diagnostics(
            sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""data": {"synthetic": {}, "features": ["time.hour"]}"#))
        #expect(
            synthetic.map(\.message) == [
                "features needs a ratings file (data.path); synthetic data has no side features"
            ])
    }
}
