public import Ratings
public import Search
public import Tracking

/// The ratings a sweep trains on, from its `data` key.
public enum SweepData {
    /// Loads (or generates) the sweep's ratings. Throws an ``AgentError`` naming the sweep when
    /// it has no data or the file cannot be read.
    public static func load(_ spec: SweepSpec) throws -> LoadedRatings {
        switch spec.data {
        case nil:
            throw AgentError(
                "sweep '\(spec.name)' has no data: add a \"data\" key or pass --data PATH")
        case .file(let path, let format)?:
            do {
                return try RatingsLoader.load(path: path, format: format)
            } catch {
                throw AgentError("\(error)")
            }
        case .synthetic(let synthetic)?:
            return LoadedRatings(
                table: SyntheticRatings.generate(synthetic), path: "synthetic", format: .auto)
        }
    }

    /// Loads `sweep`'s ratings (its stored spec is `spec`) and checks them against the
    /// fingerprint recorded when the sweep was created, so no run trains on changed data.
    public static func load(_ spec: SweepSpec, of sweep: SweepRecord) throws -> LoadedRatings {
        let loaded = try load(spec)
        let fingerprint = Fingerprint.of(loaded.table)
        guard fingerprint == sweep.fingerprint else {
            throw AgentError(
                "the data of sweep '\(sweep.name)' changed since it was created "
                    + "(store: \(sweep.fingerprint), now: \(fingerprint))")
        }
        return loaded
    }
}
