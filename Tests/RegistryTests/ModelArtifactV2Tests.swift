import Core
import Factorization
import Foundation
import Ratings
import Testing

@testable import Registry

/// Format version 2: version-1 files still load, both model kinds round-trip, and damage to an
/// embedding_nn file is an error naming it.
struct ModelArtifactV2Tests {
    /// Side features for 7 users and 9 items: a categorical and a continuous user feature, a
    /// continuous item feature, and time features (3 training ratings).
    static func features() -> SideFeatures {
        let user = SideFeatures.Block(
            count: 7, categorical: [.init(name: "user.gender", levels: ["F", "M"])],
            continuous: [.init(name: "user.age", mean: 30, std: 9)], codes: [1, 2, 2, 0, 1, 2, 1],
            values: (0..<7).map { Float($0) * 0.3 - 1 })
        let item = SideFeatures.Block(
            count: 9, continuous: [.init(name: "item.year", mean: 1990, std: 5)],
            values: (0..<9).map { Float($0) * -0.2 + 0.7 })
        let rating = SideFeatures.Block(
            count: 3, categorical: [.init(name: "time.hour", levels: (0..<24).map(String.init))],
            continuous: [.init(name: "time.year", mean: 1997.5, std: 0.5)], codes: [4, 5, 6], values: [1, -1, 1])
        return SideFeatures(user: user, item: item, rating: rating, latestTimestamp: 880_000_000)
    }

    /// An embedding_nn artifact over ``ModelArtifactTests/artifact(bias:range:)``'s ids.
    static func networkArtifact(withFeatures: Bool = true) -> ModelArtifact {
        var h = Hyperparameters()
        h.layers = [8, 4]
        h.yRange = 0.5...5.5
        let features = withFeatures ? features() : nil
        let blocks = features.map { [$0.user, $0.item, $0.rating] } ?? []
        let shape = EmbeddingNN.Shape(
            userCount: 7, itemCount: 9, categoricalCardinalities: blocks.flatMap(\.cardinalities),
            continuousCount: blocks.reduce(0) { $0 + $1.continuousCount }, hyperparameters: h)
        let network = EmbeddingNN(shape: shape, hyperparameters: h, seed: 3)
        var artifact = ModelArtifactTests.artifact()
        artifact.model = .embeddingNN(network, features: features.map(ModelArtifact.inferenceFeatures))
        artifact.configJSON = #"{"model":"embedding_nn"}"#
        return artifact
    }

    @Test func aVersion1FileLoadsAndRecommendsAsBefore() throws {
        let v1 = try #require(Data(base64Encoded: ModelArtifactV1Fixture.base64, options: .ignoreUnknownCharacters))
        let bytes = [UInt8](v1)
        #expect(bytes[8] == 1, "the fixture is a version-1 file")
        let loaded = try ModelArtifactTests.decode(bytes)
        let reference = ModelArtifactTests.artifact(bias: true, range: true)
        let (a, b) = (try #require(loaded.model.dotModel), try #require(reference.model.dotModel))
        #expect(a.users.flattened().map(\.bitPattern) == b.users.flattened().map(\.bitPattern))
        #expect(a.items.flattened().map(\.bitPattern) == b.items.flattened().map(\.bitPattern))
        #expect(a.itemBias == b.itemBias && a.offset == b.offset && a.outputRange == b.outputRange)
        #expect(loaded.titles == reference.titles && loaded.seen == reference.seen)
        for u in 0..<7 {
            #expect(loaded.recommend(user: u, k: 9) == reference.recommend(user: u, k: 9))
        }
        #expect(loaded.popular(k: 4) == reference.popular(k: 4))
        // Version 2's dot layout is version 1's: only the version and the trailer differ.
        let v2 = loaded.encoded()
        #expect(v2.count == bytes.count && v2[8] == 2)
        #expect(Array(v2[12..<(v2.count - 32)]) == Array(bytes[12..<(bytes.count - 32)]))
    }

    @Test(arguments: [true, false])
    func aNetworkRoundTripsBitExactly(withFeatures: Bool) throws {
        let original = Self.networkArtifact(withFeatures: withFeatures)
        let bytes = original.encoded()
        #expect(bytes[8] == 2 && bytes[44] == 1, "version 2, kind embedding_nn")
        let copy = try ModelArtifactTests.decode(bytes, expected: ArtifactFiles.sha256(bytes))
        let (a, b) = (try #require(copy.model.network), try #require(original.model.network))
        #expect(a.shape == b.shape)
        #expect(a.tensors.map(\.name) == b.tensors.map(\.name))
        #expect(a.tensors.map(\.shape) == b.tensors.map(\.shape))
        #expect(a.tensors.map { $0.values.map(\.bitPattern) } == b.tensors.map { $0.values.map(\.bitPattern) })
        #expect(copy.model.features == original.model.features)
        #expect(copy.model.features?.rating.count ?? 0 == 0, "the per-rating rows are not stored")
        #expect(copy.userIDs == original.userIDs && copy.titles == original.titles && copy.seen == original.seen)
        #expect(copy.configJSON == original.configJSON && copy.metadataJSON == original.metadataJSON)
        #expect(copy.encoded() == bytes, "re-encoding gives the same bytes")
        for u in 0..<7 {
            let mine = original.recommend(user: u, k: 9), theirs = copy.recommend(user: u, k: 9)
            #expect(mine.map(\.item) == theirs.map(\.item))
            #expect(mine.map(\.score.bitPattern) == theirs.map(\.score.bitPattern))
            let rated = Set(original.seen.items(of: u).map(Int.init))
            #expect(mine.count == 9 - rated.count && mine.allSatisfy { !rated.contains($0.item) })
            #expect(mine.allSatisfy { (0.5...5.5).contains($0.score) })
        }
        #expect(copy.similarItems(to: 2, k: 3) == original.similarItems(to: 2, k: 3))
        #expect(copy.similarItems(to: 2, k: 3).count == 3)
    }

    @Test func aNetworksScoresDependOnTheUsersFeatures() throws {
        var artifact = Self.networkArtifact()
        guard case .embeddingNN(let network, var features?) = artifact.model else { throw CancellationError() }
        let before = artifact.recommend(user: 0, k: 9)
        features.user.values[0] += 3
        artifact.model = .embeddingNN(network, features: features)
        #expect(artifact.recommend(user: 0, k: 9).map(\.score) != before.map(\.score))
    }

    @Test func damagedNetworkFilesAreOneLineErrors() throws {
        let bytes = Self.networkArtifact().encoded()
        // Truncated, and a changed byte.
        #expect(
            ModelArtifactTests.error(Array(bytes.prefix(bytes.count - 5)))?.message.hasPrefix("truncated") == true)
        var flipped = bytes
        flipped[300] ^= 1
        #expect(ModelArtifactTests.error(flipped)?.message.hasPrefix("checksum mismatch") == true)
        // Resealed: the first hidden layer's size (after 4 u32s and 2 categorical features'
        // cardinality and width, then the layer count) changed from 8 to 7.
        let layer0 = 64 + 16 + 2 * 8 + 4
        #expect(bytes[layer0] == 8)
        let misshapen = ModelArtifactTests.error(ModelArtifactTests.patched(bytes, [(layer0, 7)]))
        #expect(
            misshapen?.message.contains("tensor layers.0.0.weight has shape [8, ") == true,
            "\(String(describing: misshapen))")
        // A NaN as the first value of the first tensor (`embeds.0.weight`, rank 2).
        let first = layer0 + 4 * 2 + 4 + 4 + "embeds.0.weight".utf8.count + 4 + 8
        let nan = ModelArtifactTests.error(ModelArtifactTests.patched(bytes, [(first, Float.nan.bitPattern)]))
        #expect(nan?.message == "damaged: tensor embeds.0.weight value 0 is nan; a model's numbers are finite")
        // An unknown kind.
        #expect(
            ModelArtifactTests.error(ModelArtifactTests.patched(bytes, [(44, 2)]))?.message.contains("kind 2") == true)
        for error in [misshapen, nan] {
            #expect(error?.path == "x/model.mfm" && error?.description.contains("\n") == false)
            #expect(error?.exitStatus == .invalidInput)
        }
    }

    @Test func resealedRandomDamageToANetworkNeverCrashes() {
        let bytes = Self.networkArtifact().encoded()
        var rng = SeededGenerator(seed: 12, stream: "artifact.fuzz.enn")
        for _ in 0..<300 {
            let offset = 12 + Int(rng.next() % UInt64(min(600, bytes.count - ModelArtifact.trailerSize - 16)))
            let value: UInt32 =
                switch rng.next() % 3 {
                case 0: UInt32(truncatingIfNeeded: rng.next())
                case 1: UInt32(rng.next() % 16)
                default: UInt32.max - UInt32(rng.next() % 4)
                }
            _ = ModelArtifactTests.error(ModelArtifactTests.patched(bytes, [(offset, value)]))
        }
    }

    @Test func explainShowsBiasesOnlyWhenTheModelHasThem() {
        func text(_ artifact: ModelArtifact) -> String {
            ModelExplanation(LoadedModel(artifact: artifact, label: "m", version: nil, path: "m"), topRated: 9, k: 2)
                .render()
        }
        let biased = text(ModelArtifactTests.artifact(bias: true))
        #expect(biased.hasPrefix("m: dot model, 9 most-rated items") && biased.contains("highest item bias:"))
        let plain = text(ModelArtifactTests.artifact(bias: false))
        #expect(!plain.contains("item bias") && plain.contains("no biases"))
        let network = text(Self.networkArtifact())
        #expect(network.hasPrefix("m: embedding_nn model"))
        #expect(!network.contains("bias"), "\(network)")
        #expect(network.contains("hidden layers 8, 4"), "\(network)")
        #expect(network.contains("side features: user.gender (embedding "), "\(network)")
        #expect(network.contains("time.hour (embedding ") && network.contains("item.year"), "\(network)")
        #expect(network.contains("of the item embedding's variance"), "\(network)")
    }
}
