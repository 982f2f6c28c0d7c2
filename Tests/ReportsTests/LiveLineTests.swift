import Core
import Foundation
import Testing

@testable import Factorization
@testable import Reports

/// The live progress lines of `launch`, `train` and `promote` fit any width, show only the
/// swept parameters, and write numbers in four significant digits.
struct LiveLineTests {
    static let widths = [0, 1, 5, 12, 20, 30, 40, 60, 79, 80, 100, 119, 120, 200]

    /// A best run whose config holds swept parameters (one with a long name) and constants,
    /// every double with 17 digits.
    static let config: [String: ParameterValue] = [
        "emb_dim": .int(12), "alpha": .double(0.012345678901234567), "ell_2": .double(0.045678912345678901),
        "regularisation_weight_of_the_item_biases": .double(0.00012345678901234567), "optimizer": .string("adam"),
        "steps": .int(600), "gram": .double(0.333333333333333333), "bias": .bool(true),
        "period_length": .int(200), "prior_std": .double(0.1000000000000001), "decay_pct": .double(0.5),
    ]
    static let swept = ["alpha", "ell_2", "emb_dim", "optimizer", "regularisation_weight_of_the_item_biases"]
    static let constants = [
        "steps", "gram", "bias", "period_length", "prior_std", "decay_pct", "per_len", "pri_std", "dec_pct",
    ]
    static let shownNames = Set(swept).union(LiveLine.abbreviations(swept).values)

    /// The names of the `name=value` pairs on a line.
    static func names(_ line: String) -> [String] {
        line.split(separator: " ").compactMap { word in
            word.firstIndex(of: "=").map { String(word[..<$0]) }
        }
    }

    static func sweepLine(config: [String: ParameterValue] = config, swept: [String] = swept) -> LiveLine {
        LiveLine.sweep(
            counts: ["finished": 12, "running": 2, "failed": 1, "pruned": 3], limit: 40, elapsedSeconds: 65,
            best: RunSummary(number: 7, state: "finished", config: config, metric: 0.401234567890123),
            metric: "test_rmse_mean", swept: swept)
    }

    /// The significant digits of each decimal number in `text` (integers such as counts and
    /// run numbers are exact and not counted).
    static func significantDigits(_ text: String) -> [(String, Int)] {
        let pattern = try! NSRegularExpression(pattern: #"\d+\.\d+(e[-+]\d+)?|\d+e[-+]\d+"#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).map { match in
            let token = String(text[Range(match.range, in: text)!])
            let mantissa = token.split(separator: "e").first!.filter(\.isNumber)
            return (token, mantissa.drop { $0 == "0" }.count)
        }
    }

    @Test("the launch line fits every width, never names a constant, and has ≤ 4 significant digits", arguments: widths)
    func sweepLineFits(width: Int) {
        let line = Self.sweepLine().fitted(width: width)
        #expect(DisplayWidth.of(line) <= width, "\(width): \(line)")
        for constant in Self.constants {
            #expect(!line.contains("\(constant)="), "\(width): \(line)")
        }
        for name in Self.names(line) {
            #expect(Self.shownNames.contains(name), "\(name) is not swept: \(line)")
        }
        for (token, digits) in Self.significantDigits(line) {
            #expect(digits <= 4, "\(token) in \(line)")
        }
        if width >= 5 { #expect(line.hasPrefix("12/40"), "\(width): \(line)") }
    }

    @Test("at full width the launch line shows every swept parameter of the best run in 4 digits")
    func sweepLineInFull() {
        let line = Self.sweepLine().full
        #expect(
            line == "12/40 finished, 2 running, 3 pruned, 1 failed  best test_rmse_mean 0.4012 (run 7): "
                + "alpha=0.01235 ell_2=0.04568 emb_dim=12 optimizer=adam regularisation_weight_of_the_item_biases=0.0001235"
                + "  ETA 1m38s")
        #expect(Self.sweepLine().fitted(width: 400) == line)
    }

    @Test(
        "as the width shrinks, names are abbreviated, the metric's name and running count go, then parameters from the right, then the rest"
    )
    func sweepLineGivesWayInOrder() {
        let line = Self.sweepLine()
        let expected = [
            (
                200,
                "12/40 finished, 2 running, 3 pruned, 1 failed  best test_rmse_mean 0.4012 (run 7): alpha=0.01235 ell_2=0.04568 emb_dim=12 optimizer=adam regularisation_weight_of_the_item_biases=0.0001235  ETA 1m38s"
            ),
            // The long name is abbreviated, then `optimizer`; dropping the metric's name makes room for `alpha` again.
            (
                160,
                "12/40 finished, 2 running, 3 pruned, 1 failed  best 0.4012 (run 7): alpha=0.01235 ell_2=0.04568 emb_dim=12 opt=adam reg_wei_of_the_ite_bia=0.0001235  ETA 1m38s"
            ),
            // The last parameter leaves, and the metric's name and the running count come back.
            (
                140,
                "12/40 finished, 2 running, 3 pruned, 1 failed  best test_rmse_mean 0.4012 (run 7): alp=0.01235 ell_2=0.04568 emb_dim=12 opt=adam  ETA 1m38s"
            ),
            (
                120,
                "12/40 finished, 3 pruned, 1 failed  best 0.4012 (run 7): alpha=0.01235 ell_2=0.04568 emb_dim=12 opt=adam  ETA 1m38s"
            ),
            (80, "12/40 finished, 3 pruned, 1 failed  best 0.4012 (run 7): alp=0.01235  ETA 1m38s"),
            (60, "12/40 finished, 3 pruned, 1 failed  best 0.4012 (run 7)"),
            (40, "12/40 finished, 3 pruned, 1 failed"),
            (20, "12/40 finished"),
            (12, "12/40"),
            (3, "12/"),
        ]
        for (width, text) in expected {
            #expect(line.fitted(width: width) == text, "width \(width)")
        }
    }

    @Test("with many swept parameters and long names every width still fits", arguments: [20, 80, 120])
    func manySweptParameters(width: Int) {
        var config: [String: ParameterValue] = ["constant_learning_schedule_warmup": .double(0.123456789)]
        var swept: [String] = []
        for k in 0..<40 {
            let name = "hyperparameter_number_\(k)_with_a_rather_long_name"
            config[name] = .double(Double(k) + 0.987654321987654321)
            swept.append(name)
        }
        let line = Self.sweepLine(config: config, swept: swept).fitted(width: width)
        #expect(DisplayWidth.of(line) <= width, "\(line)")
        #expect(!line.contains("constant_learning"), "\(line)")
        for (token, digits) in Self.significantDigits(line) { #expect(digits <= 4, "\(token) in \(line)") }
        // Names cut to 3 characters a part would collide (hyp_num_0_wit_a_rat_lon_nam is unique, but
        // the list is long): whatever is shown is a whole name=value pair.
        for pair in line.split(separator: " ") where pair.contains("=") {
            #expect(pair.hasPrefix("hyp") && !pair.hasSuffix("="), "\(pair) in \(line)")
        }
    }

    @Test("abbreviations are used only when no two swept names collide")
    func abbreviationsStayUnambiguous() {
        #expect(LiveLine.abbreviations(["period_length", "alpha"]) == ["period_length": "per_len", "alpha": "alp"])
        #expect(LiveLine.abbreviations(["alpha_user", "alpha_users"]).isEmpty)
        #expect(LiveLine.abbreviations(["emb_dim", "ell_2"]).isEmpty)
    }

    @Test("a sweep without a finished run, or without a count, still reads well")
    func sweepLineWithoutBest() {
        let line = LiveLine.sweep(
            counts: ["running": 2], limit: nil, elapsedSeconds: 3, best: nil, metric: "m", swept: ["a"])
        #expect(line.full == "0 finished, 2 running")
    }

    @Test("the train line fits every width and keeps the step longest", arguments: widths)
    func trainingLineFits(width: Int) {
        let folds = (0..<5).map { k in
            FoldMetrics(
                fold: k, losses: .init(omse: 0.780312345678, l2: 0.1, gramian: 0.2, total: 1.0),
                testOMSE: 0.9166123456789 + Double(k) * 1e-9)
        }
        let log = StepLog(step: 399, steps: 2000, learningRate: 2.5, folds: folds)
        let line = LiveLine.training(log, elapsedSeconds: 3)
        #expect(line.full == "step 400/2000  lr 2.5  train 0.7803  test 0.9166 (mean of 5)  ETA 12s")
        let fitted = line.fitted(width: width)
        #expect(DisplayWidth.of(fitted) <= width, "\(width): \(fitted)")
        if width >= 8 { #expect(fitted.contains("400/2000"), "\(width): \(fitted)") }
        for (token, digits) in Self.significantDigits(fitted) { #expect(digits <= 4, "\(token) in \(fitted)") }
    }

    @Test("the refit line of promote fits every width", arguments: widths)
    func refitLineFits(width: Int) {
        let line = LiveLine.refit(step: 40, steps: 150, trainOMSE: 0.123456789)
        #expect(line.full == "refit: step 40/150  train omse 0.1235")
        #expect(DisplayWidth.of(line.fitted(width: width)) <= width)
    }

    @Test("display width: one column a character, two for wide ones, and cuts never split a character")
    func displayWidth() {
        #expect(DisplayWidth.of("émb_dím=5") == 9)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("学习率=0.5") == 10)
        #expect(DisplayWidth.prefix("学习率=0.5", columns: 5) == "学习")
        #expect(DisplayWidth.prefix("café crème", columns: 4) == "café")
        let line = LiveLine([.init([.init("λ_régularisation=0.1235 学习率=2", rank: LiveLine.keep)])])
        for width in 0...30 {
            let fitted = line.fitted(width: width)
            #expect(DisplayWidth.of(fitted) <= width)
            #expect("λ_régularisation=0.1235 学习率=2".hasPrefix(fitted))
        }
    }

    @Test("numbers: four significant digits, one helper")
    func significant() {
        #expect(NumberFormat.significant(0.012345678901234567) == "0.01235")
        #expect(NumberFormat.significant(2.5) == "2.5")
        #expect(NumberFormat.significant(12345.678) == "1.235e+04")
        #expect(NumberFormat.significant(.nan) == "nan")
        #expect(NumberFormat.significant(-.infinity) == "-inf")
        #expect(NumberFormat.parameter(.list([.double(0.333333333), .int(5)])) == "[0.3333, 5]")
        #expect(NumberFormat.parameter(.bool(true)) == "true")
    }
}
