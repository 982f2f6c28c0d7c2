import ArgumentParser
import Core
import Ratings

/// Side features for `embedding_nn`: `--features` and the files that hold user or item columns.
struct FeatureOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Side features for model embedding_nn, comma-separated or repeated: user.age, user.gender, "
                + "user.occupation, user.zip, item.genres, item.year, time.year, time.month, time.weekday, "
                + "time.hour, or user.COLUMN / item.COLUMN[:categorical|:continuous] of --user-features / "
                + "--item-features.",
            valueName: "NAMES"))
    var features: [String] = []

    @Option(help: "Delimited file of user columns with a header row; the first column is the user id.")
    var userFeatures: String?

    @Option(help: "Delimited file of item columns with a header row; the first column is the item id.")
    var itemFeatures: String?

    /// The request the flags describe.
    var request: SideFeatureRequest {
        SideFeatureRequest(arguments: features, userFile: userFeatures, itemFile: itemFeatures)
    }

    func validate() throws {
        if let problem = request.problems.first { throw ValidationError("--features: \(problem.message)") }
        if request.isEmpty && (userFeatures != nil || itemFeatures != nil) {
            throw ValidationError("--user-features and --item-features need --features naming their columns")
        }
    }

    /// The features for `loaded` (read from `loaded.path`); nil without `--features`.
    func load(for loaded: LoadedRatings) throws -> LoadedSideFeatures? {
        guard !request.isEmpty else { return nil }
        return try SideFeatureLoader.load(request, for: loaded.table, ratingsPath: loaded.path)
    }
}
