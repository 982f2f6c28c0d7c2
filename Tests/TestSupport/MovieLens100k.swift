import Foundation
public import Testing

/// Where MovieLens 100K lives on this machine: `../shared/data/ml-100k` beside the package
/// (CI lays `shared/` beside its checkout). Its licence forbids redistribution, so it is not in
/// the repository, and tests that need it skip, saying where they looked, when it is absent:
///
/// ```swift
/// @Suite(MovieLens100k.required)
/// struct BookReproductionTests { … RatingsLoader.load(path: MovieLens100k.ratingsPath) … }
/// ```
public enum MovieLens100k {
    /// The `ml-100k` folder.
    public static let directory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()  // the folder holding the checkout
        .appendingPathComponent("shared/data/ml-100k").standardizedFileURL.path

    /// `u.data`: the 100,000 ratings.
    public static let ratingsPath = directory + "/u.data"

    /// `u.item`: the 1,682 movies' titles.
    public static let itemsPath = directory + "/u.item"

    /// Whether `u.data` is there.
    public static var available: Bool { FileManager.default.fileExists(atPath: ratingsPath) }

    /// Whether `u.item` is there.
    public static var itemsAvailable: Bool { FileManager.default.fileExists(atPath: itemsPath) }

    /// Why a test that needs `u.data` was skipped.
    public static var skipMessage: Comment { "ml-100k not found at \(ratingsPath); skipping" }

    /// Why a test that needs `u.item` was skipped.
    public static var itemsSkipMessage: Comment { "u.item not found at \(itemsPath); skipping" }

    /// Runs a test or suite only when `u.data` is there, else skips it with ``skipMessage``.
    public static var required: ConditionTrait { .enabled(if: available, skipMessage) }

    /// Runs a test or suite only when `u.item` is there, else skips it with
    /// ``itemsSkipMessage``.
    public static var itemsRequired: ConditionTrait { .enabled(if: itemsAvailable, itemsSkipMessage) }
}
