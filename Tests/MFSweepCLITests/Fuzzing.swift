import Core
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fuzz tests' settings, from the environment:
///
/// - `MFSWEEP_FUZZ_CASES`: the number of cases over every kind (default 10,000, the CI run);
/// - `MFSWEEP_FUZZ_SEED`: the seed (decimal or `0x` hex; default ``defaultSeed``);
/// - `MFSWEEP_FUZZ_CASE=KIND:INDEX`: run that one case alone and print its input first, to
///   reproduce a failure (a failure names the seed and the case).
///
/// Every case draws from its own `SeededGenerator(seed:stream:)` stream (`fuzz.KIND.INDEX`),
/// so a case is the same whatever ran before it and however many cases run.
enum FuzzSettings {
    static let defaultSeed: UInt64 = 0x6D66_7377_6565_7031

    static let seed: UInt64 = {
        guard let text = ProcessInfo.processInfo.environment["MFSWEEP_FUZZ_SEED"] else { return defaultSeed }
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) ?? defaultSeed }
        return UInt64(text) ?? defaultSeed
    }()

    static let totalCases: Int = {
        ProcessInfo.processInfo.environment["MFSWEEP_FUZZ_CASES"].flatMap { Int($0) }.map { max($0, 1) } ?? 10_000
    }()

    /// The one case to run, from `MFSWEEP_FUZZ_CASE`.
    static let only: (kind: FuzzKind, index: Int)? = {
        guard let text = ProcessInfo.processInfo.environment["MFSWEEP_FUZZ_CASE"] else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let kind = FuzzKind(rawValue: String(parts[0])), let index = Int(parts[1]) else {
            return nil
        }
        return (kind, index)
    }()

    /// The case indices of `kind` to run.
    static func indices(_ kind: FuzzKind) -> [Int] {
        if let only { return only.kind == kind ? [only.index] : [] }
        return Array(0..<max(1, Int((Double(totalCases) * kind.share).rounded())))
    }

    /// How to rerun one case.
    static func reproduction(_ kind: FuzzKind, _ index: Int) -> String {
        "MFSWEEP_FUZZ_SEED=0x\(String(seed, radix: 16)) MFSWEEP_FUZZ_CASE=\(kind.rawValue):\(index)"
    }
}

/// What a case feeds: ratings files to the loader, sweep files to their parser, `train
/// --config` JSON to the parameter layering, and whole commands to the in-process CLI.
enum FuzzKind: String, CaseIterable, Sendable {
    case ratings, sweeps, configs, commands

    /// The share of the cases. The shares add up to a little more than 1, so that at least the
    /// asked-for number run even though a few commands are skipped (launches that would start
    /// agents).
    var share: Double {
        switch self {
        case .ratings: 0.4
        case .sweeps: 0.3
        case .configs: 0.3
        case .commands: 0.006  // a command costs about 50 ms in a debug build (mostly argument parsing)
        }
    }

    /// The generator of case `index`.
    func generator(_ index: Int) -> SeededGenerator {
        SeededGenerator(seed: FuzzSettings.seed, stream: "fuzz.\(rawValue).\(index)")
    }
}

/// Mutations of byte strings: the classic fuzzer moves (bit flips, interesting bytes and
/// tokens, deletions, duplicated chunks and lines, truncation, random bytes).
struct Mutator {
    /// Tokens worth inserting: delimiters, quotes, numbers at the edges of the parsers, and the
    /// sweep file's own keywords.
    let tokens: [[UInt8]]

    static let numbers = [
        "0", "-0", "-1", "1e300", "-1e300", "1e999", "5e-324", "nan", "inf", "-inf", "0x1p3", "1.7976931348623157e309",
        "4294967296", "2147483648", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
        "99999999999999999999", "0.1", "1.", ".5", "+3", "1e", "00", "3.5",
    ]

    static let ratings = Mutator(
        tokens: (numbers + [
            "\t", ",", "::", ";", "\"", "\"\"", "\n", "\r\n", " ", "\u{FEFF}", "userId", "movieId", "rating",
            "timestamp", "é", "日本",
        ]).map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00]])

    static let json = Mutator(
        tokens: (numbers + [
            "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "\"\\u0000\"", "\"\\n\"", "\"\\ud800\"",
            "\"a\\\"b\"", "[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":", "\"name\"", "\"method\"", "\"grid\"",
            "\"bayes\"", "\"gaussian\"", "\"parameters\"", "\"value\"", "\"values\"", "\"probabilities\"",
            "\"distribution\"", "\"min\"", "\"max\"", "\"mu\"", "\"sigma\"", "\"q\"", "\"q_log_uniform_values\"",
            "\"log_normal\"", "\"int_uniform\"", "\"q_uniform\"", "\"early_terminate\"", "\"hyperband\"",
            "\"wilcoxon\"", "\"median\"", "\"min_iter\"", "\"max_iter\"", "\"eta\"", "\"s\"", "\"data\"",
            "\"synthetic\"", "\"path\"", "\"format\"", "\"duplicates\"", "\"validation\"", "\"folds\"",
            "\"holdout\"", "\"count\"", "\"run_cap\"", "\"seed\"", "\"command\"", "\"program\"", "\"metric\"",
            "\"goal\"", "\"emb_dim\"", "\"steps\"", "\"alpha\"", "\"y_range\"", "\"optimizer\"", "\"num_folds\"",
        ]).map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80]])

    /// `bytes` changed by 1 mutation (half the time) to 8, so most inputs stay close enough to
    /// valid to reach the checks after the syntax.
    func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var b = bytes
        let count = rng.chance(0.5) ? 1 : 1 + rng.nextIndex(below: 8)
        for _ in 0..<count { mutateOnce(&b, using: &rng) }
        return b
    }

    private func mutateOnce(_ b: inout [UInt8], using rng: inout SeededGenerator) {
        func position() -> Int { rng.nextIndex(below: b.count + 1) }
        switch rng.nextIndex(below: 11) {
        case 0 where !b.isEmpty:  // flip a bit
            let i = rng.nextIndex(below: b.count)
            b[i] ^= 1 << UInt8(rng.nextIndex(below: 8))
        case 1 where !b.isEmpty:  // an interesting byte
            let i = rng.nextIndex(below: b.count)
            let bytes: [UInt8] = [0, 9, 10, 13, 32, 34, 44, 45, 46, 48, 57, 58, 92, 123, 125, 0x7F, 0x80, 0xC3, 0xFF]
            b[i] = bytes[rng.nextIndex(below: bytes.count)]
        case 2, 3:  // a token
            b.insert(contentsOf: tokens[rng.nextIndex(below: tokens.count)], at: position())
        case 4 where !b.isEmpty:  // delete a run
            let i = rng.nextIndex(below: b.count)
            b.removeSubrange(i..<min(b.count, i + 1 + rng.nextIndex(below: 16)))
        case 5 where !b.isEmpty:  // copy a chunk elsewhere (repeats rows, keys, values)
            let i = rng.nextIndex(below: b.count)
            let chunk = Array(b[i..<min(b.count, i + 1 + rng.nextIndex(below: 64))])
            b.insert(contentsOf: chunk, at: position())
        case 6 where !b.isEmpty:  // truncate
            b.removeSubrange(rng.nextIndex(below: b.count)...)
        case 9, 10:  // replace a number by one at the edge of a parser's range
            replaceNumber(&b, using: &rng)
        case 7:  // random bytes
            let random = (0...rng.nextIndex(below: 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            b.insert(contentsOf: random, at: position())
        default:  // repeat a line
            let lines = b.split(separator: 10, omittingEmptySubsequences: false)
            guard lines.count > 1 else { return }
            let line = lines[rng.nextIndex(below: lines.count)]
            b.insert(contentsOf: Array(line) + [10], at: position())
        }
    }
}

extension Mutator {
    /// Replaces a run of digits (with its sign, point and exponent) by one of ``numbers``.
    private func replaceNumber(_ b: inout [UInt8], using rng: inout SeededGenerator) {
        let starts = b.indices.filter { i in
            (48...57).contains(b[i]) && (i == 0 || !(48...57).contains(b[i - 1]) && b[i - 1] != 46)
        }
        guard !starts.isEmpty else { return }
        var start = rng.pick(starts)
        if start > 0 && b[start - 1] == 45 { start -= 1 }
        var end = start + 1
        while end < b.count && (48...57).contains(b[end]) || end < b.count && [46, 101, 69, 43, 45].contains(b[end]) {
            end += 1
        }
        b.replaceSubrange(start..<end, with: Array(rng.pick(Self.numbers).utf8))
    }
}

extension SeededGenerator {
    /// An element of `elements`.
    mutating func pick<T>(_ elements: [T]) -> T { elements[nextIndex(below: elements.count)] }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { nextUnit() < p }

    /// 1 to `count` random bytes.
    mutating func bytes(upTo count: Int) -> [UInt8] {
        (0...nextIndex(below: count)).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}

/// The input as text a person can paste: printable ASCII as is, everything else as `\xNN`.
func fuzzRendering(_ bytes: [UInt8]) -> String {
    var out = ""
    for b in bytes {
        switch b {
        case 10: out += "\\n"
        case 9: out += "\\t"
        case 92: out += "\\\\"
        case 32..<127: out.unicodeScalars.append(Unicode.Scalar(b))
        default: out += "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
        }
    }
    return out
}

/// Names the cases in flight when the process traps, so a crash (which ends the test run and
/// can record no issue) still says which case to rerun.
///
/// Each kind keeps the index of the case it is running in an atomic; a handler for the signals
/// a trap raises (SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV) prints them, puts the
/// previous handler back (the Swift runtime's backtracer, or the default) and raises the
/// signal again.
enum FuzzCrashReporter {
    private typealias Handler = @convention(c) (Int32) -> Void

    private static let ratingsCase = Atomic<Int>(-1)
    private static let sweepsCase = Atomic<Int>(-1)
    private static let configsCase = Atomic<Int>(-1)
    private static let commandsCase = Atomic<Int>(-1)
    private static let signals = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]
    /// The handlers before ours, by signal. Written only inside `installation`, which Swift runs
    /// exactly once and before any handler of ours is installed; afterwards only read (by the
    /// handler). So there is no data race.
    private nonisolated(unsafe) static var previous: [Int32: Handler?] = [:]

    private static let installation: Void = {
        for s in signals {
            let handler: Handler = { signalNumber in FuzzCrashReporter.report(signalNumber) }
            previous[s] = signal(s, handler)
        }
    }()

    private static func store(_ kind: FuzzKind, _ index: Int) {
        switch kind {
        case .ratings: ratingsCase.store(index, ordering: .relaxed)
        case .sweeps: sweepsCase.store(index, ordering: .relaxed)
        case .configs: configsCase.store(index, ordering: .relaxed)
        case .commands: commandsCase.store(index, ordering: .relaxed)
        }
    }

    private static func load(_ kind: FuzzKind) -> Int {
        switch kind {
        case .ratings: ratingsCase.load(ordering: .relaxed)
        case .sweeps: sweepsCase.load(ordering: .relaxed)
        case .configs: configsCase.load(ordering: .relaxed)
        case .commands: commandsCase.load(ordering: .relaxed)
        }
    }

    /// Runs `body` as case `index` of `kind`.
    static func running<T>(_ kind: FuzzKind, _ index: Int, _ body: () throws -> T) rethrows -> T {
        _ = installation
        store(kind, index)
        defer { store(kind, -1) }
        return try body()
    }

    /// Runs async `body` as case `index` of `kind`.
    static func running<T>(_ kind: FuzzKind, _ index: Int, _ body: () async throws -> T) async rethrows -> T {
        _ = installation
        store(kind, index)
        defer { store(kind, -1) }
        return try await body()
    }

    private static func report(_ signalNumber: Int32) {
        var text = "\nfuzz: signal \(signalNumber) while running:\n"
        for kind in FuzzKind.allCases {
            let index = load(kind)
            if index >= 0 {
                text += "fuzz:   \(kind.rawValue) case \(index); rerun: \(FuzzSettings.reproduction(kind, index))\n"
            }
        }
        _ = text.withCString { write(2, $0, strlen($0)) }
        _ = signal(signalNumber, previous[signalNumber] ?? nil)
        raise(signalNumber)
    }
}
