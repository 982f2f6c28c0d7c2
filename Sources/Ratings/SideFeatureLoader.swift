public import Core
import Foundation

/// Loads the side features a ``SideFeatureRequest`` names for a ratings table.
///
/// - `user.` names read the request's user file, or else MovieLens's `u.user` (100K) or
///   `users.dat` (1M) beside the ratings; `item.` names read the item file, or else `u.item`
///   (genres named by `u.genre` when present), `movies.dat` or `movies.csv` (a file matching
///   the ratings file's kind first).
/// - A column of a user's file is continuous when every non-empty value in the file is a
///   number, else categorical, unless the name forces its type (`:categorical`, `:continuous`).
/// - Users and items of the ratings that the file does not list get code 0 and the mean, and are
///   counted; rows for ids not in the ratings are ignored.
public enum SideFeatureLoader {
    /// The features `request` names, aligned to `table` (read from `ratingsPath`, whose folder
    /// holds MovieLens's side files).
    ///
    /// - Throws: ``RatingsError`` naming the file (and line) of a bad name, a missing file, a
    ///   bad or repeated row, or a value that is not a number in a continuous column.
    public static func load(
        _ request: SideFeatureRequest, for table: RatingsTable, ratingsPath: String
    ) throws -> LoadedSideFeatures {
        if let problem = request.problems.first {
            throw RatingsError(file: ratingsPath, message: problem.message)
        }
        let names = request.names.compactMap(SideFeatureName.init)
        func at(_ level: SideFeatureName.Level) -> [SideFeatureName] { names.filter { $0.level == level } }
        let folder = URL(fileURLWithPath: ratingsPath).deletingLastPathComponent().path
        let (ratingsName, ratingsExtension) = FileBytes.nameAndExtension(ratingsPath)
        let family = ratingsName == "u.data" ? "100k" : ratingsExtension

        var loaded = LoadedSideFeatures(
            features: SideFeatures(
                user: .empty(count: table.userCount), item: .empty(count: table.itemCount),
                rating: .empty(count: table.count), latestTimestamp: table.timestamps.max() ?? 0))

        let userNames = at(.user)
        if !userNames.isEmpty {
            let source: SideSource =
                try request.userFile.map { try .generic($0, idName: "user id") }
                ?? .movieLensUsers(folder: folder, family: family, ratingsPath: ratingsPath, first: userNames[0])
            let (block, missing) = try source.block(userNames, ids: table.userIDs.rawIDs)
            loaded.features.user = block
            loaded.userSource = source.table.path
            loaded.missingUsers = missing
        }
        let itemNames = at(.item)
        if !itemNames.isEmpty {
            let source: SideSource =
                try request.itemFile.map { try .generic($0, idName: "item id") }
                ?? .movieLensItems(folder: folder, family: family, ratingsPath: ratingsPath, first: itemNames[0])
            let (block, missing) = try source.block(itemNames, ids: table.itemIDs.rawIDs)
            loaded.features.item = block
            loaded.itemSource = source.table.path
            loaded.missingItems = missing
        }
        let timeNames = at(.time)
        if !timeNames.isEmpty {
            let ordered = timeNames.filter { $0.column != "year" } + timeNames.filter { $0.column == "year" }
            let block = SideFeatures.Block(
                count: table.count,
                features: SideFeatures.timeFeatures(ordered.map(\.column), timestamps: table.timestamps))
            loaded.features.rating = SideFeatures.fixingTimeLevels(block, timestamps: table.timestamps)
        }
        return loaded
    }
}
