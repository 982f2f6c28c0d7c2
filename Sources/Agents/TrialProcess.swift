import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `command` sweep's program, started with `posix_spawn` in a process group of its own,
/// with standard input on `/dev/null` and standard output and error on pipes.
///
/// Everything the program starts stays in its group (unless it leaves it on purpose, with
/// `setsid` or `setpgid`), so one `kill(-pgid, …)` reaches the program and all its children,
/// and a terminal's Ctrl-C, which goes to the foreground group, reaches only the agent, which
/// then stops the group itself. The child closes every descriptor but 0, 1 and 2, so nothing
/// it leaves running can hold a pipe of the agent or of `launch` open.
final class TrialProcess {
    /// How the program ended.
    enum Termination: Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)
    }

    /// The program's process id, which is also its process group's id.
    let pid: pid_t
    /// The read ends of its standard output and standard error; -1 once at end of file.
    private var pipes: [Int32]
    /// How the program ended, once it has been reaped.
    private(set) var termination: Termination?
    /// Whether the group was found empty; it is never signalled after that, so the id, free
    /// again, can never reach a process group of someone else's.
    private var groupGone = false

    private init(pid: pid_t, output: Int32, errors: Int32) {
        self.pid = pid
        self.pipes = [output, errors]
    }

    deinit {
        for fd in pipes where fd >= 0 { close(fd) }
    }

    /// Starts `arguments` (the first is the program) in `directory`, with this process's
    /// environment. A program named without a `/` is looked up on `PATH`, and a file without a
    /// `#!` line runs with `/bin/sh`, as `execvp` (and `env`) do; a relative path is relative
    /// to `directory`.
    ///
    /// - Throws: ``SweepError/command(_:)`` with one line saying why the program cannot start:
    ///   `command 'foo' not found`, `cannot run 'foo': permission denied`, ….
    static func start(_ arguments: [String], in directory: String) throws(SweepError) -> TrialProcess {
        guard let name = arguments.first else { throw SweepError.command("the sweep's command is empty") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw SweepError.command("cannot run '\(name)': its working folder \(directory) does not exist")
        }
        let path: String
        switch locate(name, in: directory) {
        case .success(let found): path = found
        case .failure(let error): throw SweepError.command(message(error.code, running: name, found: false))
        }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe), makePipe(&errPipe) else {
            let code = errno
            for fd in outPipe + errPipe where fd >= 0 { close(fd) }
            throw SweepError.command(message(code, running: name, found: true))
        }
        defer {
            close(outPipe[1])
            close(errPipe[1])
        }
        var result = spawn(path, arguments, directory: directory, output: outPipe[1], errors: errPipe[1])
        if case .failure(let error) = result, error.code == ENOEXEC {
            // No `#!` line: a shell script, run by the shell as `execvp` runs it.
            result = spawn(
                "/bin/sh", ["/bin/sh", path] + arguments.dropFirst(), directory: directory, output: outPipe[1],
                errors: errPipe[1])
        }
        switch result {
        case .success(let pid):
            return TrialProcess(pid: pid, output: outPipe[0], errors: errPipe[0])
        case .failure(let error):
            close(outPipe[0])
            close(errPipe[0])
            throw SweepError.command(message(error.code, running: name, found: true))
        }
    }

    /// Whether both pipes have reached end of file: every process holding them has exited.
    var outputClosed: Bool { pipes.allSatisfy { $0 < 0 } }

    /// Waits at most `timeout` milliseconds for output, and appends what has arrived (at most
    /// 64 KiB per pipe) to `output` and `errors`. Without open pipes it just waits.
    func collectOutput(into output: LineBuffer, _ errors: LineBuffer, waitingAtMost timeout: Int32) {
        var polled = pipes.filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard poll(&polled, nfds_t(polled.count), timeout) > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        for entry in polled where entry.revents != 0 {
            guard let index = pipes.firstIndex(of: entry.fd) else { continue }
            let count = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
            if count > 0 {
                (index == 0 ? output : errors).append(Data(chunk[..<count]))
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                close(entry.fd)
                pipes[index] = -1
            }
        }
    }

    /// Reaps the program if it has exited (without waiting) and returns how it ended.
    @discardableResult
    func reap() -> Termination? {
        if termination != nil { return termination }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        // The <sys/wait.h> macros, which Swift does not import: the low 7 bits are the signal
        // (0 for an exit), the next 8 the exit status.
        let signal = status & 0x7f
        termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        return termination
    }

    /// Whether any process of the program's group is still alive (a zombie counts until it is
    /// reaped).
    var groupIsAlive: Bool {
        if groupGone { return false }
        if kill(-pid, 0) == 0 || errno == EPERM { return true }
        groupGone = true
        return false
    }

    /// Sends `signal` to every process of the program's group.
    func signalGroup(_ signal: Int32) {
        if groupIsAlive { kill(-pid, signal) }
    }

    /// The file that runs for `name`: an executable found the way `execvp` finds it, or the
    /// errno of why there is none (ENOENT, or EACCES when only files without execute
    /// permission were found).
    private static func locate(_ name: String, in directory: String) -> Result<String, ErrorNumber> {
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : directory + "/" + path }
        func check(_ path: String) -> Int32? {
            var info = stat()
            guard stat(path, &info) == 0 else { return ENOENT }
            guard info.st_mode & S_IFMT == S_IFREG, access(path, X_OK) == 0 else { return EACCES }
            return nil
        }
        if name.contains("/") {
            let path = absolute(name)
            if let code = check(path) { return .failure(ErrorNumber(code: code)) }
            return .success(path)
        }
        var denied = false
        let search = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for entry in search.split(separator: ":", omittingEmptySubsequences: false) {
            let path = absolute((entry.isEmpty ? "." : String(entry)) + "/" + name)
            switch check(path) {
            case nil: return .success(path)
            case EACCES?: denied = true
            default: continue
            }
        }
        return .failure(ErrorNumber(code: denied ? EACCES : ENOENT))
    }

    /// `posix_spawn` of `path` in a new process group, in `directory` (nil: this process's);
    /// the errno of a failed start (glibc and Darwin report a failed `exec` too).
    private static func spawn(
        _ path: String, _ arguments: [String], directory: String?, output: Int32, errors: Int32
    ) -> Result<pid_t, ErrorNumber> {
        #if canImport(Darwin)
        var attributes: posix_spawnattr_t? = nil
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        var flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        #if canImport(Darwin)
        flags |= POSIX_SPAWN_CLOEXEC_DEFAULT
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        // Process group 0: a new group whose id is the program's process id.
        posix_spawnattr_setpgroup(&attributes, 0)
        // Nothing blocked, and the signals an agent catches or ignores back to their defaults
        // (a caught signal is reset by exec anyway; SIGHUP stays ignored under `nohup`).
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        if let directory {
            #if canImport(Darwin)
            posix_spawn_file_actions_addchdir_np(&actions, directory)
            #else
            guard let addChdir = GlibcExtensions.addChdir else {
                // glibc before 2.29: the shell changes directory, then becomes the program.
                let script = #"cd -- "$0" && exec "$@""#
                return spawn(
                    "/bin/sh", ["/bin/sh", "-c", script, directory, path] + arguments.dropFirst(), directory: nil,
                    output: output, errors: errors)
            }
            _ = addChdir(&actions, directory)
            #endif
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)
        #if !canImport(Darwin)
        // Every other descriptor open now (glibc ignores one closed meanwhile); those opened
        // later by other threads are close-on-exec in this program (SQLite, Dispatch, our pipes).
        for fd in openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        #endif

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        return code == 0 ? .success(pid) : .failure(ErrorNumber(code: code))
    }

    /// This process's open file descriptors, from `/proc/self/fd`.
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// A pipe whose ends are closed on exec (the child gets copies as its 1 and 2).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        // (`pipe2`, which would do it at once, is a GNU extension Swift does not import; a
        // child spawned meanwhile by another thread closes it anyway, as ours and Foundation's do.)
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// An `errno` value as an error.
    private struct ErrorNumber: Error {
        var code: Int32
    }

    /// The one-line reason the program `name` cannot start, from the errno `code`. `found`
    /// tells whether its file was found, so ENOENT then means its `#!` interpreter is missing.
    private static func message(_ code: Int32, running name: String, found: Bool) -> String {
        switch code {
        case ENOENT where !found: "command '\(name)' not found"
        case ENOENT: "cannot run '\(name)': the interpreter on its #! line was not found"
        case EACCES: "cannot run '\(name)': permission denied"
        default: "cannot run '\(name)': \(String(cString: strerror(code)).lowercased())"
        }
    }
}

#if !canImport(Darwin)
/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29 and later), looked up at run time:
/// Swift imports glibc without its GNU extensions.
private enum GlibcExtensions {
    typealias AddChdir =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
        ) -> Int32

    /// nil when this C library does not have it.
    static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: AddChdir.self)
    }
}
#endif
