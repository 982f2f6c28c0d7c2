/// The processors training can use.
public enum Processors {
    /// The number of cores this process may use (at least 1): the default number of training
    /// threads.
    public static var available: Int {
        max(1, ProcessInfoLite.activeProcessorCount)
    }
}
