import Foundation
import Search
import Testing

@Suite struct PruningSweepFileTests {
    private let alpha = #"{"alpha": {"value": 1.0}}"#

    private func earlyTerminate(_ json: String) throws -> EarlyTermination? {
        try parse(sweep(alpha, extra: #""early_terminate": \#(json)"#)).earlyTerminate
    }

    @Test func readsTheWilcoxonRuleWithDefaults() throws {
        #expect(try earlyTerminate(#"{"type": "wilcoxon"}"#) == .wilcoxon(.init(minIter: nil, pValue: 0.1)))
        #expect(
            try earlyTerminate(#"{"type": "wilcoxon", "min_iter": 2, "p_value": 0.05}"#)
                == .wilcoxon(.init(minIter: 2, pValue: 0.05)))
    }

    @Test func rejectsBadWilcoxonSettings() {
        let cases: [(String, String, String)] = [
            (#""p_value": 0"#, "early_terminate.p_value", "p_value must be strictly between 0 and 1, got 0"),
            (#""p_value": 1.5"#, "early_terminate.p_value", "p_value must be strictly between 0 and 1, got 1.5"),
            (#""p_value": "small""#, "early_terminate.p_value", "expected a number"),
            (#""min_iter": 0"#, "early_terminate.min_iter", "min_iter must be a positive integer"),
            (#""eta": 3"#, "early_terminate.eta", "unknown key 'eta' for wilcoxon; accepted: min_iter, p_value, type"),
        ]
        for (extra, path, message) in cases {
            let found = diagnostics(sweep(alpha, extra: #""early_terminate": {"type": "wilcoxon", \#(extra)}"#))
            #expect(found.count == 1, "\(extra): \(found)")
            #expect(found.first?.path == path, "\(extra)")
            #expect(found.first?.message.contains(message) == true, "\(extra): \(found.first?.message ?? "")")
        }
    }

    @Test func listsWilcoxonAmongTheTypes() {
        let found = diagnostics(sweep(alpha, extra: #""early_terminate": {"type": "asha"}"#))
        #expect(found.first?.message.contains("accepted: hyperband, median, wilcoxon") == true)
    }

    @Test func canonicalJSONKeepsTheWilcoxonRule() throws {
        let spec = try parse(
            sweep(alpha, extra: #""early_terminate": {"type": "wilcoxon", "min_iter": 3, "p_value": 0.2}"#))
        #expect(spec.canonicalJSON.contains(#""early_terminate":{"min_iter":3,"p_value":0.2,"type":"wilcoxon"}"#))
        #expect(try parse(spec.canonicalJSON) == spec)
    }
}
