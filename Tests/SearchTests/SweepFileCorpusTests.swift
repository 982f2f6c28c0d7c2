import Search
import Testing

/// A malformed sweep file and the one diagnostic it must produce.
struct BadSweep: Sendable, CustomTestStringConvertible {
    let name: String
    let json: String
    let line: Int
    let column: Int
    /// The JSON path of the diagnostic; empty for the root.
    let path: String
    /// A part of the message.
    let message: String

    var testDescription: String { name }
}

/// The folder the corpus resolves data paths against; nothing exists there.
private let corpusBase = "/nonexistent-mfsweep-corpus"

private let alphaOnly = #"{"alpha": {"value": 1.0}}"#

let badSweeps: [BadSweep] = [
    BadSweep(
        name: "trailing comma", json: #"{"parameters": {"alpha": {"value": 1.0},}}"#, line: 1, column: 41, path: "",
        message: "expected a key in double quotes after ',', got '}' (trailing commas are not allowed)"),
    BadSweep(
        name: "unterminated string",
        json: """
            {
              "name": "oops,
              "parameters": {"alpha": {"value": 1.0}}
            }
            """, line: 2, column: 11, path: "", message: "unterminated string"),
    BadSweep(
        name: "missing colon", json: #"{"parameters" {"alpha": {"value": 1.0}}}"#, line: 1, column: 15, path: "",
        message: "expected ':' after the key \"parameters\", got '{'"),
    BadSweep(
        name: "duplicate key",
        json: """
            {
              "parameters": {
                "alpha": {"value": 1.0},
                "alpha": {"value": 2.0}
              }
            }
            """, line: 4, column: 5, path: "", message: "duplicate key \"alpha\" (first at 3:5)"),
    BadSweep(
        name: "unknown top-level key",
        json: """
            {
              "parameters": {"alpha": {"value": 1.0}},
              "epochs": 3
            }
            """, line: 3, column: 3, path: "epochs",
        message: "unknown key 'epochs' at the top level; accepted: command, count, data, description"),
    BadSweep(
        name: "unknown parameter key", json: #"{"parameters": {"alpha": {"min": 0.5, "max": 1.0, "mean": 0.7}}}"#,
        line: 1, column: 51, path: "parameters.alpha.mean",
        message: "unknown key 'mean' for a uniform parameter; accepted: distribution, max, min"),
    BadSweep(
        name: "min given as a string", json: #"{"parameters": {"alpha": {"min": "0.5", "max": 1.0}}}"#,
        line: 1, column: 34, path: "parameters.alpha.min", message: "expected a number, got the string \"0.5\""),
    BadSweep(
        name: "name is a number", json: #"{"name": 42, "parameters": \#(alphaOnly)}"#, line: 1, column: 10,
        path: "name",
        message: "expected a string, got the number 42"),
    BadSweep(
        name: "name with a NUL", json: #"{"name": "\u0000z", "parameters": \#(alphaOnly)}"#, line: 1, column: 10,
        path: "name", message: "a sweep name must not contain control characters (found U+0000)"),
    BadSweep(
        name: "name with a newline", json: #"{"name": "a\nb", "parameters": \#(alphaOnly)}"#, line: 1, column: 10,
        path: "name", message: "a sweep name must not contain control characters (found U+000A)"),
    BadSweep(
        name: "name with a slash", json: #"{"name": "a/b", "parameters": \#(alphaOnly)}"#, line: 1, column: 10,
        path: "name", message: "a sweep name must not contain '/' (run references are NAME/NUMBER)"),
    BadSweep(
        name: "float min not below max", json: #"{"parameters": {"alpha": {"min": 2.0, "max": 1.0}}}"#,
        line: 1, column: 34, path: "parameters.alpha.min", message: "min must be less than max (2.0 ≥ 1.0)"),
    BadSweep(
        name: "integer min not below max", json: #"{"parameters": {"emb_dim": {"min": 70, "max": 15}}}"#,
        line: 1, column: 36, path: "parameters.emb_dim.min", message: "min must be less than max (70 ≥ 15)"),
    BadSweep(
        name: "probabilities do not sum to 1",
        json: #"{"parameters": {"optimizer": {"values": ["gd", "adam"], "probabilities": [0.5, 0.4]}}}"#,
        line: 1, column: 74, path: "parameters.optimizer.probabilities", message: "probabilities must sum to 1, got 0.9"
    ),
    BadSweep(
        name: "probabilities of the wrong length",
        json: #"{"parameters": {"optimizer": {"values": ["gd", "adam"], "probabilities": [1.0]}}}"#,
        line: 1, column: 74, path: "parameters.optimizer.probabilities",
        message: "probabilities and values must have the same length (1 and 2)"),
    BadSweep(
        name: "negative probability",
        json: #"{"parameters": {"optimizer": {"values": ["gd", "adam"], "probabilities": [1.5, -0.5]}}}"#,
        line: 1, column: 80, path: "parameters.optimizer.probabilities[1]",
        message: "probabilities must be ≥ 0, got -0.5"),
    BadSweep(
        name: "unknown distribution",
        json: #"{"parameters": {"alpha": {"distribution": "gamma", "min": 0.5, "max": 1.0}}}"#, line: 1, column: 43,
        path: "parameters.alpha.distribution", message: "unknown distribution 'gamma'; accepted: constant, categorical"),
    BadSweep(
        name: "log distribution with min 0",
        json: #"{"parameters": {"alpha": {"distribution": "log_uniform_values", "min": 0, "max": 1}}}"#, line: 1,
        column: 72, path: "parameters.alpha.min", message: "log_uniform_values needs min > 0, got 0"),
    BadSweep(
        name: "sigma 0", json: #"{"parameters": {"alpha": {"distribution": "normal", "mu": 1, "sigma": 0}}}"#,
        line: 1, column: 71, path: "parameters.alpha.sigma", message: "sigma must be greater than 0, got 0"),
    BadSweep(
        name: "missing max", json: #"{"parameters": {"alpha": {"distribution": "uniform", "min": 0.5}}}"#, line: 1,
        column: 26, path: "parameters.alpha", message: "missing key 'max' for a uniform parameter"),
    BadSweep(
        name: "null value", json: #"{"parameters": {"alpha": {"value": null}}}"#, line: 1, column: 36,
        path: "parameters.alpha.value", message: "expected a number, string, boolean or array, got null"),
    BadSweep(
        name: "unknown method", json: #"{"method": "hill", "parameters": \#(alphaOnly)}"#, line: 1, column: 12,
        path: "method", message: "unknown method 'hill'; accepted: random, grid, gaussian, bayes"),
    BadSweep(
        name: "unknown impute rule",
        json: #"{"metric": {"name": "Test omse", "impute": "median"}, "parameters": \#(alphaOnly)}"#, line: 1,
        column: 44, path: "metric.impute", message: "unknown impute rule 'median'; accepted: worst, best, latest"),
    BadSweep(
        name: "impute_while_running not a string",
        json: #"{"metric": {"name": "Test omse", "impute_while_running": false}, "parameters": \#(alphaOnly)}"#,
        line: 1, column: 58, path: "metric.impute_while_running", message: "expected a string, got"),
    BadSweep(
        name: "grid with a uniform parameter",
        json: #"{"method": "grid", "parameters": {"alpha": {"min": 0.5, "max": 1.0}}}"#,
        line: 1, column: 44, path: "parameters.alpha",
        message: "grid search needs discrete parameters, but 'alpha' is uniform"),
    BadSweep(
        name: "validation with two keys",
        json: #"{"parameters": \#(alphaOnly), "validation": {"folds": 5, "holdout": 0.2}}"#, line: 1, column: 57,
        path: "validation",
        message: "validation takes exactly one of folds, holdout, prequential; got folds and holdout"),
    BadSweep(
        name: "one fold", json: #"{"parameters": \#(alphaOnly), "validation": {"folds": 1}}"#, line: 1, column: 67,
        path: "validation.folds", message: "folds must be an integer ≥ 2, got 1"),
    BadSweep(
        name: "holdout above 1", json: #"{"parameters": \#(alphaOnly), "validation": {"holdout": 1.5}}"#, line: 1,
        column: 69, path: "validation.holdout", message: "holdout must be a fraction strictly between 0 and 1, got 1.5"),
    BadSweep(
        name: "missing data file",
        json: """
            {
              "parameters": {"alpha": {"value": 1.0}},
              "data": {"path": "missing/u.data"}
            }
            """, line: 3, column: 20, path: "data.path",
        message: "data file not found: \(corpusBase)/missing/u.data"),
    BadSweep(
        name: "bad synthetic spec", json: #"{"parameters": \#(alphaOnly), "data": {"synthetic": {"users": 0}}}"#,
        line: 1, column: 75, path: "data.synthetic.users", message: "users must be between 1 and"),
    BadSweep(
        name: "unknown trainer parameter", json: #"{"parameters": {"learning_rate": {"value": 0.1}}}"#, line: 1,
        column: 17, path: "parameters.learning_rate",
        message: "unknown parameter 'learning_rate' for the trainer; known: emb_dim, prior_std"),
    BadSweep(
        name: "fractional emb_dim", json: #"{"parameters": {"emb_dim": {"value": 2.5}}}"#, line: 1, column: 38,
        path: "parameters.emb_dim.value", message: "parameter emb_dim: expected an integer, got 2.5"),
    BadSweep(
        name: "float bounds for an integer parameter", json: #"{"parameters": {"emb_dim": {"min": 15.0, "max": 70}}}"#,
        line: 1, column: 28, path: "parameters.emb_dim",
        message: "parameter emb_dim takes integers, but a uniform distribution gives fractions"),
    BadSweep(
        name: "unknown metric", json: #"{"metric": {"name": "accuracy"}, "parameters": \#(alphaOnly)}"#, line: 1,
        column: 21, path: "metric.name",
        message: "unknown metric 'accuracy' for the trainer; known: Train omse, Test omse"),
    BadSweep(
        name: "unknown goal", json: #"{"metric": {"name": "Test omse", "goal": "lower"}, "parameters": \#(alphaOnly)}"#,
        line: 1, column: 42, path: "metric.goal", message: "unknown goal 'lower'; accepted: minimize, maximize"),
    BadSweep(
        name: "run_cap 0", json: #"{"run_cap": 0, "parameters": \#(alphaOnly)}"#, line: 1, column: 13, path: "run_cap",
        message: "run_cap must be a positive integer, got 0"),
    BadSweep(
        name: "count -1", json: #"{"count": -1, "parameters": \#(alphaOnly)}"#, line: 1, column: 11, path: "count",
        message: "count must be a positive integer, got -1"),
    BadSweep(
        name: "negative seed", json: #"{"seed": -3, "parameters": \#(alphaOnly)}"#, line: 1, column: 10, path: "seed",
        message: "seed must be a non-negative integer, got -3"),
    BadSweep(
        name: "hyperband without iterations",
        json: #"{"early_terminate": {"type": "hyperband", "eta": 3}, "parameters": \#(alphaOnly)}"#, line: 1,
        column: 21, path: "early_terminate", message: "hyperband needs min_iter or max_iter"),
    BadSweep(
        name: "unknown early_terminate type",
        json: #"{"early_terminate": {"type": "envelope"}, "parameters": \#(alphaOnly)}"#, line: 1, column: 30,
        path: "early_terminate.type", message: "unknown early_terminate type 'envelope'; accepted: hyperband, median"),
    BadSweep(
        name: "empty parameters", json: #"{"parameters": {}}"#, line: 1, column: 16, path: "parameters",
        message: "parameters must not be empty"),
    BadSweep(
        name: "missing parameters", json: #"{"method": "random"}"#, line: 1, column: 1, path: "",
        message: "missing key 'parameters' (the parameters to sweep)"),
    BadSweep(
        name: "command as a string", json: #"{"command": "python train.py", "parameters": {"lr": {"value": 0.1}}}"#,
        line: 1, column: 13, path: "command",
        message: "expected an array of strings, got the string \"python train.py\""),
    BadSweep(
        name: "top level is an array", json: "[1, 2]", line: 1, column: 1, path: "",
        message: "expected a JSON object at the top of a sweep file, got an array"),
]

@Suite struct SweepFileCorpusTests {
    @Test(arguments: badSweeps)
    func reportsOneDiagnosticWithPositionAndPath(_ bad: BadSweep) {
        let found = diagnostics(bad.json, file: "Sweeps/bad.json", in: corpusBase)
        #expect(found.count == 1, "\(bad.name): \(found)")
        guard let d = found.first else { return }
        #expect(d.line == bad.line && d.column == bad.column, "\(bad.name): at \(d.line):\(d.column)")
        #expect(d.path == bad.path, "\(bad.name)")
        #expect(d.message.contains(bad.message), "\(bad.name): \(d.message)")
        let expected =
            "Sweeps/bad.json:\(bad.line):\(bad.column): error: \(d.message)"
            + (bad.path.isEmpty ? "" : " [at \(bad.path)]")
        #expect(d.description == expected)
        #expect(!d.description.contains("\n"))
    }

    @Test func corpusIsLargeAndVaried() {
        #expect(badSweeps.count >= 25)
        #expect(Set(badSweeps.map(\.name)).count == badSweeps.count)
    }

    @Test func reportsEveryProblemInOrder() {
        let json = """
            {
              "method": "random",
              "epochs": 10,
              "metric": {"name": "accuracy", "goal": "up"},
              "parameters": {
                "alpha": {"min": 2.0, "max": 1.0},
                "foo": {"value": 1},
                "emb_dim": {"values": [8, 16.5]}
              },
              "run_cap": 0
            }
            """
        let found = diagnostics(json, file: "multi.json")
        #expect(
            found.map { "\($0.line):\($0.column) \($0.path)" } == [
                "3:3 epochs", "4:22 metric.name", "4:42 metric.goal", "6:22 parameters.alpha.min", "7:5 parameters.foo",
                "8:31 parameters.emb_dim.values[1]", "10:14 run_cap",
            ])
        do {
            _ = try parse(json, file: "multi.json")
            Issue.record("expected an error")
        } catch {
            let lines = error.description.split(separator: "\n")
            #expect(lines.count == 7)
            #expect(lines.allSatisfy { $0.hasPrefix("multi.json:") && $0.contains(": error: ") })
        }
    }

    @Test func unreadableFileHasNoPosition() {
        do {
            _ = try SweepFile.load(path: "/nonexistent-mfsweep/sweep.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent-mfsweep/sweep.json: error: no such sweep file")
        }
    }
}
