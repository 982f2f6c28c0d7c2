import Factorization

extension LiveLine {
    /// The live line of `mfsweep launch`:
    /// `12/40 finished, 2 running, 1 failed  best test_rmse_mean 0.4012 (run 7): emb_dim=5 alpha=0.01235  ETA 1m05s`.
    ///
    /// Only the `swept` parameters of the best run's config appear, in that order, with
    /// numbers in four significant digits (``NumberFormat``). As the width shrinks, the
    /// parameter names are abbreviated first (`per_len` for `period_length`, when that stays
    /// unambiguous), then the metric's name and the count of running runs go, then the
    /// parameters from the right, the ETA, the best run's number, the best value, the counts of
    /// pruned, failed, crashed and stopped runs, and the word `finished`.
    ///
    /// - Parameters:
    ///   - counts: runs by state (`finished`, `running`, `pruned`, `failed`, `crashed`, `stopped`).
    ///   - limit: the sweep's run count, if it has one.
    ///   - elapsedSeconds: time since the launch, for the ETA.
    ///   - best: the best finished run so far.
    ///   - metric: the sweep metric's name.
    ///   - swept: the parameters the sweep varies.
    public static func sweep(
        counts: [String: Int], limit: Int?, elapsedSeconds: Double, best: RunSummary?, metric: String,
        swept: [String]
    ) -> LiveLine {
        let finished = counts["finished", default: 0]
        let done = finished + counts["failed", default: 0] + counts["pruned", default: 0]
        let progress = "\(finished)\(limit.map { "/\($0)" } ?? "")"
        var fields = [Field([Form("\(progress) finished", rank: 90), Form(progress, rank: keep)])]
        fields.append(Field([Form("\(counts["running", default: 0]) running", rank: 17)], separator: ", "))
        for state in ["pruned", "failed", "crashed", "stopped"] {
            if let n = counts[state], n > 0 { fields.append(Field([Form("\(n) \(state)", rank: 70)], separator: ", ")) }
        }
        if let best, let value = best.metric {
            let v = NumberFormat.significant(value)
            fields.append(
                Field([
                    Form("best \(metric) \(v) (run \(best.number))", rank: 15),
                    Form("best \(v) (run \(best.number))", rank: 50), Form("best \(v)", rank: 60),
                ]))
            let shown = swept.filter { best.config[$0] != nil }
            let short = abbreviations(shown)
            for (k, name) in shown.enumerated() {
                let value = NumberFormat.parameter(best.config[name]!)
                var forms = [Form("\(name)=\(value)", rank: 10)]
                if let s = short[name] { forms.append(Form("\(s)=\(value)", rank: 10)) }
                forms[forms.count - 1].rank = 20
                fields.append(Field(forms, separator: k == 0 ? ": " : " "))
            }
        }
        if let limit, done > 0, done < limit {
            let remaining = elapsedSeconds / Double(done) * Double(limit - done)
            fields.append(Field([Form("ETA \(eta(remaining))", rank: 40)]))
        }
        return LiveLine(fields)
    }

    /// Short parameter names: each `_`-separated part cut to 3 characters (`per_len` for
    /// `period_length`), for the names where that is shorter, when no two names collide.
    static func abbreviations(_ names: [String]) -> [String: String] {
        var short: [String: String] = [:]
        for name in names {
            let s = name.split(separator: "_", omittingEmptySubsequences: false).map { $0.prefix(3) }
                .joined(separator: "_")
            if s.count < name.count { short[name] = s }
        }
        let all = names.map { short[$0] ?? $0 }
        return Set(all).count == all.count ? short : [:]
    }
}
