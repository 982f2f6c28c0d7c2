import Core
import Factorization
import Foundation
import Ratings

extension ModelArtifact {
    /// The embedding_nn section of a version-2 file (see ``encoded()``): the shape, checked to
    /// need no more parameters than the file holds before the network is allocated, then the
    /// tensors (finite, each of the shape's size).
    static func network(
        _ reader: inout ByteReader, users n: Int, items m: Int, range: ClosedRange<Float>?,
        fail: (String) -> ArtifactError
    ) throws(ArtifactError) -> EmbeddingNN {
        func u32s(_ count: Int) throws(ArtifactError) -> [Int] {
            guard count >= 0, count <= reader.remaining / 4 else {
                throw fail("damaged: the network section runs past the end")
            }
            return (0..<count).map { _ in Int(reader.u32()) }
        }
        let head = try u32s(4)
        let (userWidth, itemWidth, continuous, k) = (head[0], head[1], head[2], head[3])
        guard k <= 4096 else { throw fail("damaged: \(k) categorical features") }
        let sizes = try u32s(2 * k)
        let layerCount = try u32s(1)[0]
        guard layerCount <= 64 else { throw fail("damaged: \(layerCount) hidden layers") }
        let layers = try u32s(layerCount)
        let cardinalities = Array(sizes.prefix(k)), widths = Array(sizes.suffix(k))
        let limit = 1 << 24
        guard
            ([userWidth, itemWidth] + widths + layers).allSatisfy({ (1...limit).contains($0) }),
            continuous <= limit, cardinalities.allSatisfy({ (1...Int(Int32.max)).contains($0) })
        else {
            throw fail(
                "damaged: bad network shape (widths \(userWidth), \(itemWidth), \(widths), layers \(layers), \(continuous) continuous features)"
            )
        }
        let shape = EmbeddingNN.Shape(
            userCount: n, itemCount: m, categoricalCardinalities: cardinalities, continuousCount: continuous,
            userWidth: userWidth, itemWidth: itemWidth, categoricalWidths: widths, layers: layers,
            outputRange: range)
        // Every parameter is stored once: a shape that needs more than the file has is damage,
        // found before anything of that size is allocated.
        guard let needed = Self.parameterCount(shape), 4 * needed <= reader.remaining else {
            throw fail("damaged: the network's shape needs more values than the file has")
        }
        let tensorCount = try u32s(1)[0]
        guard tensorCount <= 8 * (layerCount + k + 4) else { throw fail("damaged: \(tensorCount) tensors") }
        var tensors: [EmbeddingNN.Tensor] = []
        for _ in 0..<tensorCount {
            guard let name = reader.string() else {
                throw fail("damaged: a tensor name runs past the end or is not UTF-8")
            }
            let rank = try u32s(1)[0]
            guard rank <= 4 else { throw fail("damaged: tensor \(name) has rank \(rank)") }
            let dims = try u32s(rank)
            var count = 1
            for size in dims {
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow, product <= reader.remaining / 4 else {
                    throw fail("damaged: tensor \(name) (\(dims)) runs past the end")
                }
                count = product
            }
            let raw = reader.take(4 * count)
            if let (index, value) = Self.firstNonFinite(raw) {
                throw fail("damaged: tensor \(name) value \(index) is \(value); a model's numbers are finite")
            }
            var values = ByteReader(bytes: raw, offset: 0)
            tensors.append((name, dims, values.array(count, of: Float.self)))
        }
        do {
            // Evaluation uses no hyperparameter (dropout and the optimizer are training's).
            return try EmbeddingNN(shape: shape, hyperparameters: Hyperparameters(), tensors: tensors)
        } catch {
            throw fail("damaged: \(error)")
        }
    }

    /// The number of stored values of a network of `shape` (its ``EmbeddingNN/tensors``), nil
    /// when it overflows.
    static func parameterCount(_ shape: EmbeddingNN.Shape) -> Int? {
        var total = 0
        var overflow = false
        func add(_ a: Int, _ b: Int = 1) {
            let (product, o1) = a.multipliedReportingOverflow(by: b)
            let (sum, o2) = total.addingReportingOverflow(product)
            overflow = overflow || o1 || o2
            total = sum
        }
        add(shape.userCount, shape.userWidth)
        add(shape.itemCount, shape.itemWidth)
        for (rows, width) in zip(shape.categoricalCardinalities, shape.categoricalWidths) { add(rows, width) }
        if shape.continuousCount > 0 { add(4, shape.continuousCount) }
        var inputs = shape.userWidth + shape.itemWidth + shape.categoricalWidths.reduce(0, +) + shape.continuousCount
        for size in shape.layers {
            add(inputs, size)
            add(4, size)
            inputs = size
        }
        add(inputs + 1)
        return overflow ? nil : total
    }

    /// The side features stored as JSON, checked against the network: one user row per user,
    /// one item row per item, and the categorical cardinalities and continuous count it embeds.
    static func features(
        _ json: String, network: EmbeddingNN, fail: (String) -> ArtifactError
    ) throws(ArtifactError) -> SideFeatures {
        guard let features = try? JSONDecoder().decode(SideFeatures.self, from: Data(json.utf8)) else {
            throw fail("damaged: the side features are not valid JSON")
        }
        let blocks = [features.user, features.item, features.rating]
        let shape = network.shape
        func valid(_ block: SideFeatures.Block) -> Bool {
            block.codes.count == block.count * block.categoricalCount
                && block.values.count == block.count * block.continuousCount
                && block.codes.enumerated().allSatisfy { e, code in
                    code >= 0 && Int(code) < block.categorical[e % block.categoricalCount].cardinality
                }
                && block.values.allSatisfy(\.isFinite)
        }
        guard
            features.user.count == shape.userCount, features.item.count == shape.itemCount,
            blocks.flatMap(\.cardinalities) == shape.categoricalCardinalities,
            blocks.reduce(0, { $0 + $1.continuousCount }) == shape.continuousCount,
            blocks.allSatisfy(valid)
        else {
            throw fail("damaged: the side features do not fit the network")
        }
        return features
    }
}
