import Foundation

/// The processes whose command line contains `fragment`, as `pgrep -fa` lists them (one
/// `PID COMMAND LINE` per line; empty when there is none). A test names its own temporary
/// folder, which every process it started has on its command line, to see what is left.
public func processes(commandLineContaining fragment: String) throws -> [String] {
    let pgrep = Process()
    pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
    #if os(Linux)
    let list = "-fa"
    #else
    let list = "-fl"
    #endif
    pgrep.arguments = [list, "--", NSRegularExpression.escapedPattern(for: fragment)]
    let out = Pipe()
    pgrep.standardOutput = out
    pgrep.standardInput = FileHandle.nullDevice
    try pgrep.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    pgrep.waitUntilExit()
    return text.split(separator: "\n").map(String.init)
}

/// A `sleep` that a test's programs start by its full path in `folder` (a link to the
/// system's `sleep`), so that `pgrep -f` on the folder finds it: `FOLDER/bin/sleep 40`.
public func linkSleep(in folder: String) throws -> String {
    let link = folder + "/bin/sleep"
    try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
    let system = URL(fileURLWithPath: "/bin/sleep").resolvingSymlinksInPath().path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: system)
    return link
}
