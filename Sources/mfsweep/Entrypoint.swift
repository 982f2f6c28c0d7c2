import MFSweepCLI

@main
enum Entrypoint {
    static func main() async { await MFSweep.main() }
}
