import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `mfbench dashboard-clients --url http://127.0.0.1:PORT --clients 16 --seconds 10`: the
/// watchers of `mfbench dashboard`'s load phases, in their own process so that their work is not
/// billed to the writer's. Each client loads the sweep page and its progress JSON once a second
/// (plain HTTP/1.1 over a loopback socket, the body read and dropped), staggered over the
/// second; after `--seconds` it prints `requests=N failed=M` and exits.
func runDashboardClients(_ args: Arguments) {
    guard let url = args.url, let parsed = URL(string: url), parsed.host == "127.0.0.1", let port = parsed.port
    else { fail("dashboard-clients needs --url http://127.0.0.1:PORT") }
    let end = Date().addingTimeInterval(Double(args.seconds))
    let counts = ClientCounts()
    let threads = (0..<args.clients).map { k in
        let thread = Thread {
            Thread.sleep(forTimeInterval: Double(k) / Double(args.clients))
            while Date() < end {
                let tick = Date()
                for path in ["/sweeps/bench-report", "/api/sweeps/bench-report/progress"] {
                    if httpGet(port: UInt16(port), path: path) {
                        counts.ok.add(1, ordering: .relaxed)
                    } else {
                        counts.failed.add(1, ordering: .relaxed)
                    }
                }
                let wait = 1 - Date().timeIntervalSince(tick)
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            }
            counts.done.add(1, ordering: .releasing)
        }
        thread.start()
        return thread
    }
    while counts.done.load(ordering: .acquiring) < threads.count { Thread.sleep(forTimeInterval: 0.05) }
    print("requests=\(counts.ok.load(ordering: .relaxed)) failed=\(counts.failed.load(ordering: .relaxed))")
}

/// The client threads' counters.
private final class ClientCounts: Sendable {
    let ok = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let done = Atomic<Int>(0)
}

/// GET `path` from 127.0.0.1:`port`; true when the answer is `200` (the body is read to the end).
private func httpGet(port: UInt16, path: String) -> Bool {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { return false }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return false }
    var head: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        if head.count < 16 { head += buffer.prefix(min(n, 16 - head.count)) }
    }
    return String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 200")
}
