import Agents
import Core
import Foundation
import Ratings
import Search
import TestSupport

/// The valid inputs the fuzz tests start from, how a case turns one into its input, and the
/// checks on what the loader returns.
enum FuzzCorpus {
    // MARK: Ratings files

    static let ratingsNames = ["u.data", "ratings.dat", "ratings.csv", "ratings.txt", "ratings"]

    /// A small valid ratings file in the layout its name implies (sometimes with a repeated
    /// pair), as a file name and its bytes.
    static func validRatings(using rng: inout SeededGenerator) -> (name: String, bytes: [UInt8]) {
        let name = rng.pick(ratingsNames)
        let delimiter: String
        var text = ""
        switch name {
        case "u.data": delimiter = "\t"
        case "ratings.dat": delimiter = "::"
        case "ratings.csv":
            delimiter = ","
            if rng.chance(0.8) { text = "userId,movieId,rating,timestamp\n" }
        default: delimiter = rng.pick(["\t", ",", "::"])
        }
        var rows: [String] = []
        var seen = Set<String>()
        for k in 0...rng.nextIndex(below: 30) {
            let pair = "\(1 + rng.nextIndex(below: 12))\(delimiter)\(1 + rng.nextIndex(below: 10))"
            guard seen.insert(pair).inserted || rng.chance(0.1) else { continue }
            let rating = rng.pick(["1", "2", "3", "4", "5", "3.5", "0.5", "4.0"])
            rows.append("\(pair)\(delimiter)\(rating)\(delimiter)\(880_000_000 + k)")
        }
        text += rows.joined(separator: rng.chance(0.2) ? "\r\n" : "\n") + "\n"
        return (name, Array(text.utf8))
    }

    /// A case's ratings file: random bytes, a valid file, or (mostly) a mutated one.
    static func ratingsInput(using rng: inout SeededGenerator) -> (name: String, bytes: [UInt8]) {
        let (name, valid) = validRatings(using: &rng)
        let draw = rng.nextUnit()
        if draw < 0.1 { return (name, rng.bytes(upTo: 256)) }
        if draw < 0.25 { return (name, valid) }
        return (name, Mutator.ratings.mutate(valid, using: &rng))
    }

    /// The format a case asks for: mostly `auto` or a named one, sometimes a random delimited
    /// layout (columns that clash or lie beyond the fields included).
    static func format(using rng: inout SeededGenerator) -> RatingsFormat {
        switch rng.nextIndex(below: 6) {
        case 0, 1: return .auto
        case 2: return .movieLens100k
        case 3: return .movieLensDat
        case 4: return .csv(RatingsFormat.movieLensCSV)
        default:
            func column() -> ColumnRef {
                rng.chance(0.7)
                    ? .number(rng.nextIndex(below: 7))
                    : .name(rng.pick(["userId", "movieId", "rating", "timestamp", "USERID", "x", ""]))
            }
            return .csv(
                DelimitedOptions(
                    delimiter: rng.pick([",", "\t", "::", ";", " ", "|", ""]), hasHeader: rng.chance(0.5),
                    user: column(), item: column(), rating: column(), timestamp: rng.chance(0.3) ? nil : column(),
                    fieldCount: rng.chance(0.7) ? nil : rng.nextIndex(below: 7)))
        }
    }

    /// What is wrong with a successful load, or nil: every row's indices in range, finite
    /// ratings, one row per pair after `last` or `mean`, consistent duplicate counts, and a
    /// fingerprint and a summary that can be computed.
    static func problem(with loaded: LoadedRatings, policy: DuplicatePolicy) -> String? {
        let t = loaded.table
        guard t.count > 0 else { return "loaded no ratings without an error" }
        for row in 0..<t.count {
            guard t.users[row] >= 0 && Int(t.users[row]) < t.userCount, t.items[row] >= 0,
                Int(t.items[row]) < t.itemCount
            else { return "row \(row) has an index out of range" }
            guard t.ratings[row].isFinite else { return "row \(row) has rating \(t.ratings[row])" }
        }
        if policy == .last || policy == .mean {
            let pairs = Set((0..<t.count).map { UInt64(UInt32(t.users[$0])) << 32 | UInt64(UInt32(t.items[$0])) })
            if pairs.count != t.count { return "\(t.count - pairs.count) repeated pairs after --duplicates \(policy)" }
        }
        let d = loaded.duplicates
        if (d.first == nil) != (d.pairs == 0) || d.extraRows < d.pairs {
            return "inconsistent duplicate counts \(d)"
        }
        _ = Fingerprint.of(t)
        _ = RatingsSummary(t)
        return nil
    }

    /// Writes `u.data` and `ratings.csv` (valid, no repeated pairs) into `dir`, for sweep files'
    /// `data.path` and for `train --data`.
    static func writeDataFiles(in dir: TempDirectory) throws {
        var rows: [(Int, Int, Int)] = []
        for user in 1...12 {
            for item in 1...10 where (user * 7 + item * 3) % 4 == 0 { rows.append((user, item, 1 + (user + item) % 5)) }
        }
        try dir.file("u.data", rows.enumerated().map { "\($1.0)\t\($1.1)\t\($1.2)\t\(880_000_000 + $0)\n" }.joined())
        try dir.file(
            "ratings.csv",
            "userId,movieId,rating,timestamp\n"
                + rows.enumerated().map { "\($1.0),\($1.1),\($1.2).0,\(880_000_000 + $0)\n" }.joined())
    }

    /// Format flags for `data info`.
    static func dataFlags(using rng: inout SeededGenerator) -> [String] {
        var flags: [String] = []
        if rng.chance(0.5) { flags.append("--json") }
        if rng.chance(0.3) { flags.append("--skip-bad-rows") }
        if rng.chance(0.4) { flags += ["--duplicates", rng.pick(DuplicatePolicy.argumentNames)] }
        if rng.chance(0.3) { flags += ["--format", rng.pick(RatingsFormat.argumentNames)] }
        if rng.chance(0.2) { flags.append("--no-header") }
        if rng.chance(0.2) { flags += ["--delimiter", rng.pick([",", "tab", "::", ";"])] }
        for option in ["--user-column", "--item-column", "--rating-column"] where rng.chance(0.15) {
            flags += [option, rng.pick(["0", "1", "2", "3", "4", "9", "userId", "movieId", "rating"])]
        }
        if rng.chance(0.15) { flags += ["--timestamp-column", rng.pick(["none", "4", "timestamp", "3"])] }
        return flags
    }

    // MARK: JSON

    /// A case's JSON: random bytes, `valid` as is, or (mostly) `valid` mutated.
    static func jsonInput(_ valid: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        let draw = rng.nextUnit()
        if draw < 0.1 { return rng.bytes(upTo: 200) }
        if draw < 0.25 { return valid }
        return Mutator.json.mutate(valid, using: &rng)
    }

    /// Sweep files: the repository's `Sweeps/`, the book's (when `../shared/book-sweeps/` is
    /// there), and small ones covering every section.
    static func sweeps() -> [[UInt8]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var files: [[UInt8]] = []
        for folder in [root.appendingPathComponent("Sweeps"), root.appendingPathComponent("../shared/book-sweeps")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") {
                if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) {
                    files.append(Array(data))
                }
            }
        }
        return files + commandSweeps
    }

    /// Small sweep files over `u.data`, `ratings.csv` or a little synthetic data: every method,
    /// distribution form, pruning rule, validation and the command form.
    static let commandSweeps: [[UInt8]] = [
        #"{"name": "a", "method": "random", "parameters": {"emb_dim": {"min": 2, "max": 6}, "alpha": {"distribution": "log_uniform_values", "min": 0.01, "max": 1.0}}, "data": {"path": "u.data", "format": "movielens-100k"}, "validation": {"folds": 3}, "count": 3}"#,
        #"{"method": "grid", "parameters": {"steps": {"distribution": "q_uniform", "min": 10, "max": 40, "q": 10}, "optimizer": {"values": ["gd", "adam"]}, "gram": {"value": 0}}, "data": {"path": "ratings.csv", "duplicates": "mean"}, "validation": {"holdout": 0.2}}"#,
        #"{"method": "bayes", "metric": {"name": "Test omse", "goal": "minimize", "impute": "worst"}, "parameters": {"alpha": {"distribution": "normal", "mu": 1.0, "sigma": 0.5}, "ell_2": {"distribution": "q_log_uniform_values", "min": 1, "max": 8, "q": 1}, "bias": {"values": [true, false], "probabilities": [0.3, 0.7]}}, "data": {"synthetic": {"users": 20, "items": 10, "density": 0.5, "seed": 3, "round": true}}, "early_terminate": {"type": "hyperband", "min_iter": 2, "eta": 3}, "seed": 7}"#,
        #"{"method": "gaussian", "parameters": {"prior_std": {"distribution": "log_normal", "mu": -1, "sigma": 0.3}, "y_range": {"value": [0.5, 5.5]}, "decay_pct": {"distribution": "q_normal", "mu": 0.5, "sigma": 0.1, "q": 0.05}}, "data": {"path": "u.data"}, "validation": {"prequential": 0.1}, "early_terminate": {"type": "wilcoxon", "min_iter": 3, "p_value": 0.1}, "run_cap": 5}"#,
        #"{"program": "train.py", "command": ["${env}", "${interpreter}", "${program}", "${args}"], "metric": {"name": "loss", "goal": "maximize"}, "parameters": {"x": {"distribution": "inv_log_uniform_values", "min": 1, "max": 10}, "y": {"distribution": "q_log_normal", "mu": 1, "q": 2}}, "early_terminate": {"type": "median", "min_iter": 2}}"#,
        #"{"parameters": {"steps": {"value": 5}, "num_folds": {"value": 2}}, "data": {"path": "u.data", "format": "auto", "duplicates": "error"}}"#,
    ].map { Array($0.utf8) }

    /// `train --config` objects.
    static let configs: [[UInt8]] = [
        #"{"emb_dim": 40, "prior_std": 0.9, "alpha": 2.5, "steps": 2000, "ell_2": 0.25, "gram": 0.3, "decay_pct": 0.75, "period_length": 250}"#,
        #"{"emb_dim": 5, "optimizer": "adam", "alpha": 0.05, "bias": true, "ell_2": 0.02, "gram": 0, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}"#,
        #"{"optimizer": "momentum", "momentum": 0.5, "y_range": [0.5, 5.5], "num_folds": 3}"#,
        #"{}"#,
    ].map { Array($0.utf8) }

    /// The text of `bytes` as `--config` takes it: inline JSON (starting with `{`), or (rarely,
    /// unless `alwaysInline`) whatever the bytes say, which names a file that is not there.
    static func inlineConfig(_ bytes: [UInt8], using rng: inout SeededGenerator, alwaysInline: Bool = false) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let inline = text.trimmingCharacters(in: .whitespaces).hasPrefix("{")
        return inline || (!alwaysInline && rng.chance(0.1)) ? text : "{" + text
    }

    /// `--param NAME=VALUE` assignments, some malformed.
    static func assignments(using rng: inout SeededGenerator) -> [String] {
        let names = ["emb_dim", "alpha", "steps", "bias", "optimizer", "y_range", "num_folds", "gram", "momentum"]
        let sane = ["1", "2", "0.5", "true", "adam", "momentum", "[1, 5]"]
        let values = Mutator.numbers + ["true", "adam", "[1, 2]", "[2, 1]", "", "=", "\u{FFFD}", "\n"]
        return (0..<rng.nextIndex(below: 3)).map { _ in
            if rng.chance(0.05) { return rng.pick(values) }
            let name = rng.chance(0.9) ? rng.pick(names) : rng.pick(["x", "", "EMB_DIM", "emb dim"])
            return "\(name)=\(rng.chance(0.6) ? rng.pick(sane) : rng.pick(values))"
        }
    }

    // MARK: Commands

    /// Whether `launch SWEEP` fails before it opens the store or starts an agent: the file does
    /// not parse, or its data file (or the lack of data) does not load. Launches that would go
    /// further are not run in-process.
    static func launchFailsEarly(_ path: String) -> Bool {
        do {
            let spec = try SweepFile.load(path: path)
            if spec.runsCommand { return false }
            if case .synthetic? = spec.data { return false }
            _ = try SweepData.load(spec)
            return false
        } catch {
            return true
        }
    }

    /// The files in `folder` with their contents.
    static func snapshot(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name) ?? Data()
        }
        return files
    }
}
