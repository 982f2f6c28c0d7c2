import Testing
import Tracking

@testable import Registry

/// Model names, aliases and `--model` references.
struct ModelNamingTests {
    static let validNames = ["mf", "movielens-mf", "MF_2.v3", "a", String(repeating: "x", count: 64), "3", "a..b"]

    static let invalidNames: [(String, String)] = [
        ("", "model name is empty"),
        ("a/b", #"model name "a/b" contains "/""#),
        ("it's", #"model name "it's" contains "'""#),
        ("../etc", #"contains "/""#),
        ("..", "starts with '.'"),
        (".hidden", "starts with '.'"),
        ("with space", "contains U+20"),
        ("tab\there", "contains U+9"),
        ("a@b", #"contains "@""#),
        ("é", #"contains "é""#),
        ("semi;colon", #"contains ";""#),
        ("quote\"", #"contains """#),
        (String(repeating: "x", count: 65), "is 65 characters long"),
    ]

    @Test(arguments: validNames)
    func acceptsNames(_ name: String) throws {
        try ModelNaming.validateName(name)
    }

    @Test(arguments: invalidNames)
    func rejectsNamesWithOneLineSayingWhy(_ name: String, _ message: String) {
        do {
            try ModelNaming.validateName(name)
            Issue.record("\(name) was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains(message), "\(text)")
            #expect(text.hasSuffix("use 1-64 letters, digits, '-', '_' and '.', not starting with '.'"))
            #expect(!text.contains("\n"))
        }
    }

    @Test func aliasesMustNotBeNumbersOrLatest() throws {
        try ModelNaming.validateAlias("champion")
        try ModelNaming.validateAlias("v2")
        #expect(throws: RegistryError.self) { try ModelNaming.validateAlias("12") }
        #expect(throws: RegistryError.self) { try ModelNaming.validateAlias("latest") }
        #expect(throws: RegistryError.self) { try ModelNaming.validateAlias("a/b") }
    }

    @Test func parsesModelReferences() throws {
        #expect(try ModelReference(parsing: "mf") == .registered(name: "mf", .latest))
        #expect(try ModelReference(parsing: "mf@latest") == .registered(name: "mf", .latest))
        #expect(try ModelReference(parsing: "mf@3") == .registered(name: "mf", .version(3)))
        #expect(try ModelReference(parsing: "mf@champion") == .registered(name: "mf", .alias("champion")))
        #expect(try ModelReference(parsing: "./model.mfm") == .file("./model.mfm"))
        #expect(
            try ModelReference(parsing: "Runs/artifacts/mf/v1/model.mfm") == .file("Runs/artifacts/mf/v1/model.mfm"))
        for bad in ["mf@0", "mf@", "mf@a@b", "x'y@1", "@champion", "mf@99999999999999999999"] {
            #expect(throws: RegistryError.self, "\(bad)") { try ModelReference(parsing: bad) }
        }
    }

    @Test func artifactsLiveBesideTheStore() {
        #expect(ArtifactLocation.modelFolder(storePath: "Runs/mfsweep.sqlite", name: "mf") == "Runs/artifacts/mf")
        #expect(ArtifactLocation.modelFolder(storePath: "store.sqlite", name: "mf") == "./artifacts/mf")
        #expect(ArtifactLocation.relativePath(name: "mf", version: 3) == "artifacts/mf/v3/model.mfm")
        #expect(
            ArtifactLocation.resolve("artifacts/mf/v3/model.mfm", storePath: "/tmp/x/s.sqlite")
                == "/tmp/x/artifacts/mf/v3/model.mfm")
    }
}
