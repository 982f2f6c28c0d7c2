import Foundation
import Testing

/// Where CI keeps MovieLens 100k (`../shared/data/ml-100k` beside the checkout). Its licence
/// forbids redistribution, so tests that need it skip, saying why, when it is absent.
enum MovieLens100k {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/ml-100k/u.data").path
    static let available = FileManager.default.fileExists(atPath: path)
    static let skipMessage: Comment = "ml-100k not found at \(path); skipping"
}
