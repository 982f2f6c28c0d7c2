/// A two-way map between raw ids as they appear in a file (`"196"`, `"tt0114709"`) and dense
/// indices `0..<count`, assigned in order of first appearance.
public struct IDMap: Sendable, Equatable {
    /// Raw ids by dense index.
    public private(set) var rawIDs: [String] = []
    private var indexByRaw: [String: Int32] = [:]

    /// An empty map.
    public init() {}

    /// A map over `rawIDs`, which must be distinct; index `i` is `rawIDs[i]`.
    public init(rawIDs: [String]) {
        for id in rawIDs { _ = intern(id) }
        precondition(self.rawIDs.count == rawIDs.count, "raw ids must be distinct")
    }

    /// The number of distinct ids.
    public var count: Int { rawIDs.count }

    /// The dense index of `raw`, or nil if the id is unknown.
    public func index(of raw: String) -> Int32? { indexByRaw[raw] }

    /// The raw id at a dense index.
    public func rawID(at index: Int32) -> String { rawIDs[Int(index)] }

    /// The dense index of `raw`, adding it at the end if new.
    public mutating func intern(_ raw: String) -> Int32 {
        if let i = indexByRaw[raw] { return i }
        let i = Int32(rawIDs.count)
        rawIDs.append(raw)
        indexByRaw[raw] = i
        return i
    }
}
