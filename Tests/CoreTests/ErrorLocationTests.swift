import Testing

@testable import Core

struct ErrorLocationTests {
    @Test func locationsReadAsAPersonWritesThem() {
        #expect(ErrorLocation.file("ratings.csv", line: 17).description == "ratings.csv:17")
        #expect(ErrorLocation.file("sweep.json", line: 3, column: 12).description == "sweep.json:3:12")
        #expect(ErrorLocation.file("sweep.json").description == "sweep.json")
        // A column without a line names no place in the file.
        #expect(ErrorLocation.file("x.json", line: nil, column: 4).description == "x.json")
        #expect(
            ErrorLocation.jsonPath(file: "s.json", path: "parameters.alpha").description
                == "s.json [at parameters.alpha]")
        #expect(ErrorLocation.parameter("ell_2").description == "parameter ell_2")
        #expect(ErrorLocation.option("--threads").description == "--threads")
        #expect(ErrorLocation.store("Runs/mfsweep.sqlite").description == "store Runs/mfsweep.sqlite")
        #expect(ErrorLocation.sweep("mf-HPO-CV").description == "sweep 'mf-HPO-CV'")
        #expect(ErrorLocation.run(sweep: "mf-HPO-CV", number: 3).description == "run mf-HPO-CV/3")
        #expect(ErrorLocation.model("movielens-mf@champion").description == "model movielens-mf@champion")
    }

    @Test func exitStatusesAreTheDocumentedCodes() {
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 64, 130])
    }

    @Test func hyperparameterErrorsNameTheParameterAndAreInput() throws {
        let error = #expect(throws: HyperparameterError.self) { try Hyperparameters(["foo": .int(1)]) }
        #expect(error?.location == .parameter("foo"))
        #expect(error?.exitStatus == .invalidInput)
        #expect(error?.diagnosticLines == ["error: \(error!.description)"])
        #expect(error?.description.hasPrefix("parameter foo: unknown parameter; known: emb_dim") == true)
    }
}
