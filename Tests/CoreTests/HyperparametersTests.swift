import Testing

@testable import Core

struct HyperparametersTests {
    @Test func bookDefaultsWhenNothingIsGiven() throws {
        let h = try Hyperparameters([:])
        #expect(h.ell2 == 1 && h.gram == 1 && h.decayPct == 0.5 && h.periodLength == 100)
        #expect(h.optimizer == .gd && !h.bias && h.yRange == nil)
    }

    @Test func parsesExtensions() throws {
        let h = try Hyperparameters([
            "bias": .bool(true), "optimizer": .string("adam"), "y_range": ParameterValue(parsing: "[0.5, 5.5]"),
            "emb_dim": .double(32),
        ])
        #expect(h.bias && h.optimizer == .adam && h.yRange == 0.5...5.5 && h.embDim == 32)
    }

    @Test func miniBatchAndEmbeddingNNSettingsAreCheckedTogether() throws {
        #expect(
            throws: HyperparameterError(
                name: "gram", message: "mini-batch training (batch_size 64) has no Gramian term: set gram to 0, got 1.0"
            )
        ) { try Hyperparameters(["batch_size": .int(64), "gram": .int(1), "optimizer": .string("adam")]) }
        #expect(
            throws: HyperparameterError(
                name: "optimizer", message: "mini-batch training uses sgd, momentum, rmsprop or adam, not gd")
        ) { try Hyperparameters(["batch_size": .int(64)]) }
        // Mini-batch training defaults to no book penalties (fastai regularises with wd)...
        let fastai = try Hyperparameters(["batch_size": .int(64), "optimizer": .string("adam")])
        #expect(fastai.ell2 == 0 && fastai.gram == 0)
        // ...unless the config sets them; embedding_nn has no ell_2 term.
        #expect(
            try Hyperparameters(["batch_size": .int(64), "optimizer": .string("adam"), "ell_2": .int(2)]).ell2 == 2)
        #expect(
            throws: HyperparameterError(
                name: "ell_2",
                message: "embedding_nn has no ell_2 penalty (it regularises with wd): set ell_2 to 0, got 0.5")
        ) {
            try Hyperparameters([
                "batch_size": .int(64), "optimizer": .string("adam"), "model": .string("embedding_nn"),
                "ell_2": .double(0.5),
            ])
        }
        #expect(
            throws: HyperparameterError(
                name: "model", message: "embedding_nn trains in mini-batches: set batch_size (fastai's is 64)")
        ) { try Hyperparameters(["model": .string("embedding_nn")]) }
        #expect(
            throws: HyperparameterError(
                name: "layers", message: "expected a list of layer sizes in 1...65536, like [100, 50], got [100, 0]")
        ) { try Hyperparameters(["layers": .list([.int(100), .int(0)])]) }
        let h = try Hyperparameters([
            "batch_size": .int(64), "optimizer": .string("rmsprop"), "wd": .double(0.1),
            "model": .string("embedding_nn"), "layers": .list([.int(20)]), "ps": .double(0.2),
        ])
        #expect(h.isMiniBatch && h.model == .embeddingNN && h.layers == [20] && h.ps == 0.2)
        // The values round-trip, and say only what differs from the defaults.
        #expect(try Hyperparameters(h.values) == h)
        #expect(h.values["rho"] == .double(0.99) && h.values["beta1"] == nil && h.values["embed_p"] == nil)
        #expect(Hyperparameters.fastaiEmbeddingSize(943) == 74)
        #expect(Hyperparameters.fastaiEmbeddingSize(1682) == 102)
        #expect(Hyperparameters.fastaiEmbeddingSize(10_000_000) == 600)
    }

    @Test func rejectsUnknownNamesAndBadValues() {
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["learning_rate": .double(1)]) }
        #expect(throws: HyperparameterError(name: "emb_dim", message: "expected an integer, got 2.5")) {
            try Hyperparameters(["emb_dim": .double(2.5)])
        }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["optimizer": .string("lbfgs")]) }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["decay_pct": .double(1.5)]) }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["y_range": .list([.int(5), .int(1)])]) }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["alpha": .string("fast")]) }
    }

    @Test func commandLineValuesParseToTheirTypes() {
        #expect(ParameterValue(parsing: "40") == .int(40))
        #expect(ParameterValue(parsing: "2.5") == .double(2.5))
        #expect(ParameterValue(parsing: "true") == .bool(true))
        #expect(ParameterValue(parsing: "adam") == .string("adam"))
        #expect(ParameterValue(parsing: "[1, 5]") == .list([.int(1), .int(5)]))
    }

    @Test func metricNamesResolveTheirAliases() {
        #expect(MetricName.canonical("test_omse_mean") == "Test omse_mean")
        #expect(MetricName.canonical("Test omse_mean") == "Test omse_mean")
        #expect(MetricName.canonical("test omse_max") == "test omse_max")
        #expect(MetricName.canonical("TEST_OMSE_MIN") == "test omse_min")
        #expect(MetricName.canonical("train_omse") == "Train omse")
        #expect(MetricName.canonical("accuracy") == nil)
    }
}

extension HyperparametersTests {
    @Test func hugeWholeNumbersAreTooLargeNotFractional() {
        #expect(
            throws: HyperparameterError(
                name: "steps", message: "1e+19 is too large: integers go up to 1000000000000000")
        ) {
            try Hyperparameters(["steps": ParameterValue(parsing: "1e19")])
        }
    }

    @Test func realsMustFitTheTrainersFloats() throws {
        // 1e39 overflows a Float: it used to train and report "diverged".
        #expect(throws: HyperparameterError.self) {
            try Hyperparameters(["y_range": .list([.int(0), .double(1e39)])])
        }
        // Within a Float, but its squared errors are not: it used to train and diverge at step 0.
        #expect(throws: HyperparameterError.self) {
            try Hyperparameters(["y_range": .list([.int(0), .double(1e38)])])
        }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["prior_std": .double(1e39)]) }
        #expect(throws: HyperparameterError.self) { try Hyperparameters(["epsilon": .double(1e-50)]) }
        // A large but representable value is accepted (it may diverge: that is the work's failure).
        let h = try Hyperparameters(["alpha": .double(1e38), "y_range": .list([.int(0), .double(1e19)])])
        #expect(h.alpha == 1e38)
        do {
            _ = try Hyperparameters(["y_range": .list([.int(0), .double(1e39)])])
        } catch {
            #expect(error.description.contains("squared errors are 32-bit floats"))
            #expect(error.location == .parameter("y_range"))
        }
    }
}
