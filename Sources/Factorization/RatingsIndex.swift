/// A pointer view of an ``ObservedRatings``' arrays, owned by a trainer, so that hot loops on
/// several threads read them without touching (and contending on) array reference counts.
final class RatingsIndex: @unchecked Sendable {
    // @unchecked Sendable: immutable after init; only read by tasks.
    let userStart: UnsafeMutablePointer<Int>
    let items: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>
    let itemStart: UnsafeMutablePointer<Int>
    let byItemPosition: UnsafeMutablePointer<Int32>
    let byItemUser: UnsafeMutablePointer<Int32>

    init(_ r: ObservedRatings) {
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(a.count, 1))
            _ = UnsafeMutableBufferPointer(start: p, count: a.count).initialize(from: a)
            return p
        }
        userStart = copy(r.userStart)
        items = copy(r.items)
        values = copy(r.values)
        itemStart = copy(r.itemStart)
        byItemPosition = copy(r.byItemPosition)
        byItemUser = copy(r.byItemUser)
    }

    deinit {
        userStart.deallocate()
        items.deallocate()
        values.deallocate()
        itemStart.deallocate()
        byItemPosition.deallocate()
        byItemUser.deallocate()
    }
}
