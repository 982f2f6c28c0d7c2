import Core
import Search
import Testing

/// Numbers at the edge of `Int` in a sweep file (found by the fuzz test): they parse, store and
/// sample without a trap.
@Suite struct SweepNumberEdgeTests {
    /// Integers too large for `Int` are reals: the canonical JSON used to convert them to `Int`.
    @Test(arguments: [
        #"{"command": ["x"], "parameters": {"y": {"distribution": "q_log_normal", "mu": 1, "q": 18446744073709551616}}}"#,
        #"{"command": ["x"], "parameters": {"y": {"distribution": "q_normal", "q": 9223372036854775807}}}"#,
        #"{"command": ["x"], "parameters": {"y": {"distribution": "q_uniform", "min": 0, "max": 9223372036854775807}}}"#,
        #"{"command": ["x"], "parameters": {"y": {"distribution": "q_log_uniform_values", "min": 1, "max": 99999999999999999999, "q": 2}}}"#,
    ])
    func hugeIntegersAreRealsThatStoreAndReadBack(source: String) throws {
        let spec = try parse(source)
        let again = try parse(spec.canonicalJSON)
        #expect(again == spec)
        for u in [0, 0.5, 1] { _ = spec.parameters["y"]?.value(atUnit: u) }
    }

    @Test func integersThatFitStayIntegers() throws {
        let spec = try parse(
            #"{"command": ["x"], "parameters": {"y": {"distribution": "q_uniform", "min": 0, "max": 4611686018427387904, "q": 2}}}"#
        )
        #expect(spec.parameters["y"] == .qUniform(min: 0, max: 0x1p62, q: 2, integral: true))
    }

    /// The unit-cube mapping of the Gaussian and bayes samplers used to convert the top of a
    /// near-`Int`-wide range to a Double that overflows `Int`.
    @Test func theWidestIntUniformMapsTheWholeUnitInterval() throws {
        let spec = try parse(
            #"{"command": ["x"], "parameters": {"y": {"min": -4611686018427387904, "max": 4611686018427387902}}}"#)
        let y = try #require(spec.parameters["y"])
        #expect(y.value(atUnit: 0) == .int(-4_611_686_018_427_387_904))
        #expect(y.value(atUnit: 1) == .int(4_611_686_018_427_387_902))
        guard case .int(let almostOne) = y.value(atUnit: 1 - 0x1p-53) else {
            Issue.record("not an integer")
            return
        }
        #expect(almostOne > 4_600_000_000_000_000_000 && almostOne <= 4_611_686_018_427_387_902)
        #expect(Distribution.intUniform(min: 1, max: 3).value(atUnit: 1) == .int(3))
        #expect(Distribution.intUniform(min: 1, max: 3).value(atUnit: 0.5) == .int(2))
    }
}
