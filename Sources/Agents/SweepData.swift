import Core
public import Ratings
public import Search
public import Tracking

/// The ratings a sweep trains on, from its `data` key.
public enum SweepData {
    /// Loads (or generates) the sweep's ratings, a file through `cache` when given. Throws ``SweepError/noData(sweep:)`` when the
    /// sweep names no data, the loader's ``RatingsError`` when the file cannot be read, and
    /// ``MemoryPlanError`` when synthetic data would need more memory than the machine has.
    public static func load(_ spec: SweepSpec, cache: RatingsCache? = nil) throws -> LoadedRatings {
        switch spec.data {
        case nil:
            throw SweepError.noData(sweep: spec.name)
        case .file(let path, let format, let duplicates)?:
            return try RatingsLoader.load(path: path, format: format, duplicates: duplicates, cache: cache)
        case .synthetic(let synthetic)?:
            // Refused before anything is allocated when the machine cannot hold it.
            try SyntheticRatings.memoryPlan(synthetic).check()
            return LoadedRatings(
                table: SyntheticRatings.generate(synthetic), path: "synthetic", format: .auto)
        }
    }

    /// The side features `spec` asks for (`data.features`), aligned to `loaded`'s table; nil
    /// when it asks for none.
    ///
    /// - Throws: ``RatingsError`` naming the side file (and line) that cannot be read.
    public static func features(_ spec: SweepSpec, of loaded: LoadedRatings) throws -> LoadedSideFeatures? {
        guard let request = spec.features, !request.isEmpty else { return nil }
        return try SideFeatureLoader.load(request, for: loaded.table, ratingsPath: loaded.path)
    }

    /// Whether some config of `spec` could train `embedding_nn` (the only model that takes side
    /// features): its `model` parameter is constant `embedding_nn` or may draw it.
    public static func mayTrainEmbeddingNN(_ spec: SweepSpec) -> Bool {
        let model = Hyperparameters.Model.embeddingNN.rawValue
        switch spec.parameters["model"] {
        case .constant(.string(let value))?: return value == model
        case .categorical(let values, _)?: return values.contains(.string(model))
        default: return false
        }
    }

    /// Loads `sweep`'s ratings (its stored spec is `spec`; a file through `cache` when given) and checks them against the
    /// fingerprint recorded when the sweep was created, so no run trains on changed data.
    public static func load(_ spec: SweepSpec, of sweep: SweepRecord, cache: RatingsCache? = nil) throws
        -> LoadedRatings
    {
        let loaded = try load(spec, cache: cache)
        let fingerprint = loaded.fingerprint()
        guard fingerprint == sweep.fingerprint else {
            throw SweepError.dataChanged(sweep: sweep.name, stored: sweep.fingerprint, now: fingerprint)
        }
        return loaded
    }
}
