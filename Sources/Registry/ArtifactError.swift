public import Core

/// A model file that cannot be used, with the file and the reason.
public struct ArtifactError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What is wrong with it.
    public var message: String

    /// An error about `path`.
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `artifact PATH: MESSAGE`.
    public var description: String { "artifact \(path): \(message)" }
}

extension ArtifactError: MFSweepError {
    /// The model file.
    public var location: ErrorLocation? { .file(path) }
    /// A damaged or unusable model file is bad input.
    public var exitStatus: ExitStatus { .invalidInput }
}
