import Foundation
import TestSupport
import Testing

@testable import Tracking

/// Every command on a PostgreSQL store, and `store copy` both ways: real agents (processes)
/// sweep into the test server, the commands under test run in-process. The store URL carries a
/// password (the test server trusts loopback and ignores it) that no output may show.
@Suite("PostgreSQL store: every command, and store copy both ways")
struct PostgresCLITests {
    static let password = "s3cret-pw"

    /// The test server's URL for a new schema, with a password added.
    static func storeURL() throws -> String {
        let url = try #require(TestPostgres.freshStoreURL(), "\(TestPostgres.skipMessage)")
        return url.replacingOccurrences(of: "://postgres@", with: "://postgres:\(password)@")
    }

    @Test(.enabled(if: TestPostgres.isConfigured, "\(TestPostgres.skipMessage)"))
    func everyCommandWorksOnPostgreSQL() async throws {
        let url = try Self.storeURL()
        let setup = try await RegistryCLITests.Setup(runs: 4, store: url, agents: 2)
        var outputs: [CLIResult] = []
        func ok(_ arguments: [String]) async throws -> CLIResult {
            let result = try await setup.run(arguments)
            outputs.append(result)
            #expect(result.exitCode == 0, "\(result)")
            return result
        }
        let status = try await ok(["status"])
        #expect(status.stdout.contains("reg") && status.stdout.contains("4"), "\(status)")
        let runs = try await ok(["runs", "reg", "--format", "json"])
        let document = try runs.decode(RunsDocument.self)
        #expect(document.runs.map(\.number) == [1, 2, 3, 4] && document.runs.allSatisfy { $0.state == "finished" })
        _ = try await ok(["report", "reg"])
        _ = try await ok(["compare", "1", "2", "--sweep", "reg"])
        let promote = try await ok(["promote", "--best", "reg", "--name", "films", "--alias", "champion"])
        // No artifacts folder: the file is in the database.
        #expect(promote.stdout.contains("db:artifacts/films/v1/model.mfm in postgres://postgres@"), "\(promote)")
        #expect(!FileManager.default.fileExists(atPath: setup.dir.url("runs/artifacts")))
        _ = try await ok(["models", "list"])
        _ = try await ok(["models", "show", "films"])
        let rec = try await ok(["recommend", "--model", "films@champion", "--user", "7", "-k", "5", "--json"])
        let similar = try await ok(["similar", "--model", "films@champion", "--item", "3", "-k", "5", "--json"])
        let check = try await ok(["store", "check"])
        #expect(check.stdout.contains("store OK: 1 sweep, 4 runs, 1 model version checked"), "\(check)")

        // Out to a SQLite file and back into a new PostgreSQL schema: the reports are identical.
        let report = try await ok(["report", "reg", "--format", "json"]).stdout
        let file = setup.dir.url("copy/store.sqlite")
        let out = try await CLI.run(["store", "copy", url, file])
        outputs.append(out)
        #expect(out.exitCode == 0, "\(out)")
        #expect(
            out.stdout.contains("copied 1 sweep, 4 runs") && out.stdout.contains("1 model and 1 model version from"),
            "\(out)")
        #expect(FileManager.default.fileExists(atPath: setup.dir.url("copy/artifacts/films/v1/model.mfm")))
        let second = try Self.storeURL()
        let back = try await CLI.run(["store", "copy", file, second])
        outputs.append(back)
        #expect(back.exitCode == 0, "\(back)")
        for copy in [file, second] {
            let copied = try await CLI.run(["report", "reg", "--format", "json", "--store", copy])
            #expect(copied.stdout == report, "report of \(copy) differs")
            let copiedRec = try await CLI.run(
                ["recommend", "--model", "films@champion", "--user", "7", "-k", "5", "--json", "--store", copy])
            #expect(copiedRec.stdout == rec.stdout)
            let copiedCheck = try await CLI.run(["store", "check", "--store", copy])
            #expect(copiedCheck.exitCode == 0, "\(copiedCheck)")
        }
        _ = similar
        // A model file changed behind the store's back fails the check and every load.
        try RunStore(path: url).write { db -> Void in
            try db.execute(
                "UPDATE artifactChunk SET bytes = overlay(bytes placing '\\x5aa55aa5' FROM 100) WHERE seq = 0", [])
        }
        let damaged = try await setup.run(["store", "check"])
        #expect(damaged.exitCode == 1, "\(damaged)")
        #expect(
            damaged.stdout.contains("artifact: films@1: db:artifacts/films/v1/model.mfm in postgres://"), "\(damaged)")
        let refused = try await setup.run(["recommend", "--model", "films@champion", "--user", "7"])
        #expect(refused.exitCode == 64 && refused.stderr.contains("checksum mismatch"), "\(refused)")
        outputs += [damaged, refused]
        // Copying again clashes by name and copies nothing.
        let again = try await CLI.run(["store", "copy", file, second])
        #expect(again.exitCode == 64, "\(again)")
        #expect(again.stderr.contains("already has sweep named reg; nothing was copied"), "\(again)")
        outputs.append(again)

        for result in outputs {
            #expect(!(result.stdout + result.stderr).contains(Self.password), "\(result)")
        }
    }
}
