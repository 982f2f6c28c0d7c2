import Core
import Foundation
import Testing

/// `mfsweep report` and `mfsweep compare` on a fixed store, through the built binary.
struct ReportCommandTests {
    static func store(_ dir: ScratchDirectory, metric: String = "Test omse_mean", name: String = "snap") throws
        -> String
    {
        let path = dir.url("store.sqlite")
        try ReportStoreFixture.write(store: path, sweepJSON: ReportStoreFixture.sweepJSON(name: name, metric: metric))
        return path
    }

    @Test("report text and markdown of a fixed store match their snapshots; text fits 100 columns")
    func reportMatchesSnapshots() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = try Self.store(dir)
        for (format, file) in [("text", "store-report.txt"), ("markdown", "store-report.md")] {
            let result = try await CLI.run(["report", "snap", "--store", store, "--format", format, "--top", "5"])
            #expect(result.exitCode == 0, "\(result)")
            #expect(
                try expectReportSnapshot(result.stdout, named: file),
                "\(file) differs (MFSWEEP_UPDATE_SNAPSHOTS=1 rewrites it):\n\(result.stdout)")
            if format == "text" {
                for line in result.stdout.split(separator: "\n") { #expect(line.count <= 100, "\(line)") }
                #expect(result.stdout.contains("run 9 crashed (retried as run 10): no heartbeat for"))
                #expect(result.stdout.contains("run 6 pruned: pruned by hyperband at step 500"))
                #expect(result.stdout.contains("agents  2"))
                #expect(result.stdout.contains("1,500 saved by early termination"))
                #expect(result.stdout.contains("users + items = 200"))
            }
        }
    }

    @Test("report --format json has the documented top-level fields")
    func reportJSON() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = try Self.store(dir)
        let result = try await CLI.run(["report", "snap", "--store", store, "--format", "json", "--top", "3"])
        let object = try result.jsonObject()
        #expect(object["schema_version"] as? Int == 1)
        #expect((object["top"] as? [Any])?.count == 3)
        #expect((object["metric"] as? [String: Any])?["name"] as? String == "Test omse_mean")
        #expect(object["agents"] as? Int == 2)
        #expect((object["problems"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["hyperband"])
    }

    @Test("report --format html -o FILE writes one self-contained page with the curves of the best runs")
    func reportHTML() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = try Self.store(dir)
        let out = dir.url("report.html")
        let result = try await CLI.run([
            "report", "snap", "--store", store, "--format", "html", "-o", out, "--curves", "2",
        ])
        #expect(result.exitCode == 0 && result.stdout.isEmpty && result.stderr.contains("wrote \(out)"), "\(result)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.components(separatedBy: "train and test OMSE per fold</text>").count - 1 == 2)
        #expect(html.contains("Gramian term (gr_loss) over steps"))
        #expect(!html.contains("<script"))
    }

    @Test(
        "the book's metric names appear in the report as the book writes them",
        arguments: ["Test omse", "Test omse_mean"])
    func bookMetricNames(metric: String) async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = try Self.store(dir, metric: metric)
        let result = try await CLI.run(["report", "snap", "--store", store, "--top", "3"])
        #expect(result.stdout.contains("metric  \(metric) (minimize)"), "\(result)")
        #expect(result.stdout.contains("top 3 of 13 finished runs by \(metric)\n"), "\(result)")
    }

    @Test("report of an unknown sweep exits 64 with one line naming it")
    func unknownSweep() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = try Self.store(dir)
        let result = try await CLI.run(["report", "nope", "--store", store])
        #expect(result.exitCode == 64)
        #expect(result.stderrLines == ["error: no sweep named 'nope' in \(store); sweeps: snap"], "\(result)")
    }

    @Test("compare shows configs side by side with the differences marked, per-fold values, final and best")
    func compareText() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = try Self.store(dir)
        let result = try await CLI.run(["compare", "2", "snap/5", "--store", store])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "sweep snap: runs 2, 5 (* = the configs differ)")
        #expect(lines.contains { $0.hasPrefix("* emb_dim") })
        // The config's steps (equal, so unmarked) and the steps each run trained.
        #expect(lines.contains { $0.hasPrefix("steps ") && $0.hasSuffix("2000") })
        #expect(lines.contains { $0.hasPrefix("steps trained ") })
        #expect(!lines.contains { $0.hasPrefix("* steps") })
        #expect(lines.contains { $0.hasPrefix("fold 4 test omse") })
        #expect(lines.contains { $0.hasPrefix("Test omse_mean (best logged)") })
        for line in lines { #expect(line.count <= 100) }
    }

    @Test("compare --format json gives each run's config, folds, final and best values")
    func compareJSON() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = try Self.store(dir)
        let result = try await CLI.run(["compare", "3", "5", "--store", store, "--format", "json"])
        let object = try result.jsonObject()
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.map { $0["run"] as? Int } == [3, 5])
        #expect((runs[0]["folds"] as? [Double])?.count == 5)
        let final = try #require(runs[0]["final"] as? Double)
        let best = try #require(runs[0]["best"] as? Double)
        // The logged curve decreases to the final value at the last step.
        #expect(abs(best - final) < 1e-9)
        #expect((object["differing"] as? [String])?.contains("emb_dim") == true)
    }

    @Test(
        "compare of an unknown run exits 64 naming it",
        arguments: [
            (["compare", "2", "99"], "error: no run 99 in sweep 'snap' (it has runs 1–16)"),
            (["compare", "other/2"], "error: no sweep named 'other' in STORE; sweeps: snap"),
            (
                ["compare", "two"],
                "error: run 'two': expected NUMBER or SWEEP/NUMBER (e.g. 3 or mf-HPO-CV/3) (see 'mfsweep compare --help')"
            ),
            (
                ["compare", "1", "2", "--format", "html"],
                "error: compare writes text, markdown or json (see 'mfsweep compare --help')"
            ),
            (
                ["compare", "a/1", "b/2"],
                "error: runs of one sweep at a time (got a, b) (see 'mfsweep compare --help')"
            ),
            (
                ["compare", "a/1", "2", "--sweep", "b"],
                "error: runs of one sweep at a time (got a, b) (see 'mfsweep compare --help')"
            ),
        ])
    func compareUnknownRun(arguments: [String], message: String) async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = try Self.store(dir)
        let result = try await CLI.run(arguments + ["--store", store])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines == [message.replacingOccurrences(of: "STORE", with: store)], "\(result)")
    }
}

extension ReportCommandTests {
    @Test("report -o with a folder or a missing folder exits 64 with the system's reason, writing nothing")
    func reportOutputErrors() async throws {
        let dir = try ScratchDirectory()
        let store = try Self.store(dir)
        let folder = dir.url("out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cases = [
            (folder, "cannot write \(folder): is a folder; give a file name, e.g. \(folder)/report.txt"),
            (
                dir.url("missing/r.txt"),
                "cannot write \(dir.url("missing/r.txt")): no such folder \(dir.url("missing"))"
            ),
        ]
        for (output, message) in cases {
            let result = try await CLI.run(["report", "snap", "--store", store, "-o", output])
            #expect(result.exitCode == 64, "\(result)")
            #expect(result.stderr == "error: \(message)\n", "\(result)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        let written = dir.url("out/r.md")
        let ok = try await CLI.run(["report", "snap", "--store", store, "-o", written, "--format", "markdown"])
        #expect(ok.exitCode == 0, "\(ok)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["r.md"])
        let mode = try FileManager.default.attributesOfItem(atPath: written)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }
}
